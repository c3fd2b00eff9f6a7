"""Rules as code for this Land (filled by the compatibility engine work)."""

from __future__ import annotations

from kommune_core.domain import Rule


def rules() -> list[Rule]:
    return []
