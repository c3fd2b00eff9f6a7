"""Evaluating rules: every rule in force, per area, for one (Kommune, provider, date, setup).

Rules are collected once (through the catalog, which calls each plugin's ``kommune_rules``
hook on its own) and indexed by area; per date and Land the applicable list is cached, so a
matrix of a thousand Kommunen calls the rule functions directly without any hook dispatch.
Each finding gets its plugin's name from the catalog's (plugin, rule) pairs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import attrs

from ..domain import (
    Case,
    Finding,
    Kommune,
    Provider,
    Rule,
    ServiceArea,
    Setup,
    Verdict,
)
from .results import AreaResult, CheckResult

if TYPE_CHECKING:  # pragma: no cover
    from ..catalog import Catalog

__all__ = ["CORE", "NO_RULE", "Engine"]

#: Rule id and plugin name of the finding the engine makes when no rule speaks. A failing
#: rule's finding keeps that rule's id and plugin.
NO_RULE = "engine.keine_regel"
CORE = "kommune_core"

_Applicable = list[tuple[str, Rule]]


def _describe(exc: BaseException) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


class Engine:
    """Checks providers against Kommunen with the rules of the catalog's plugins.

    ``rules`` overrides the catalog's (plugin, rule) pairs (tests, benchmarks).
    """

    def __init__(self, catalog: Catalog, rules: Iterable[tuple[str, Rule]] | None = None) -> None:
        self.catalog = catalog
        self.rules: list[tuple[str, Rule]] = list(catalog.rules if rules is None else rules)
        self._by_area: dict[ServiceArea, _Applicable] = {
            area: [(p, r) for p, r in self.rules if not r.areas or area in r.areas]
            for area in ServiceArea
        }
        self._cache: dict[tuple[dt.date, str, ServiceArea], _Applicable] = {}

    # -- which rules ---------------------------------------------------------------------
    def applicable(self, area: ServiceArea, land: str, on: dt.date) -> _Applicable:
        """Rules for ``area`` in force on ``on`` that apply to Kommunen of ``land``."""
        key = (on, land, area)
        found = self._cache.get(key)
        if found is None:
            found = [
                (p, r)
                for p, r in self._by_area[area]
                if r.in_force(on) and (not r.lands or land in r.lands)
            ]
            self._cache[key] = found
        return found

    # -- checking ------------------------------------------------------------------------
    def check(
        self,
        kommune: Kommune,
        provider: Provider,
        *,
        on: dt.date,
        areas: Sequence[ServiceArea] = (),
        setup: Setup | None = None,
    ) -> CheckResult:
        """Every asked area (empty: all) with its folded verdict and all findings."""
        asked = tuple(areas) or tuple(ServiceArea)
        results = tuple(self.area(kommune, provider, area, on=on, setup=setup) for area in asked)
        land = self.catalog.laender.get(kommune.land)
        return CheckResult(
            kommune, provider, on, results, setup, land.name if land is not None else None
        )

    def area(
        self,
        kommune: Kommune,
        provider: Provider,
        area: ServiceArea,
        *,
        on: dt.date,
        setup: Setup | None = None,
    ) -> AreaResult:
        rules = self.applicable(area, kommune.land, on)
        cases: dict[str, Case] = {}
        findings: list[Finding] = []
        for plugin, rule in rules:
            case = cases.get(plugin)
            if case is None:
                case = cases[plugin] = Case(
                    kommune, provider, area, on, self.catalog, setup, plugin=plugin
                )
            try:
                out = rule.check(rule, case)
                if out is None:
                    continue
                found = []  # all or nothing: a half-broken answer does not count in part
                for f in (out,) if isinstance(out, Finding) else tuple(out):
                    if not isinstance(f, Finding):
                        raise TypeError(f"returned {type(f).__name__}, expected a Finding")
                    if f.area is not area:
                        raise ValueError(
                            f"returned a finding for area {f.area.value!r} when asked about "
                            f"{area.value!r}"
                        )
                    if f.plugin != plugin:  # built without the case, or claims another plugin
                        f = attrs.evolve(f, plugin=plugin)
                    found.append(f)
                findings.extend(found)
            except Exception as exc:  # a broken rule is its plugin's problem, not the report's
                findings.append(self._failed(case, plugin, rule, exc))
        if not findings:
            findings.append(
                self._silent(Case(kommune, provider, area, on, self.catalog, setup), len(rules))
            )
        return AreaResult.fold(area, tuple(findings))

    # -- the engine's own findings -------------------------------------------------------
    @staticmethod
    def _failed(case: Case, plugin: str, rule: Rule, exc: BaseException) -> Finding:
        return Finding(
            area=case.area,
            verdict=Verdict.UNKNOWN,
            reason=(
                f"Die Regel {rule.id} (Plugin {plugin}) konnte nicht ausgewertet werden: "
                f"{_describe(exc)}. Der Bereich bleibt offen, bis das Plugin korrigiert ist."
            ),
            rule=rule.id,
            norms=rule.norms,
            plugin=plugin,
            missing=(f"Ergebnis der Regel {rule.id}",),
        )

    @staticmethod
    def _silent(case: Case, in_force: int) -> Finding:
        day = case.on.isoformat()
        if in_force == 0:
            reason = (
                f"Am {day} ist keine Regel für den Bereich „{case.area.label}“ bei Kommunen "
                f"dieses Landes in Kraft; eine Aussage ist nicht möglich."
            )
        else:
            reason = (
                f"Keine der {in_force} am {day} geltenden Regeln für den Bereich "
                f"„{case.area.label}“ äußert sich zu diesem Fall; eine Aussage ist nicht möglich."
            )
        return Finding(
            area=case.area,
            verdict=Verdict.UNKNOWN,
            reason=reason,
            rule=NO_RULE,
            plugin=CORE,
            missing=("eine am Stichtag geltende Regel",),
        )
