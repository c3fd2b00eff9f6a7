"""Result values of a compatibility check: one verdict per area, every finding kept."""

from __future__ import annotations

import datetime as dt

import attrs

from ..domain import Finding, Kommune, Provider, ServiceArea, Setup, Verdict

__all__ = ["AreaResult", "CheckResult"]

#: Verdicts under which an area counts as served (exit code 0 when every asked area has one).
SERVED = frozenset({Verdict.SERVES, Verdict.SERVES_WITH_CONDITIONS})
_WORST_FIRST = tuple(sorted(Verdict, key=lambda v: -v.rank))


@attrs.frozen
class AreaResult:
    """The folded verdict of one service area and every finding that went into it."""

    area: ServiceArea
    verdict: Verdict
    findings: tuple[Finding, ...]

    @classmethod
    def fold(cls, area: ServiceArea, findings: tuple[Finding, ...]) -> AreaResult:
        """Same result as :meth:`Verdict.fold`, without hashing enums in the hot loop."""
        present = [f.verdict for f in findings]
        for verdict in _WORST_FIRST:
            if verdict in present:
                return cls(area, verdict, findings)
        return cls(area, Verdict.fold([]), findings)


@attrs.frozen
class CheckResult:
    """Can ``provider`` serve ``kommune`` on date ``on``, area by area.

    ``areas`` keeps the order the areas were asked in; ``setup`` is the officer's setup, if any;
    ``land_name`` the name of the Kommune's Land as its plugin contributes it.
    """

    kommune: Kommune
    provider: Provider
    on: dt.date
    areas: tuple[AreaResult, ...]
    setup: Setup | None = None
    land_name: str | None = None

    @property
    def verdicts(self) -> dict[ServiceArea, Verdict]:
        return {a.area: a.verdict for a in self.areas}

    @property
    def findings(self) -> tuple[Finding, ...]:
        return tuple(f for a in self.areas for f in a.findings)

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
