"""Reading TOML and JSON files into domain values, with one error format for all of them.

Every error is a :class:`DataFileError` that names the file, the line, the key path
(``$.providers[0].seat_land``) and what was expected — in words, not Python type names — so a
policy officer or plugin author can fix it without reading code. :func:`structure_error` turns
any cattrs error into one; every loader (reference data, setup files, law data) uses it.
"""

from __future__ import annotations

import datetime as dt
import difflib
import enum
import json
import os
import re
import tomllib
import types
import typing
from collections.abc import Sequence
from fractions import Fraction
from pathlib import Path
from typing import Any, TypeVar

import attrs
import cattrs

from ..serialization import structure

__all__ = [
    "DataFileError",
    "describe_type",
    "load_data",
    "locate_line",
    "parse_path",
    "read_document",
    "structure_error",
]

T = TypeVar("T")


class DataFileError(ValueError):
    """A data or setup file that cannot be used; ``file``, ``line``, ``key`` say where."""

    def __init__(
        self, file: str, message: str, *, line: int | None = None, key: str | None = None
    ) -> None:
        self.file, self.line, self.key, self.message = file, line, key, message
        where = f"{file}:{line}" if line else file
        at = f" at {key}" if key else ""
        super().__init__(f"{where}:{at} {message}" if at else f"{where}: {message}")


def _text(path: Any) -> str:
    try:
        raw = path.read_bytes() if hasattr(path, "read_bytes") else Path(path).read_bytes()
    except OSError as exc:
        raise DataFileError(str(path), f"cannot read: {exc.strerror or exc}") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DataFileError(
            str(path),
            f"not UTF-8 (byte 0x{raw[exc.start]:02x}); save the file as UTF-8",
            line=line,
        ) from None


def read_document(path: str | os.PathLike[str] | Any) -> tuple[dict[str, Any], str, str]:
    """Parse a TOML or JSON file; returns (data, text, file name). Syntax errors name the line."""
    name = str(path)
    text = _text(path)
    if name.endswith(".json"):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise DataFileError(
                name, f"invalid JSON: {exc.msg} (column {exc.colno})", line=exc.lineno
            ) from None
    else:
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            msg = str(exc)
            m = re.search(r"\(at line (\d+), column (\d+)\)", msg)
            line = int(m.group(1)) if m else None
            msg = re.sub(r"\s*\(at line \d+, column \d+\)", "", msg)
            raise DataFileError(name, f"invalid TOML: {msg}", line=line) from None
    if not isinstance(data, dict):
        raise DataFileError(name, "expected a table/object at the top level", line=1)
    return data, text, name


_PATH_SEG = re.compile(r"\.([A-Za-z_][\w-]*)|\[(\d+)\]|\['([^']*)'\]")


def parse_path(path: str) -> list[str | int]:
    """``$.providers[0].satzung`` → ``['providers', 0, 'satzung']``."""
    return [
        int(idx) if idx else (name or quoted)
        for name, idx, quoted in _PATH_SEG.findall(path.lstrip("$"))
    ]


def locate_line(text: str, path: Sequence[str | int]) -> int | None:
    """Best-effort line of a key path in TOML or JSON text (for error messages)."""
    lines = text.splitlines()
    start, found = 0, None
    names: list[str] = []
    for seg in path:
        if isinstance(seg, int):
            header = re.compile(r"^\s*\[\[\s*" + re.escape(".".join(map(str, names))) + r"\s*\]\]")
            hits = [i for i, ln in enumerate(lines) if header.match(ln)]
            if seg < len(hits):
                start, found = hits[seg], hits[seg] + 1
                continue
            # JSON arrays or inline arrays: the n-th "{" after the array's key
            opens = [i for i in range(start, len(lines)) if "{" in lines[i]]
            if seg < len(opens):
                start, found = opens[seg], opens[seg] + 1
            continue
        names.append(seg)
        key = re.compile(r'^\s*("?)' + re.escape(seg) + r"\1\s*[=:]")
        table = re.compile(r"^\s*\[\[?\s*([\w.-]+\.)?" + re.escape(seg) + r"\s*\]\]?")
        inline = re.compile(r'[{,]\s*"?' + re.escape(seg) + r'"?\s*[=:]')
        for i in range(start, len(lines)):
            if (
                key.match(lines[i])
                or table.match(lines[i])
                or (i >= start and inline.search(lines[i]))
            ):
                start, found = i, i + 1
                break
    return found


