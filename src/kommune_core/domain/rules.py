"""Rules as code: a dated, cited function from a :class:`Case` to findings."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Iterable, Mapping
from fractions import Fraction
from typing import Any, Protocol, runtime_checkable

import attrs

from .checks import at_least, last_day
from .facts import FactContext, Reading
from .findings import Change, Finding, Role, Verdict
from .geography import Kommune, Land
from .law import Norm
from .providers import Bindung, Provider
from .services import Antragsportal, ServiceArea
from .sources import Confidence, Source

__all__ = ["Case", "CaseView", "LookupView", "Rule", "RuleCheck", "Scope", "Setup"]

RULE_ID = r"[a-z0-9_]+(\.[a-z0-9_]+)+"


@attrs.frozen
class Setup:
    """A Kommune's real setup as a policy officer describes it (from a TOML file).

    ``kommune`` is its key; ``provider`` the provider under consideration; ``areas`` the
    service areas wanted (empty: all); ``bindungen`` its current bindings; ``votes`` and
    ``share`` its (planned) votes in the provider's assembly and share of the Umlage.
    ``total_votes`` is the satzungsmäßige Stimmenzahl of the provider's assembly (all members);
    ``land_votes`` the votes of all members from the Kommune's own Land, the Kommune included
    (the exit-quorum rules ask whether these alone reach the quorum). ``None``: not known.
    ``not_member_of`` lists providers the Kommune states it is *not* a member or shareholder
    of (the provider's own member list may be incomplete; the setup settles it).
    """

    kommune: str
    provider: str | None = None
    areas: tuple[ServiceArea, ...] = ()
    bindungen: tuple[Bindung, ...] = ()
    votes: int | None = attrs.field(default=None, validator=at_least(0))
    share: Fraction | None = attrs.field(
        default=None, converter=attrs.converters.optional(Fraction)
    )
    note: str | None = None
    path: str | None = None
    total_votes: int | None = attrs.field(default=None, validator=at_least(1))
    land_votes: int | None = attrs.field(default=None, validator=at_least(0))
    not_member_of: tuple[str, ...] = ()

    def __attrs_post_init__(self) -> None:
        if self.share is not None and not 0 < self.share <= 1:
            raise ValueError(f"share: expected a fraction in (0, 1], got {self.share}")
        if self.total_votes is not None:
            for name in ("votes", "land_votes"):
                value = getattr(self, name)
                if value is not None and value > self.total_votes:
                    raise ValueError(
                        f"{name}: {value} is more than total_votes ({self.total_votes})"
                    )
        if self.votes is not None and self.land_votes is not None and self.votes > self.land_votes:
            raise ValueError(
                f"votes: the Kommune's {self.votes} votes exceed land_votes "
                f"({self.land_votes}), which include them"
            )


@runtime_checkable
class CaseView(Protocol):
    """What a rule may look up beyond its case: Länder and Antragsportale (read-only).
    The plugin catalog satisfies it; the engine hands rules a :class:`LookupView`."""

    @property
    def laender(self) -> Mapping[str, Land]: ...

    @property
    def portale(self) -> Mapping[str, Antragsportal]: ...

    def portale_for(self, land: str) -> list[Antragsportal]: ...


@attrs.frozen
class LookupView:
    """A narrow, read-only :class:`CaseView`: Länder and portals by key, nothing else."""

    laender: Mapping[str, Land] = attrs.field(factory=dict)
    portale: Mapping[str, Antragsportal] = attrs.field(factory=dict)

    @classmethod
    def of(cls, source: Any) -> LookupView:
        """The view of anything with ``laender`` and ``portale`` (e.g. the catalog)."""
        if isinstance(source, LookupView):
            return source
        return cls(dict(source.laender), dict(source.portale))

    def portale_for(self, land: str) -> list[Antragsportal]:
        """Portals through which Kommunen of ``land`` can offer online services."""
        return [p for p in self.portale.values() if land in p.for_laender]


def _view(value: Any) -> LookupView:
    return LookupView.of(value)


@attrs.frozen
class Case:
    """What a rule is asked: can ``provider`` serve ``kommune`` in ``area`` on date ``on``?

    ``area`` is ``None`` when a provider-level (Bindung) rule is asked. ``view`` gives
    read-only access to Länder and Antragsportale (pass the catalog or a :class:`LookupView`);
    ``setup`` is the officer's setup file, if any. ``plugin`` is the name of the plugin whose
    rules see this case (the engine sets it), so every finding built with :meth:`finding`
    names its plugin. ``facts`` is the engine's record of facts read (see :meth:`read`).
    """

    kommune: Kommune
    provider: Provider
    area: ServiceArea | None
    on: dt.date
    view: LookupView = attrs.field(converter=_view)
    setup: Setup | None = None
    plugin: str | None = attrs.field(default=None, kw_only=True)
    facts: FactContext = attrs.field(factory=FactContext, kw_only=True, eq=False, repr=False)

    def read(self, fact_id: str, resolve: Callable[[], Reading]) -> Reading:
        """Look up a fact (``resolve`` computes it once per check); under an assumed answer
        the reading carries that answer. The engine records every fact read."""
        return self.facts.read(fact_id, resolve)

    def finding(
        self,
        verdict: Verdict,
        reason: str,
        *,
        rule: Rule | str,
        norms: Iterable[Norm] | None = None,
        confidence: Confidence = Confidence.HIGH,
        sources: Iterable[Source] = (),
        missing: Iterable[str] = (),
        role: Role | None = None,
        changes: Iterable[Change] = (),
    ) -> Finding:
        """Build a finding for this case's area; ``norms`` default to the rule's norms,
        ``role`` to the one its verdict implies."""
        default_norms: tuple[Norm, ...] = ()
        if isinstance(rule, str):
            rule_id = rule
        else:
            rule_id, default_norms = rule.id, rule.norms
        extra: dict[str, Any] = {"changes": tuple(changes), "facts": tuple(self.facts.used)}
        if role is not None:
            extra["role"] = role
        return Finding(
            self.area,
            verdict,
            reason,
            rule_id,
            default_norms if norms is None else tuple(norms),
            self.plugin,
            confidence,
            sources if type(sources) is tuple else tuple(sources),
            missing if type(missing) is tuple else tuple(missing),
            **extra,
        )


RuleCheck = Callable[["Rule", Case], "Finding | Iterable[Finding] | None"]


def _norms(inst: Rule, attribute: attrs.Attribute, value: tuple[Norm, ...]) -> None:  # type: ignore[type-arg]
    if not value:
        raise ValueError(f"rule {inst.id!r}: a rule needs at least one norm")


class Scope(enum.Enum):
    """What a rule speaks about: one service area at a time, or the Kommune's relation to the
    provider as a whole (admission, Umlage, exit: asked once per check, shown once)."""

    AREA = "area"
    BINDUNG = "bindung"


@attrs.frozen
class Rule:
    """A rule contributed by a plugin.

    ``check(rule, case)`` returns a finding, several, or ``None`` (the rule does not speak to
    this case). ``areas`` restricts the areas it is asked about (empty: every area);
    ``valid_from``/``valid_until`` (last day in force) bound the dates it applies to.
    ``lands`` restricts it to Kommunen of these Land keys (empty: all). ``scope`` says whether
    it is asked per area or once for the Bindung. ``modelled_from`` is the first day the law
    it cites is modelled in its wording (default ``valid_from``); between ``valid_from`` and
    ``modelled_from`` the engine reports "Recht vor … nicht erfasst" instead of its findings.
    """

    id: str = attrs.field(validator=attrs.validators.matches_re(RULE_ID))
    title: str
    norms: tuple[Norm, ...] = attrs.field(validator=_norms)
    check: RuleCheck = attrs.field(repr=False)
    valid_from: dt.date = dt.date(1990, 10, 3)
    valid_until: dt.date | None = attrs.field(
        default=None, validator=last_day("valid_from", lambda r: f"rule {r.id!r}: ")
    )
    areas: tuple[ServiceArea, ...] = ()
    lands: tuple[str, ...] = ()
    scope: Scope = Scope.AREA
    modelled_from: dt.date | None = None

    def __attrs_post_init__(self) -> None:
        if self.scope is Scope.BINDUNG and self.areas:
            raise ValueError(f"rule {self.id!r}: a Bindung rule is not restricted to areas")

    @property
    def modelled(self) -> dt.date:
        return self.modelled_from or self.valid_from

    def in_force(self, on: dt.date) -> bool:
        return self.valid_from <= on and (self.valid_until is None or on <= self.valid_until)

    def applies_to(self, case: Case) -> bool:
        if (case.area is None) != (self.scope is Scope.BINDUNG):
            return False
        return (not self.areas or case.area in self.areas) and (
            not self.lands or case.kommune.land in self.lands
        )
