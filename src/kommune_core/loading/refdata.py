"""Reference data files of official keys, as a plugin ships them.

A ``kommunen.json`` holds a Land's Kreise (5-digit keys) and Gemeinden (AGS and ARS), each list
with the code list it came from (URN, version = Gebietsstand). It is written by
``kommune data import-codelist`` (see :mod:`kommune_core.codelists.importer`) and read here into
:class:`~kommune_core.domain.Kommune` values. A Kreis whose key + ``000`` is a Gemeinde is a
kreisfreie Stadt; every other Kreis is a Landkreis.
"""

from __future__ import annotations

import json
import os
from typing import Any

import attrs

from ..domain import Antragsportal, KeyFormatError, Kommune, KommuneKind, Land, Provider, Source
from .documents import DataFileError, load_data, read_document

__all__ = [
    "LandFile",
    "ProvidersFile",
    "dumps",
    "empty_document",
    "kommunen_from_document",
    "load_kommunen",
    "load_land",
    "load_providers",
]

FORMAT = "kommune-interop/kommunen@1"


def empty_document(land: str) -> dict[str, Any]:
    return {"format": FORMAT, "land": land, "sources": {}, "kreise": [], "gemeinden": []}


def load_kommunen(path: str | os.PathLike[str] | Any) -> list[Kommune]:
    """Read a plugin's ``kommunen.json``; errors name the file and the entry."""
    data, _, name = read_document(path)
    return kommunen_from_document(data, name)


def kommunen_from_document(data: dict[str, Any], name: str = "<kommunen>") -> list[Kommune]:
    if data.get("format") != FORMAT:
        raise DataFileError(
            name, f"unknown format {data.get('format')!r}, expected {FORMAT!r}", key="$.format"
        )
    land = data["land"]
    gemeinden = {g["ags"]: g for g in data.get("gemeinden", [])}
    out: list[Kommune] = []
    kreisfrei = set()
    for i, kreis in enumerate(data.get("kreise", [])):
        key = kreis["key"]
        if key + "000" in gemeinden:
            kreisfrei.add(key)
            continue
        try:
            out.append(
                Kommune(
                    name=kreis["name"],
                    kind=KommuneKind.LANDKREIS,
                    land=land,
                    kreis=key,
                    note=kreis.get("note"),
                )
            )
        except (KeyFormatError, ValueError, TypeError) as exc:
            raise DataFileError(name, str(exc), key=f"$.kreise[{i}]") from None
    for i, g in enumerate(data.get("gemeinden", [])):
        ags = g["ags"]
        kind = KommuneKind.KREISFREIE_STADT if ags[:5] in kreisfrei else KommuneKind.GEMEINDE
        try:
            out.append(
                Kommune(
                    name=g["name"],
                    kind=kind,
                    land=land,
                    kreis=ags[:5],
                    ags=ags,
                    ars=g.get("ars"),
                    note=g.get("note"),
                )
            )
        except (KeyFormatError, ValueError, TypeError) as exc:
            raise DataFileError(name, str(exc), key=f"$.gemeinden[{i}]") from None
    return out


def dumps(doc: dict[str, Any]) -> str:
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


# -- providers and Land files (TOML, hand-written by plugin authors) ----------------------
@attrs.frozen
class ProvidersFile:
    """``providers.toml``: ``[[providers]]`` tables, each a :class:`Provider`."""

    providers: tuple[Provider, ...] = ()
    sources: tuple[Source, ...] = ()


@attrs.frozen
class LandFile:
    """``land.toml``: the ``[land]`` table and its ``[[antragsportale]]``."""

    land: Land
    antragsportale: tuple[Antragsportal, ...] = ()


def load_providers(path: Any) -> list[Provider]:
    """Providers from a TOML file; errors name file, line and key."""
    return list(load_data(path, ProvidersFile).providers)


def load_land(path: Any) -> LandFile:
    """A Land and its Antragsportale from a TOML file."""
    return load_data(path, LandFile)
