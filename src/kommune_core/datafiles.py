"""Reading setup and reference data files (TOML, JSON) into domain values.

Every error names the file, the line, the key path (``$.providers[0].seat_land``) and what was
expected, so a policy officer or plugin author can fix it without reading code.
"""

from __future__ import annotations

import json
import os
import re
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TypeVar

import cattrs
from cattrs.v import format_exception

from .serialization import structure

__all__ = ["DataFileError", "load_data", "locate_line", "read_document"]

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


def _format(exc: BaseException, type_: Any) -> str:
    """Our own validators' messages say what was expected; keep them."""
    if (
        isinstance(exc, (ValueError, TypeError))
        and str(exc)
        and not isinstance(exc, cattrs.ForbiddenExtraKeysError)
    ):
        return str(exc)
    return format_exception(exc, type_)


def _describe(exc: BaseException) -> list[tuple[str, str]]:
    """(path, message) pairs for a cattrs error."""
    if isinstance(exc, (cattrs.BaseValidationError, cattrs.ForbiddenExtraKeysError)):
        out = []
        for msg in cattrs.transform_error(exc, format_exception=_format):
            text, _, path = msg.rpartition(" @ ")
            out.append((path or "$", text or msg))
        return out
    return [("$", str(exc))]


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
        problems = _describe(exc)
        path_, msg = problems[0]
        segs = parse_path(path_)
        if at is not None:
            segs = [at, *segs]
            path_ = "$." + at + path_.lstrip("$")
        field = re.match(r"([a-z_]+): ", msg)
        if field:  # a validator named the field: point at its line
            segs = [*segs, field.group(1)]
        line = locate_line(text, segs)
        more = f" (and {len(problems) - 1} more problem(s))" if len(problems) > 1 else ""
        raise DataFileError(name, msg + more, line=line, key=path_) from exc
