"""Federal rules (filled by the compatibility engine work)."""

from __future__ import annotations

from kommune_core.domain import Rule


def rules() -> list[Rule]:
    return []
