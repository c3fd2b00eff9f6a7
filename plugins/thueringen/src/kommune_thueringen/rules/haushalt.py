"""Fachverfahren for finance must implement Thüringen's municipal budget law."""

from __future__ import annotations

from kommune_core.rulekit import Case, Finding, Role, Rule, Verdict, land_name, provider_name

LAND = "16"


def fachverfahren(rule: Rule, case: Case) -> Finding | None:
    """A condition for providers seated outside Thüringen (a Thüringen variant); nothing to
    add for a provider seated in Thüringen."""
    p = case.provider
    if p.seat_land == LAND or case.kommune.land != LAND:
        return None
    law = (
        "Thüringer Haushaltsrecht abbilden – die Verwaltungsbuchführung nach §§ 53–65 ThürKO "
        "oder die Doppik nach dem ThürKDG"
    )
    return case.finding(
        Verdict.SERVES_WITH_CONDITIONS,
        f"Fachverfahren für das Finanzwesen einer Thüringer Kommune müssen das {law}. "
        f"{provider_name(case)} hat seinen Sitz in {land_name(case, p.seat_land)}. Bedingung: "
        f"Der Anbieter sichert vertraglich zu, dass die Verfahren in einer Thüringer Ausprägung "
        f"betrieben und gepflegt werden.",
        rule=rule,
        role=Role.CONDITION,
    )
