"""Read OASIS genericode 1.0 code lists as XRepository publishes them.

Both XÖV annotation dialects are understood: ``xoev-cl-4`` (``recommendedKeyColumn``,
``validFrom``) and the older ``xoev-cl``/``xoev-cl-2``/``xoev-cl-3`` (``xoev-code``,
``datumGueltigkeitAb``). The identity of a list is ``CanonicalUri`` + ``Version`` — what a
message's ``listURI`` and ``listVersionID`` name.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import attrs

from ..xml import XmlInputError, parse_file

__all__ = ["CodeList", "GenericodeError", "RowProblem", "read_genericode"]

GC = "http://docs.oasis-open.org/codelist/ns/genericode/1.0/"
_KEY_MARKERS = ("recommendedKeyColumn", "xoev-code")
_VALID_FROM = ("validFrom", "datumGueltigkeitAb", "datumgueltigkeitab")


class GenericodeError(ValueError):
    """The file is no usable genericode code list; names the file and line."""


@attrs.frozen
class RowProblem:
    line: int
    message: str


@attrs.frozen
class CodeList:
    """A code list: identity, columns, the key column and the rows (column id → value)."""

    urn: str
    version: str
    short_name: str
    long_name: str | None
    agency: str | None
    valid_from: str | None
    columns: tuple[str, ...]
    key_column: str
    rows: tuple[tuple[tuple[str, str | None], ...], ...] = attrs.field(repr=False)
    row_lines: tuple[int, ...] = attrs.field(repr=False, default=())
    problems: tuple[RowProblem, ...] = ()
    file: str | None = None

    @property
    def canonical_version_uri(self) -> str:
        return f"{self.urn}_{self.version}"

    def __len__(self) -> int:
        return len(self.rows)

    def records(self) -> Iterator[dict[str, str | None]]:
        for row in self.rows:
            yield dict(row)

    def codes(self) -> frozenset[str]:
        idx = self.columns.index(self.key_column)
        return frozenset(v for row in self.rows if (v := row[idx][1]) is not None)

    def lookup(self, code: str) -> dict[str, str | None] | None:
        idx = self.columns.index(self.key_column)
        for row in self.rows:
            if row[idx][1] == code:
                return dict(row)
        return None


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def read_genericode(path: str | os.PathLike[str]) -> CodeList:
    """Read a genericode file; rows without a key value are skipped and listed in
    ``problems`` with their line. Raises :class:`GenericodeError` if it is no code list."""
    file = os.fspath(path)
    try:
        tree = parse_file(file)
    except XmlInputError as exc:
        raise GenericodeError(str(exc)) from None
    root = tree.getroot()
    if root.tag != f"{{{GC}}}CodeList":
        raise GenericodeError(
            f"{file}:{root.sourceline}: root element is {root.tag!r}, expected genericode "
            f"{{{GC}}}CodeList"
        )
    ident = root.find("Identification")
    if ident is None:
        raise GenericodeError(f"{file}: no <Identification> element")
    urn = (ident.findtext("CanonicalUri") or "").strip()
    version = (ident.findtext("Version") or "").strip()
    if not urn or not version:
        raise GenericodeError(
            f"{file}:{ident.sourceline}: <Identification> lacks CanonicalUri or Version"
        )
    columns = tuple(c.get("Id") or "" for c in root.iterfind("ColumnSet/Column"))
    if not columns:
        raise GenericodeError(f"{file}: no <ColumnSet>/<Column> elements")
    key_column = _key_column(root, columns)
    valid_from = None
    for el in root.iterfind("Annotation/Description/*"):
        if _local(el.tag) in _VALID_FROM and el.text:
            valid_from = el.text.strip()
            break
    short = None
    for el in root.iterfind("Annotation/Description/*"):
        if _local(el.tag) in ("shortName", "nameKurz"):
            short = (el.text or "").strip() or None
            break
    rows, lines, problems = [], [], []
    key_idx = columns.index(key_column)
    for row in root.iterfind("SimpleCodeList/Row"):
        values: dict[str, str | None] = dict.fromkeys(columns)
        for i, v in enumerate(row.iterfind("Value")):
            ref = v.get("ColumnRef") or (columns[i] if i < len(columns) else None)
            if ref not in values:
                problems.append(RowProblem(v.sourceline or 0, f"unknown column {ref!r}"))
                continue
            text = v.findtext("SimpleValue")
            values[ref] = text.strip() if text is not None else None
        record = tuple(values.items())
        if not record[key_idx][1]:
            problems.append(
                RowProblem(row.sourceline or 0, f"row has no value in key column {key_column!r}")
            )
            continue
        rows.append(record)
        lines.append(row.sourceline or 0)
    return CodeList(
        urn=urn,
        version=version,
        short_name=short or (ident.findtext("ShortName") or "").strip(),
        long_name=(ident.findtext("LongName") or "").strip() or None,
        agency=(ident.findtext("Agency/LongName") or ident.findtext("Agency/ShortName") or None),
        valid_from=valid_from,
        columns=columns,
        key_column=key_column,
        rows=tuple(rows),
        row_lines=tuple(lines),
        problems=tuple(problems),
        file=file,
    )


def _key_column(root: object, columns: tuple[str, ...]) -> str:
    keys = list(root.iterfind("ColumnSet/Key"))  # type: ignore[attr-defined]
    for key in keys:
        if any(_local(m.tag) in _KEY_MARKERS for m in key.iterfind("Annotation/AppInfo/*")):
            ref = key.find("ColumnRef")
            if ref is not None and ref.get("Ref") in columns:
                return ref.get("Ref")
    for key in keys:
        ref = key.find("ColumnRef")
        if ref is not None and ref.get("Ref") in columns:
            return ref.get("Ref")
    return columns[0]
