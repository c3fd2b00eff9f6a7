"""Setup files: a Kommune's real setup in TOML, read into the domain :class:`Setup`.

.. code-block:: toml

    kommune = "<key>"             # AGS (8 digits), Kreisschlüssel (5) or ARS (12)
    provider = "zv-it"            # provider under consideration (optional)
    areas = ["beschaffung", "fachverfahren"]   # empty or absent: all areas
    votes = 2                     # the Kommune's votes in the assembly (optional)
    share = "1/200"               # its share of the Umlage (optional)
    total_votes = 300             # satzungsmäßige Stimmenzahl of the assembly (optional)
    land_votes = 40               # votes of all members from the Kommune's Land (optional)
    not_member_of = ["zv-web"]    # providers the Kommune is NOT a member/shareholder of

    [[bindungen]]                 # current bindings; kommune is filled in
    provider = "zv-it"
    art = "mitgliedschaft"
    since = 2019-01-01

Every error names the file, the line and the key and says what was expected; an unknown
Kommune key or provider id lists the closest matches.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
from fractions import Fraction
from typing import Any

import attrs

from ..catalog import Catalog, UnknownKeyError
from ..domain import (
    Bindung,
    BindungsArt,
    Confidence,
    KeyFormatError,
    ServiceArea,
    Setup,
    Source,
    classify_key,
)
from ..serialization import structure
from .documents import DataFileError, locate_line, read_document, structure_error

__all__ = ["BindungEntry", "SetupDocument", "load_setup"]


@attrs.frozen
class BindungEntry:
    """A ``[[bindungen]]`` table: a Bindung of the setup's Kommune (no ``kommune`` key)."""

    provider: str
    art: BindungsArt
    since: dt.date | None = None
    until: dt.date | None = None
    votes: int | None = None
    share: Fraction | None = None
    areas: tuple[ServiceArea, ...] = ()
    confidence: Confidence = Confidence.HIGH
    source: Source | None = None
    note: str | None = None


@attrs.frozen
class SetupDocument:
    """The shape of a setup file (see the module docstring)."""

    kommune: str
    provider: str | None = None
    areas: tuple[ServiceArea, ...] = ()
    bindungen: tuple[BindungEntry, ...] = ()
    votes: int | None = None
    share: Fraction | None = None
    total_votes: int | None = None
    land_votes: int | None = None
    not_member_of: tuple[str, ...] = ()
    note: str | None = None


def load_setup(path: str | os.PathLike[str] | Any, catalog: Catalog) -> Setup:
    """Read a setup file and check its keys and ids against the catalog."""
    data, text, name = read_document(path)
    try:
        doc = structure(data, SetupDocument)
    except Exception as exc:
        raise structure_error(name, text, exc, SetupDocument) from None

    def fail(message: str, *segs: str | int) -> DataFileError:
        key = "$" + "".join(f"[{s}]" if isinstance(s, int) else f".{s}" for s in segs)
        return DataFileError(name, message, line=locate_line(text, list(segs)), key=key)

    try:
        classify_key(doc.kommune)
    except KeyFormatError as exc:
        raise fail(f"{exc}", "kommune") from None
    try:
        kommune = catalog.kommune(doc.kommune)
    except UnknownKeyError as exc:
        raise fail(str(exc), "kommune") from None
    for segs, pid in (
        [(("provider",), doc.provider)]
        + [(("bindungen", i, "provider"), b.provider) for i, b in enumerate(doc.bindungen)]
        + [(("not_member_of", i), p) for i, p in enumerate(doc.not_member_of)]
    ):
        if pid is not None and pid not in catalog.providers:
            close = difflib.get_close_matches(pid, list(catalog.providers), n=3, cutoff=0.3)
            hint = ", ".join(close or sorted(catalog.providers)) or "none loaded"
            raise fail(f"unknown provider {pid!r}; known: {hint}", *segs)
    bindungen = []
    for i, b in enumerate(doc.bindungen):
        try:
            # an entry's fields are the Bindung's (its Kommune is the setup's)
            bindungen.append(Bindung(kommune=kommune.key, **attrs.asdict(b, recurse=False)))
        except ValueError as exc:
            field = str(exc).split(":", 1)[0]
            at = [field] if field in {f.name for f in attrs.fields(BindungEntry)} else []
            raise fail(str(exc), "bindungen", i, *at) from None
    clash = {b.provider for b in bindungen if b.art.gives_control} & set(doc.not_member_of)
    if clash:
        raise fail(
            f"not_member_of names {', '.join(sorted(clash))}, which a [[bindungen]] entry "
            f"makes the Kommune a member or shareholder of",
            "not_member_of",
        )
    try:
        # the document's fields are the Setup's, with the Kommune's key and Bindungen checked
        given = attrs.asdict(doc, recurse=False)
        given.update(kommune=kommune.key, bindungen=tuple(bindungen), path=name)
        return Setup(**given)
    except ValueError as exc:
        field = str(exc).split(":", 1)[0]
        known = {f.name for f in attrs.fields(SetupDocument)}
        raise fail(str(exc), *([field] if field in known else [])) from None
