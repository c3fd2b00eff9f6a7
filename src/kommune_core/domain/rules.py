"""Rules as code: a dated, cited function from a :class:`Case` to findings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from fractions import Fraction
from typing import TYPE_CHECKING

import attrs

from .findings import Finding, Verdict
from .geography import Kommune
from .law import Norm
from .providers import Bindung, Provider
from .services import ServiceArea
from .sources import Confidence, Source

if TYPE_CHECKING:  # pragma: no cover
    from ..catalog import Catalog

__all__ = ["Case", "Rule", "RuleCheck", "Setup"]

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
    """

    kommune: str
    provider: str | None = None
    areas: tuple[ServiceArea, ...] = ()
    bindungen: tuple[Bindung, ...] = ()
    votes: int | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.ge(0))
    )
    share: Fraction | None = attrs.field(
        default=None, converter=attrs.converters.optional(Fraction)
    )
    note: str | None = None
    path: str | None = None
    total_votes: int | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.gt(0))
    )
    land_votes: int | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.ge(0))
    )

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


@attrs.frozen
class Case:
    """What a rule is asked: can ``provider`` serve ``kommune`` in ``area`` on date ``on``?

    ``catalog`` gives read access to everything the plugins contribute (Länder, Kommunen,
    providers, portals); ``setup`` is the officer's setup file, if any. ``plugin`` is the name
    of the plugin whose rules see this case (the engine sets it), so every finding built with
    :meth:`finding` names its plugin from the start.
    """

    kommune: Kommune
    provider: Provider
    area: ServiceArea
    on: dt.date
    catalog: Catalog
    setup: Setup | None = None
    plugin: str | None = attrs.field(default=None, kw_only=True)

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
    ) -> Finding:
        """Build a finding for this case's area; ``norms`` default to the rule's norms."""
        default_norms: tuple[Norm, ...] = ()
        if isinstance(rule, str):
            rule_id = rule
        else:
            rule_id, default_norms = rule.id, rule.norms
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
        )


RuleCheck = Callable[["Rule", Case], "Finding | Iterable[Finding] | None"]


def _norms(inst: Rule, attribute: attrs.Attribute, value: tuple[Norm, ...]) -> None:  # type: ignore[type-arg]
    if not value:
        raise ValueError(f"rule {inst.id!r}: a rule needs at least one norm")


def _until(inst: Rule, attribute: attrs.Attribute, value: dt.date | None) -> None:  # type: ignore[type-arg]
    if value is not None and value < inst.valid_from:
        raise ValueError(
            f"rule {inst.id!r}: valid_until {value} before valid_from {inst.valid_from}"
        )


@attrs.frozen
class Rule:
    """A rule contributed by a plugin.

    ``check(rule, case)`` returns a finding, several, or ``None`` (the rule does not speak to
    this case). ``areas`` restricts the areas it is asked about (empty: every area);
    ``valid_from``/``valid_until`` (last day in force) bound the dates it applies to.
    ``lands`` restricts it to Kommunen of these Land keys (empty: all).
    """

    id: str = attrs.field(validator=attrs.validators.matches_re(RULE_ID))
    title: str
    norms: tuple[Norm, ...] = attrs.field(validator=_norms)
    check: RuleCheck = attrs.field(repr=False)
    valid_from: dt.date = dt.date(1990, 10, 3)
    valid_until: dt.date | None = attrs.field(default=None, validator=_until)
    areas: tuple[ServiceArea, ...] = ()
    lands: tuple[str, ...] = ()

    def in_force(self, on: dt.date) -> bool:
        return self.valid_from <= on and (self.valid_until is None or on <= self.valid_until)

    def applies_to(self, case: Case) -> bool:
        return (not self.areas or case.area in self.areas) and (
            not self.lands or case.kommune.land in self.lands
        )
