"""The Sachsen plugin's law data: norms with dates (``norms.toml``)."""

from __future__ import annotations

from functools import cache
from importlib.resources import files

from kommune_core.domain import Norm
from kommune_core.engine.lawdata import load_norms

__all__ = ["LAND", "norms"]

LAND = "14"


@cache
def norms() -> dict[str, Norm]:
    return load_norms(files(__package__ or "kommune_sachsen.rules") / "norms.toml")
