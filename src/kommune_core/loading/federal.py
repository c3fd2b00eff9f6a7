"""Federal reference data shipped with the core: the sixteen Länder by Landesschlüssel.

Names come from Destatis' Länder list (genericode, as XRepository publishes it), ISO 3166-2
codes from ``data/laender.toml``; both files name their source. Used where a Land's key is all
that is given: the scaffold (``kommune plugin new --land-key 15``) and the hint for a key of a
Land no installed plugin covers.
"""

from __future__ import annotations

import functools
import tomllib
from importlib.resources import files
from pathlib import Path

import attrs

from ..codelists.genericode import read_genericode

__all__ = ["FederalLand", "federal_laender", "federal_land"]

_DATA = files("kommune_core") / "data"


@attrs.frozen
class FederalLand:
    """A Land as federal reference data knows it, with where its name came from."""

    key: str
    name: str
    code: str
    source_title: str
    source_url: str


@functools.cache
def federal_laender() -> dict[str, FederalLand]:
    """Every Land by its 2-digit key."""
    meta = tomllib.loads((_DATA / "laender.toml").read_text("utf-8"))
    names = meta["names"]
    codelist = read_genericode(Path(str(_DATA / names["file"])))
    title = f"{names['title']} ({codelist.urn}, Version {codelist.version})"
    out = {}
    for row in codelist.records():
        key = row[codelist.key_column]
        name = next(v for k, v in row.items() if k != codelist.key_column and v)
        if key is None or name is None:
            continue
        out[key] = FederalLand(key, name, meta["iso"]["codes"][key], title, names["url"])
    return out


def federal_land(key: str) -> FederalLand:
    """The Land with Landesschlüssel ``key``; raises KeyError naming the valid keys."""
    try:
        return federal_laender()[key]
    except KeyError:
        raise KeyError(f"no Land has the key {key!r}; Länder have keys 01 to 16") from None
