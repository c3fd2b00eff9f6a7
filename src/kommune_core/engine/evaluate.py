"""Evaluating rules: every rule in force, per area and once for the Bindung, for one
(Kommune, provider, date, setup), weighed over the answers of facts that are not recorded.

Rules are collected once (through the catalog, which calls each plugin's ``kommune_rules``
hook on its own) and indexed by area; per date and Land the applicable list is cached on the
engine. Each finding gets its plugin's name from the catalog's (plugin, rule) pairs and the
ids of the facts its rule read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from ..domain import (
    Case,
    FactContext,
    Finding,
    Kommune,
    LookupView,
    Provider,
    Reading,
    Role,
    Rule,
    Scope,
    ServiceArea,
    Setup,
    Verdict,
)
from .decide import Outcome, decide
from .results import AreaResult, CheckResult

if TYPE_CHECKING:  # pragma: no cover
    from ..catalog import Catalog

__all__ = ["CORE", "NOT_MODELLED", "NO_RULE", "Engine"]

#: Rule id and plugin name of the finding the engine makes when no rule speaks. A failing
#: rule's finding keeps that rule's id and plugin.
NO_RULE = "engine.keine_regel"
#: Rule id suffix of the engine's finding for law whose wording on the date is not modelled.
NOT_MODELLED = "recht_nicht_erfasst"
CORE = "kommune_core"

_Applicable = list[tuple[str, Rule]]
_NOT_ASSUMED = object()
_Run = tuple[tuple[str, ...], tuple[object, ...], list[Finding], FactContext]


def _describe(exc: BaseException) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


class _Check:
    """The state of one check: fact readings (shared by every run) and the runs made so far."""

    def __init__(
        self,
        engine: Engine,
        kommune: Kommune,
        provider: Provider,
        on: dt.date,
        setup: Setup | None,
    ) -> None:
        self.engine = engine
        self.kommune, self.provider, self.on, self.setup = kommune, provider, on, setup
        self.cache: dict[str, Reading] = {}
        self.readings: dict[str, Reading] = {}
        # Runs by scope: (facts read, their assumed answers, findings, context). Rules are
        # deterministic in the facts they read, so a run under other assumptions about facts
        # it did not read gives the same findings: it is reused, not repeated.
        self.runs: dict[ServiceArea | None, list[_Run]] = {}

    def _run(
        self, area: ServiceArea | None, assume: Mapping[str, Hashable]
    ) -> tuple[list[Finding], FactContext]:
        for read, answers, found, ctx in self.runs.get(area, ()):
            if all(assume.get(f, _NOT_ASSUMED) == answers[i] for i, f in enumerate(read)):
                return found, ctx
        ctx = FactContext(dict(assume), self.cache)
        if area is None:
            rules = self.engine.applicable_bindung(self.kommune.land, self.on)
        else:
            rules = self.engine.applicable(area, self.kommune.land, self.on)
        found = self.engine._run(self, area, rules, ctx)
        if area is not None and not any(
            f.role is Role.DECISION or f.role is Role.OPEN_QUESTION for f in found
        ):
            found.append(self.engine._silent(self, area, len(rules)))
        read = tuple(ctx.readings)
        answers = tuple(assume.get(f, _NOT_ASSUMED) for f in read)
        self.runs.setdefault(area, []).append((read, answers, found, ctx))
        return found, ctx

    def run_bindung(self, assume: Mapping[str, Hashable]) -> tuple[list[Finding], FactContext]:
        return self._run(None, assume)

    def run_area(self, area: ServiceArea, assume: Mapping[str, Hashable]) -> Outcome:
        b_findings, b_ctx = self.run_bindung(assume)
        found, ctx = self._run(area, assume)
        if not assume:
            self.readings.update(b_ctx.readings)
            self.readings.update(ctx.readings)
        opened = {**b_ctx.open, **ctx.open}
        return Outcome(tuple(found) + tuple(b_findings), opened)


class Engine:
    """Checks providers against Kommunen with the rules of the catalog's plugins.

    ``rules`` overrides the catalog's (plugin, rule) pairs (tests, benchmarks).
    """

    def __init__(self, catalog: Catalog, rules: Iterable[tuple[str, Rule]] | None = None) -> None:
        self.catalog = catalog
        self.view = LookupView.of(catalog)
        self.rules: list[tuple[str, Rule]] = list(catalog.rules if rules is None else rules)
        area_rules = [(p, r) for p, r in self.rules if r.scope is Scope.AREA]
        self._bindung_rules = [(p, r) for p, r in self.rules if r.scope is Scope.BINDUNG]
        self._by_area: dict[ServiceArea, _Applicable] = {
            area: [(p, r) for p, r in area_rules if not r.areas or area in r.areas]
            for area in ServiceArea
        }
        self._cache: dict[tuple[dt.date, str, ServiceArea | None], _Applicable] = {}

    # -- which rules ---------------------------------------------------------------------
    def applicable(self, area: ServiceArea, land: str, on: dt.date) -> _Applicable:
        """Rules for ``area`` in force on ``on`` that apply to Kommunen of ``land``."""
        key = (on, land, area)
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = self._filter(self._by_area[area], land, on)
        return found

    def applicable_bindung(self, land: str, on: dt.date) -> _Applicable:
        """Bindung rules in force on ``on`` that apply to Kommunen of ``land``."""
        key = (on, land, None)
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = self._filter(self._bindung_rules, land, on)
        return found

    @staticmethod
    def _filter(pairs: _Applicable, land: str, on: dt.date) -> _Applicable:
        return [(p, r) for p, r in pairs if r.in_force(on) and (not r.lands or land in r.lands)]

    def coverage(self) -> tuple[dt.date | None, dt.date | None]:
        """The dates the loaded data covers: from the day every plugin's law is modelled (the
        latest of the plugins' first modelled days) to the day the providers' data was last
        checked (``None``: no bound known)."""
        starts = []
        plugins = {p for p, _ in self.rules}
        for plugin in plugins:
            own = [r.modelled for p, r in self.rules if p == plugin]
            starts.append(min(own))
        ends = [p.as_of for p in self.catalog.providers.values() if p.as_of is not None]
        return (max(starts) if starts else None, min(ends) if ends else None)

    def warnings(self, provider: Provider, on: dt.date) -> tuple[str, ...]:
        """German warnings when ``on`` lies outside what the data covers."""
        start, end = self.coverage()
        end = provider.as_of or end
        span = (
            f"Die Daten decken den Zeitraum {start.isoformat() if start else '…'} bis "
            f"{end.isoformat() if end else '…'} ab."
        )
        out = []
        if start is not None and on < start:
            out.append(
                f"Der Stichtag {on.isoformat()} liegt vor dem Zeitraum, für den das Landesrecht "
                f"erfasst ist; betroffene Bereiche bleiben offen. {span}"
            )
        if end is not None and on > end:
            out.append(
                f"Der Stichtag {on.isoformat()} liegt nach dem Stand der Daten zu "
                f"{provider.short_name or provider.name} (Mitglieder, Satzung); spätere "
                f"Änderungen sind nicht erfasst. {span}"
            )
        return tuple(out)

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
        """Every asked area (empty: all) with its verdict, findings, open questions and what
        would change it; the Bindung findings once; every fact read."""
        asked = tuple(areas) or tuple(ServiceArea)
        state = _Check(self, kommune, provider, on, setup)
        results = tuple(self._area(state, area) for area in asked)
        bindung, _ = state.run_bindung({})
        land = self.catalog.laender.get(kommune.land)
        return CheckResult(
            kommune,
            provider,
            on,
            results,
            setup,
            land.name if land is not None else None,
            bindung=tuple(bindung),
            facts=tuple(r.fact for r in state.readings.values()),
            warnings=self.warnings(provider, on),
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
        return self._area(_Check(self, kommune, provider, on, setup), area)

    def _area(self, state: _Check, area: ServiceArea) -> AreaResult:
        root = state.run_area(area, {})
        decision = decide(lambda assume: root if not assume else state.run_area(area, assume))
        n_bindung = len(state.run_bindung({})[0])
        own = root.findings[: len(root.findings) - n_bindung]
        return AreaResult(area, decision.verdict, own, changes=decision.changes)

    # -- running rules -------------------------------------------------------------------
    def _run(
        self,
        state: _Check,
        area: ServiceArea | None,
        rules: _Applicable,
        ctx: FactContext,
    ) -> list[Finding]:
        cases: dict[str, Case] = {}
        findings: list[Finding] = []
        for plugin, rule in rules:
            case = cases.get(plugin)
            if case is None:
                case = cases[plugin] = Case(
                    state.kommune,
                    state.provider,
                    area,
                    state.on,
                    self.view,
                    state.setup,
                    plugin=plugin,
                    facts=ctx,
                )
            ctx.take_used()
            try:
                out = rule.check(rule, case)
                used = ctx.take_used()
                if out is None:
                    continue
                found = []  # all or nothing: a half-broken answer does not count in part
                for f in (out,) if isinstance(out, Finding) else tuple(out):
                    if not isinstance(f, Finding):
                        raise TypeError(f"returned {type(f).__name__}, expected a Finding")
                    if f.area is not area:
                        asked = area.value if area is not None else "Bindung"
                        raise ValueError(
                            f"returned a finding for area "
                            f"{f.area.value if f.area else 'Bindung'!r} when asked about "
                            f"{asked!r}"
                        )
                    if f.plugin != plugin:  # built without the case, or claims another plugin
                        f = attrs.evolve(f, plugin=plugin)
                    if not f.facts and used:
                        f = attrs.evolve(f, facts=used)
                    dated = tuple(n.on(state.on) for n in f.norms)
                    if dated != f.norms:  # cite a provision where it stood on the date
                        f = attrs.evolve(f, norms=dated)
                    found.append(f)
                if found and state.on < rule.modelled:
                    found = [self._not_modelled(case, plugin, rule, used)]
                findings.extend(found)
            except Exception as exc:  # a broken rule is its plugin's problem, not the report's
                findings.append(self._failed(case, plugin, rule, exc))
        return findings

    # -- the engine's own findings -------------------------------------------------------
    @staticmethod
    def _open(
        case: Case, plugin: str, rule: Rule, reason: str, missing: str, used: tuple[str, ...] = ()
    ) -> Finding:
        """The engine's own finding that ``rule`` leaves the area open (``missing``: what
        would settle it)."""
        return Finding(
            area=case.area,
            verdict=Verdict.UNKNOWN,
            reason=reason,
            rule=rule.id,
            norms=rule.norms,
            plugin=plugin,
            missing=(missing,),
            facts=used,
        )

    @classmethod
    def _failed(cls, case: Case, plugin: str, rule: Rule, exc: BaseException) -> Finding:
        return cls._open(
            case,
            plugin,
            rule,
            f"Die Regel {rule.id} (Plugin {plugin}) konnte nicht ausgewertet werden: "
            f"{_describe(exc)}. Der Bereich bleibt offen, bis das Plugin korrigiert ist.",
            f"Ergebnis der Regel {rule.id}",
        )

    @classmethod
    def _not_modelled(cls, case: Case, plugin: str, rule: Rule, used: tuple[str, ...]) -> Finding:
        first = rule.modelled.isoformat()
        cited = ", ".join(n.citation for n in rule.norms)
        return cls._open(
            case,
            plugin,
            rule,
            f"Recht vor {first} nicht erfasst: Die Regel {rule.id} ({rule.title}) stützt "
            f"sich auf {cited}; erfasst ist der Wortlaut ab {first}. Die Rechtslage am "
            f"{case.on.isoformat()} ist nicht modelliert, der Bereich bleibt insoweit offen.",
            f"Wortlaut von {cited} vor {first}",
            used,
        )

    @staticmethod
    def _silent(state: Any, area: ServiceArea, in_force: int) -> Finding:
        day = state.on.isoformat()
        if in_force == 0:
            reason = (
                f"Am {day} ist keine Regel für den Bereich „{area.label}“ bei Kommunen "
                f"dieses Landes in Kraft; eine Aussage ist nicht möglich."
            )
        else:
            reason = (
                f"Keine der {in_force} am {day} geltenden Regeln für den Bereich "
                f"„{area.label}“ entscheidet diesen Fall; eine Aussage ist nicht möglich."
            )
        return Finding(
            area=area,
            verdict=Verdict.UNKNOWN,
            reason=reason,
            rule=NO_RULE,
            plugin=CORE,
            missing=("eine am Stichtag geltende Regel",),
        )
