"""Result values of a compatibility check: one verdict per area, every finding kept, the
Bindung findings once, the facts read and what would change a verdict."""

from __future__ import annotations

import datetime as dt

import attrs

from ..domain import Change, Fact, Finding, Kommune, Provider, Role, ServiceArea, Setup, Verdict

__all__ = ["SERVED", "AreaResult", "CheckResult"]

#: Verdicts under which an area counts as served (exit code 0 when every asked area has one).
SERVED = frozenset({Verdict.SERVES, Verdict.SERVES_WITH_CONDITIONS})


@attrs.frozen
class AreaResult:
    """The verdict of one service area, the area's own findings (the Bindung findings, which
    also count for it, are on the :class:`CheckResult`), and for ``cannot_serve``/``unknown``
    what would change the verdict."""

    area: ServiceArea
    verdict: Verdict
    findings: tuple[Finding, ...]
    changes: tuple[Change, ...] = ()

    @property
    def open_questions(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.role is Role.OPEN_QUESTION)


@attrs.frozen
class CheckResult:
    """Can ``provider`` serve ``kommune`` on date ``on``, area by area.

    ``areas`` keeps the order the areas were asked in; ``setup`` is the officer's setup, if any;
    ``land_name`` the name of the Kommune's Land as its plugin contributes it; ``bindung`` the
    provider-level findings (admission, Umlage, exit), evaluated once; ``facts`` every fact the
    rules read; ``warnings`` German notes when the date lies outside what the data covers.
    """

    kommune: Kommune
    provider: Provider
    on: dt.date
    areas: tuple[AreaResult, ...]
    setup: Setup | None = None
    land_name: str | None = None
    bindung: tuple[Finding, ...] = attrs.field(default=(), kw_only=True)
    facts: tuple[Fact, ...] = attrs.field(default=(), kw_only=True)
    warnings: tuple[str, ...] = attrs.field(default=(), kw_only=True)

    @property
    def verdicts(self) -> dict[ServiceArea, Verdict]:
        return {a.area: a.verdict for a in self.areas}

    @property
    def findings(self) -> tuple[Finding, ...]:
        """The areas' findings (without the Bindung findings), area by area."""
        return tuple(f for a in self.areas for f in a.findings)

    @property
    def membership(self) -> Fact | None:
        """The fact of the Kommune's membership or shareholding, if a rule read it."""
        for f in self.facts:
            if f.id.startswith("mitgliedschaft."):
                return f
        return None

    @property
    def served(self) -> bool:
        """True when every asked area is served, with or without conditions."""
        return all(a.verdict in SERVED for a in self.areas)

    @property
    def exit_code(self) -> int:
        """0: every asked area is served (with or without conditions); 1: some is not or open."""
        return 0 if self.served else 1

    def area(self, area: ServiceArea) -> AreaResult:
        for a in self.areas:
            if a.area is area:
                return a
        raise KeyError(f"area {area.value!r} was not checked")
