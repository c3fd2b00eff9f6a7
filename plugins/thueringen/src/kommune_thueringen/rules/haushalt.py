"""Fachverfahren for finance must implement Thüringen's municipal budget law."""

from __future__ import annotations

from kommune_core.domain import Case, Finding, Rule, Verdict
from kommune_core.engine.facts import land_name

from .law import LAND

V = Verdict


def fachverfahren(rule: Rule, case: Case) -> Finding:
    p = case.provider
    name = p.short_name or p.name
    law = (
        "Thüringer Haushaltsrecht: Verwaltungsbuchführung nach §§ 53–65 ThürKO oder Doppik nach "
        "dem ThürKDG"
    )
    if p.seat_land == LAND:
        return case.finding(
            V.SERVES,
            f"{name} hat seinen Sitz in Thüringen; Fachverfahren für das Finanzwesen sind auf das "
            f"{law} ausgerichtet.",
            rule=rule,
        )
    return case.finding(
        V.SERVES_WITH_CONDITIONS,
        f"Fachverfahren für das Finanzwesen einer Thüringer Kommune müssen das {law} abbilden. "
        f"{name} hat seinen Sitz in {land_name(case, p.seat_land)}, dessen kommunales "
        f"Haushaltsrecht abweicht. Bedingung: Der Anbieter sichert vertraglich zu, dass die "
        f"Verfahren in einer Thüringer Ausprägung betrieben und gepflegt werden.",
        rule=rule,
    )
