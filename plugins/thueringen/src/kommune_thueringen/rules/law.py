"""The Thüringen plugin's law data: norms with dates (``norms.toml``) and statutory constants."""

from __future__ import annotations

from fractions import Fraction
from functools import cache
from importlib.resources import files

from kommune_core.domain import Norm
from kommune_core.engine.lawdata import load_norms

__all__ = ["LAND", "STATUTORY_EXIT_QUORUM", "norms"]

LAND = "16"
#: § 38 ThürKGG: Austritt needs two thirds of the satzungsmäßige Stimmenzahl (Satzung may ask more).
STATUTORY_EXIT_QUORUM = Fraction(2, 3)


@cache
def norms() -> dict[str, Norm]:
    return load_norms(files(__package__ or "kommune_thueringen.rules") / "norms.toml")
