"""XML exchange contributions: schemas, code lists, scenarios, message checks."""

from __future__ import annotations

from kommune_core.domain import CodeListSpec, MessageCheck, Scenario, SchemaSpec


def schemas() -> list[SchemaSpec]:
    return []


def codelists() -> list[CodeListSpec]:
    return []


def scenarios() -> list[Scenario]:
    return []


def message_checks() -> list[MessageCheck]:
    return []
