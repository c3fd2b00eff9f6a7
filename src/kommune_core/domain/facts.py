"""Facts as rules read them: recorded value, dates, confidence, sources — or not recorded.

A rule reads a fact through :meth:`Case.read <kommune_core.domain.Case.read>`, which returns a
:class:`Reading`. A fact that is not recorded carries the possible ``answers``; the engine
re-runs the rules under each answer (:class:`FactContext.assume`) to see whether the missing
fact changes the verdict. Every fact read is listed in the result and on the findings that
used it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable
from typing import Any

import attrs

from .checks import last_day
from .sources import Confidence, Source

__all__ = ["Answer", "Fact", "FactContext", "Reading"]


@attrs.frozen
class Fact:
    """A fact as the report shows it: ``value`` in German, ``None`` when not recorded."""

    id: str
    fact: str
    value: str | None
    since: dt.date | None = None
    until: dt.date | None = attrs.field(default=None, validator=last_day("since"))
    confidence: Confidence = Confidence.HIGH
    sources: tuple[Source, ...] = ()


@attrs.frozen
class Answer:
    """One possible value of a fact that is not recorded: what a rule sees, and in German."""

    value: Hashable
    text: str


@attrs.frozen
class Reading:
    """A fact looked up for a case: ``value`` is what the rule works with (``None`` when the
    fact is not recorded; then ``answers`` lists the possible values)."""

    fact: Fact
    value: Any
    answers: tuple[Answer, ...] = ()

    @property
    def open(self) -> bool:
        return bool(self.answers) and self.value is None


class FactContext:
    """The facts of one engine run: looked-up readings (shared cache per check), the
    answers assumed for facts that are not recorded, and what the current rule read.

    Not a domain value: the engine creates one per (check, assumption set)."""

    def __init__(
        self,
        assume: dict[str, Hashable] | None = None,
        cache: dict[str, Reading] | None = None,
    ) -> None:
        self.assume: dict[str, Hashable] = dict(assume or {})
        self.cache: dict[str, Reading] = {} if cache is None else cache
        self.readings: dict[str, Reading] = {}
        self.open: dict[str, Reading] = {}
        self.used: list[str] = []

    def read(self, fact_id: str, resolve: Callable[[], Reading]) -> Reading:
        found = self.cache.get(fact_id)
        if found is None:
            found = self.cache[fact_id] = resolve()
        self.readings.setdefault(fact_id, found)
        if fact_id not in self.used:
            self.used.append(fact_id)
        if fact_id in self.assume:
            answer = self.assume[fact_id]
            return attrs.evolve(found, value=answer)
        if found.open:
            self.open.setdefault(fact_id, found)
        return found

    def take_used(self) -> tuple[str, ...]:
        out, self.used = tuple(self.used), []
        return out
