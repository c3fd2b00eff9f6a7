"""Refresh a plugin's ``kommunen.json`` from an official Destatis key list (genericode).

The list kind is told by its URN (``…:schluessel:ags``, ``…:rs``, ``…:kreis``) or, failing
that, by its keys' length. Rows of other Länder are filtered out; rows with a malformed key or
no name are reported and skipped; the file is rewritten atomically (temp file + rename), so an
interrupted import leaves the old file whole.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from pathlib import Path

import attrs

from ..domain import KeyFormatError, KeyKind, ags_of_ars, check_key
from ..files import atomic_write
from ..loading.documents import read_document
from ..loading.refdata import dumps, empty_document, kommunen_from_document
from .genericode import CodeList, read_genericode

__all__ = ["ImportResult", "atomic_write", "import_codelist", "list_kind"]

_KIND_BY_URN = {"ags": "ags", "rs": "ars", "ars": "ars", "kreis": "kreis"}
_KIND_BY_LEN = {8: "ags", 12: "ars", 5: "kreis"}
_KEYKIND = {"ags": KeyKind.AGS, "ars": KeyKind.ARS, "kreis": KeyKind.KREIS}


@attrs.frozen
class ImportResult:
    kind: str
    land: str
    urn: str
    version: str
    imported: int
    skipped: tuple[str, ...]
    data_file: str


def list_kind(cl: CodeList) -> str:
    """``ags``, ``ars`` or ``kreis`` for a Destatis key list; ValueError for anything else."""
    tail = cl.urn.rsplit(":", 1)[-1].lower()
    if tail in _KIND_BY_URN:
        return _KIND_BY_URN[tail]
    lengths = Counter(len(c) for c in cl.codes())
    if lengths:
        length, _ = lengths.most_common(1)[0]
        if length in _KIND_BY_LEN:
            return _KIND_BY_LEN[length]
    raise ValueError(
        f"{cl.file}: {cl.urn} is no AGS, ARS or Kreis key list (key lengths {dict(lengths)})"
    )


def _name_column(cl: CodeList) -> str:
    for cand in ("Bezeichnung", "name", "Name", "NAME", "Beschreibung"):
        if cand in cl.columns:
            return cand
    others = [c for c in cl.columns if c != cl.key_column]
    if not others:
        raise ValueError(f"{cl.file}: no name column besides the key column {cl.key_column!r}")
    return others[0]


def import_codelist(
    codelist: str | os.PathLike[str],
    data_file: str | os.PathLike[str],
    land: str,
    *,
    today: dt.date | None = None,
) -> ImportResult:
    """Merge one key list into ``data_file`` for Land ``land`` and write it atomically."""
    check_key(land, KeyKind.LAND, field="land")
    cl = read_genericode(codelist)
    kind = list_kind(cl)
    name_col = _name_column(cl)
    target = Path(data_file)
    if target.exists():
        doc, _, _ = read_document(target)
        if doc.get("land") != land:
            raise ValueError(f"{target}: holds Land {doc.get('land')!r}, not {land!r}")
    else:
        doc = empty_document(land)
    skipped = [f"{cl.file}:{p.line}: {p.message}" for p in cl.problems]
    entries: list[dict[str, str]] = []
    for rec, line in zip(cl.records(), cl.row_lines or [0] * len(cl), strict=False):
        key = rec[cl.key_column] or ""
        if not key.startswith(land):
            continue
        name = (rec.get(name_col) or "").strip()
        try:
            check_key(key, _KEYKIND[kind])
        except KeyFormatError as exc:
            skipped.append(f"{cl.file}:{line}: {exc}")
            continue
        if not name:
            skipped.append(f"{cl.file}:{line}: key {key} has no name; skipped")
            continue
        entry = {"key": key, "name": name}
        hint = rec.get("Hinweis")
        if hint:
            entry["note"] = hint.strip()
        entries.append(entry)
    if not entries:
        raise ValueError(f"{cl.file}: no rows for Land {land!r}; nothing written")
    source = {
        "urn": cl.urn,
        "version": cl.version,
        "canonical_version_uri": cl.canonical_version_uri,
        "agency": cl.agency,
        "valid_from": cl.valid_from,
        "file": Path(cl.file or "").name,
        "imported": (today or dt.date.today()).isoformat(),
    }
    doc.setdefault("sources", {})[kind] = source
    if kind == "kreis":
        doc["kreise"] = [
            {"key": e["key"], "name": e["name"], **({"note": e["note"]} if "note" in e else {})}
            for e in sorted(entries, key=lambda e: e["key"])
        ]
    elif kind == "ags":
        old_ars = {g["ags"]: g.get("ars") for g in doc.get("gemeinden", [])}
        doc["gemeinden"] = [
            {
                "ags": e["key"],
                "name": e["name"],
                **({"ars": old_ars[e["key"]]} if old_ars.get(e["key"]) else {}),
                **({"note": e["note"]} if "note" in e else {}),
            }
            for e in sorted(entries, key=lambda e: e["key"])
        ]
    else:  # ars: attach to the Gemeinden by the AGS they contain
        by_ags = {ags_of_ars(e["key"]): e["key"] for e in entries}
        names = {ags_of_ars(e["key"]): e["name"] for e in entries}
        gemeinden = doc.get("gemeinden", [])
        if not gemeinden:
            raise ValueError(f"{target}: import the AGS list before the ARS list")
        known = {g["ags"] for g in gemeinden}
        for g in gemeinden:
            if g["ags"] in by_ags:
                g["ars"] = by_ags[g["ags"]]
        for ags, ars in by_ags.items():
            if ags in known:
                continue
            skipped.append(f"{cl.file}: ARS {ars} names AGS {ags}, which the AGS list lacks")
            # Same name in the same Kreis without an ARS: keep the inconsistency visible.
            for g in gemeinden:
                if g["ags"][:5] == ags[:5] and g["name"] == names[ags] and "ars" not in g:
                    g["note"] = (
                        f"ARS-Liste {cl.version} nennt {ars}, dessen AGS-Teil {ags} nicht zur "
                        f"AGS {g['ags']} passt; ARS daher nicht übernommen (unsicher)."
                    )
    # Validate the whole document before anything is written.
    kommunen_from_document(doc, str(target))
    atomic_write(target, dumps(doc))
    return ImportResult(kind, land, cl.urn, cl.version, len(entries), tuple(skipped), str(target))