_PLAIN = {
    str: "text",
    int: "a whole number",
    float: "a number",
    bool: "true or false",
    dt.date: "a date (YYYY-MM-DD)",
    Fraction: "a fraction like '3/5'",
}


def describe_type(type_: Any) -> str:
    """What a value of ``type_`` looks like in a data file, in words (no Python names)."""
    if type_ in _PLAIN:
        return _PLAIN[type_]
    args = typing.get_args(type_)
    origin = typing.get_origin(type_)
    if origin in (typing.Union, types.UnionType):
        kept = [describe_type(a) for a in args if a is not type(None)]
        return " or ".join(kept) if kept else "nothing"
    if origin in (tuple, list, set, frozenset, Sequence):
        inner = [a for a in args if a is not Ellipsis]
        return f"a list of {describe_type(inner[0])}" if inner else "a list"
    if origin is dict:
        return "a table"
    if isinstance(type_, type) and issubclass(type_, enum.Enum):
        return "one of " + ", ".join(repr(m.value) for m in type_)
    if attrs.has(type_):
        return f"a table ({type_.__name__})"
    return getattr(type_, "__name__", "a value of another kind")


def _leaf(exc: BaseException, type_: Any) -> str:
    """One cattrs leaf error → what was expected."""
    if isinstance(exc, KeyError):
        return "required key missing"
    if isinstance(exc, cattrs.ForbiddenExtraKeysError):
        return f"unknown key(s): {', '.join(sorted(exc.extra_fields))}"
    if isinstance(type_, type) and issubclass(type_, enum.Enum):
        return f"invalid value; expected {describe_type(type_)}"
    if isinstance(exc, ValueError) and str(exc):  # our converter's and validators' own words
        return str(exc)
    return f"invalid value; expected {describe_type(type_)}"


def _allowed_keys(root: Any, segs: Sequence[str | int]) -> list[str]:
    """The keys the table at ``segs`` allows (walking ``root``'s attrs fields)."""
    cls = root
    for seg in segs:
        if isinstance(seg, int) or not attrs.has(cls):
            continue
        field = next((f for f in attrs.fields(cls) if f.name == seg), None)
        if field is None:
            return []
        cls = field.type
        while typing.get_args(cls) and not attrs.has(cls):
            cls = next((a for a in typing.get_args(cls) if attrs.has(a)), typing.get_args(cls)[0])
    return [f.name for f in attrs.fields(cls)] if attrs.has(cls) else []


def structure_error(
    name: str, text: str, exc: BaseException, cls: Any = None, *, at: str | None = None
) -> DataFileError:
    """A :class:`DataFileError` for a failed ``structure(data, cls)`` of file ``name``
    (contents ``text``; ``at``: the top-level table that was structured)."""
    if isinstance(exc, (cattrs.BaseValidationError, cattrs.ForbiddenExtraKeysError)):
        messages = cattrs.transform_error(exc, format_exception=_leaf)
    else:
        messages = [f"{exc} @ $"]
    msg, _, path = messages[0].rpartition(" @ ")
    msg = msg or messages[0]
    segs = parse_path(path)
    if at is not None:
        segs, path = [at, *segs], "$." + at + path.lstrip("$")
    line = locate_line(text, segs) if segs else None
    if msg.startswith("unknown key(s): "):
        extra = msg.removeprefix("unknown key(s): ").split(", ")[0]
        line = locate_line(text, [*segs, extra]) or line
        allowed = _allowed_keys(cls, segs[1:] if at is not None else segs) if cls else []
        close = difflib.get_close_matches(extra, allowed, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        msg += hint + (f"; allowed: {', '.join(allowed)}" if allowed else "")
        path = f"{path or '$'}.{extra}"
    else:
        field = re.match(r"([a-z_]+): ", msg)
        if field:  # a validator named the field: point at its line
            line = locate_line(text, [*segs, field.group(1)]) or line
    more = f" (and {len(messages) - 1} more problem(s))" if len(messages) > 1 else ""
    return DataFileError(name, msg + more, line=line, key=path or "$")


def load_data(path: str | os.PathLike[str] | Any, cls: type[T], *, at: str | None = None) -> T:
    """Read a TOML/JSON file (or its table ``at``) and structure it into ``cls``.

    Raises :class:`DataFileError` naming file, line and key for syntax and shape errors alike.
    """
    data, text, name = read_document(path)
    if at is not None:
        if at not in data:
            raise DataFileError(name, f"missing top-level key {at!r}", line=1)
        data = data[at]
    try:
        return structure(data, cls)
    except Exception as exc:
        raise structure_error(name, text, exc, cls, at=at) from exc
