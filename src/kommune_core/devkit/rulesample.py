"""Run a rule over a sample of cases and check every finding it produces.

A rule is a function, so the findings it *can* produce cannot be listed statically. The suite
asks it about a deterministic sample instead:

* **Kommunen** — of the Länder in ``rule.lands`` if set, else the plugin's own, else (a plugin
  like ``bund`` with no Kommunen) all in the catalog; of those every Landkreis and kreisfreie
  Stadt, every Kommune some provider names as member, and :data:`GEMEINDEN` Gemeinden spread
  evenly over the key range;
* **providers** — every provider in the catalog;
* **areas** — every :class:`~kommune_core.domain.ServiceArea` the rule applies to;
* **dates** — the rule's first day, its last day (or today if open-ended), the midpoint, and
  every day a cited norm starts or ends applying inside that range (both sides of a change);
* **setup** — none (the case a Kommune is asked about without a setup file).

Where the product of these has more than :data:`MAX_CASES` cases, that many are drawn from it
at random with the rule's id as seed — the same cases on every run, different ones per rule.

Every finding must be a well-formed :class:`~kommune_core.domain.Finding` for the case's area,
carry the rule's id, cite at least one norm in force on the date, explain itself in German
(:mod:`kommune_core.devkit.german`) and name its sources when it is less than certain.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from collections.abc import Iterable, Iterator
from typing import Any

import attrs

from ..domain import Case, Confidence, Finding, Kommune, KommuneKind, Rule, Scope, ServiceArea
from ..hookspecs import ObjectKind
from .german import german_problem
from .objects import object_problems

__all__ = ["GEMEINDEN", "MAX_CASES", "RuleRun", "run_rule", "sample_dates", "sample_kommunen"]

GEMEINDEN = 12
MAX_CASES = 1000


@attrs.frozen
class RuleRun:
    """What running one rule found: problems (message → first case, count) and numbers."""

    cases: int
    findings: int
    problems: tuple[tuple[str, str, int], ...]


def sample_kommunen(catalog: Any, plugin: str, rule: Rule) -> list[Kommune]:
    everything = list(catalog.kommunen.values())
    if rule.lands:
        pool = [k for k in everything if k.land in rule.lands]
    else:
        own = [k for k in everything if catalog.plugin_of(ObjectKind.KOMMUNE, k.key) == plugin]
        pool = own or everything
    pool.sort(key=lambda k: k.key)
    bound = {b.kommune for p in catalog.providers.values() for b in p.members}
    picked = [
        k for k in pool if k.kind is not KommuneKind.GEMEINDE or {k.key, k.ars, k.kreis} & bound
    ]
    rest = [k for k in pool if k not in picked]
    if rest:
        step = max(1, len(rest) // GEMEINDEN)
        picked.extend(rest[::step][:GEMEINDEN])
    return sorted(picked, key=lambda k: k.key)


def sample_dates(rule: Rule, today: dt.date | None = None) -> list[dt.date]:
    start = rule.valid_from
    end = rule.valid_until or max(start, today or dt.date.today())
    dates = {start, end, start + (end - start) / 2}
    for norm in rule.norms:
        for day in (norm.valid_from, norm.valid_until):
            if day is None:
                continue
            for d in (day - dt.timedelta(days=1), day, day + dt.timedelta(days=1)):
                if start <= d <= end:
                    dates.add(d)
    return sorted(dates)


def _cases(catalog: Any, plugin: str, rule: Rule) -> Iterator[Case]:
    kommunen = sample_kommunen(catalog, plugin, rule)
    providers = sorted(catalog.providers.values(), key=lambda p: p.id)
    areas: list[ServiceArea | None] = (
        [None]  # a Bindung rule is asked once per case, without an area
        if rule.scope is Scope.BINDUNG
        else [a for a in ServiceArea if not rule.areas or a in rule.areas]
    )
    product = list(
        itertools.product(range(len(kommunen)), range(len(providers)), areas, sample_dates(rule))
    )
    if len(product) > MAX_CASES:
        picked = sorted(random.Random(rule.id).sample(range(len(product)), MAX_CASES))
        product = [product[i] for i in picked]
    for k, p, area, on in product:
        case = Case(kommune=kommunen[k], provider=providers[p], area=area, on=on, view=catalog)
        if rule.applies_to(case):
            yield case


def _label(case: Case) -> str:
    return (
        f"case (Kommune {case.kommune.key} {case.kommune.name}, provider "
        f"{case.provider.id}, area {case.area.value if case.area else 'Bindung'}, "
        f"{case.on.isoformat()})"
    )


def _findings(result: object) -> list[object]:
    if result is None:
        return []
    if isinstance(result, Finding):
        return [result]
    if isinstance(result, (str, bytes)) or not isinstance(result, Iterable):
        raise TypeError(
            f"returned {type(result).__name__}; expected a Finding, an iterable of Findings or None"
        )
    return list(result)


def finding_problems(rule: Rule, case: Case, finding: object) -> list[str]:
    problems = object_problems(finding, Finding)
    if problems or not isinstance(finding, Finding):
        return [f"returned a malformed finding: {p}" for p in problems]
    out = []
    if finding.rule != rule.id:
        out.append(f"finding names rule {finding.rule!r}, not {rule.id!r}")
    if finding.area is not case.area:
        out.append(
            f"finding is about area {finding.area.value if finding.area else None!r}, but the "
            f"case asks about {case.area.value if case.area else None!r}"
        )
    if not finding.norms:
        out.append("finding cites no norm (pass norms= or let Case.finding use the rule's)")
    elif not any(n.in_force(case.on) for n in finding.norms):
        cited = ", ".join(
            f"{n.citation} ({n.valid_from}–{n.valid_until or 'offen'})" for n in finding.norms
        )
        out.append(f"finding cites only norms not in force on {case.on}: {cited}")
    german = german_problem(finding.reason)
    if german:
        out.append(german)
    if finding.confidence is not Confidence.HIGH and not finding.sources:
        out.append(f"finding has confidence {finding.confidence.value!r} but names no source")
    return out


def run_rule(catalog: Any, plugin: str, rule: Rule) -> RuleRun:
    """Ask ``rule`` about every sampled case; collect what is wrong, grouped by message."""
    seen: dict[str, list[Any]] = {}
    cases = findings = 0

    def note(message: str, case: Case) -> None:
        entry = seen.setdefault(message, [_label(case), 0])
        entry[1] += 1

    for case in _cases(catalog, plugin, rule):
        cases += 1
        try:
            produced = _findings(rule.check(rule, case))
        except Exception as exc:  # the rule's failure, reported with the case that caused it
            note(f"check raised {type(exc).__name__}: {exc}", case)
            continue
        for finding in produced:
            findings += 1
            for message in finding_problems(rule, case, finding):
                note(message, case)
    problems = tuple((msg, first, count) for msg, (first, count) in seen.items())
    return RuleRun(cases, findings, problems)
