"""Verdicts and findings: what a rule says about one service area (or about the Bindung).

A finding has a **role** (:class:`Role`): only *decisions* make an area's verdict; *conditions*
and *risks* qualify a possible route; an *open question* names a missing fact. How the engine
folds them is described in ``docs/compatibility.md`` and :mod:`kommune_core.engine.decide`.
"""

from __future__ import annotations

import attrs

from .labels import LabelledEnum
from .law import Norm
from .services import ServiceArea
from .sources import Confidence, Source

__all__ = ["Change", "Finding", "Role", "Verdict"]


class Verdict(LabelledEnum):
    """Whether a provider can serve a Kommune in an area, with its German label.

    ``rank`` (the item after the label) orders them worst first for display: ``cannot_serve``
    > ``unknown`` > ``serves_with_conditions`` > ``serves``. The area's verdict is *not* the
    worst finding's: see :func:`kommune_core.engine.decide.fold`.
    """

    rank: int

    SERVES = "serves", "möglich", 0
    SERVES_WITH_CONDITIONS = "serves_with_conditions", "möglich unter Bedingungen", 1
    UNKNOWN = "unknown", "offen", 2
    CANNOT_SERVE = "cannot_serve", "nicht möglich", 3


class Role(LabelledEnum):
    """What a finding does for the verdict, with its German label.

    ``decision``: the provider can or cannot serve the area (and by which route);
    ``condition``: what must be done or accepted for the route to work;
    ``risk``: what a Kommune takes on (lock-in, cost exposure);
    ``open_question``: a fact that is not recorded, with what each answer would decide.
    """

    DECISION = "decision", "Entscheidung"
    CONDITION = "condition", "Bedingung"
    RISK = "risk", "Risiko"
    OPEN_QUESTION = "open_question", "offene Frage"


#: The verdict a finding of each role may carry (decisions: any but ``unknown``).
_ROLE_VERDICTS = {
    Role.DECISION: frozenset(
        {Verdict.SERVES, Verdict.SERVES_WITH_CONDITIONS, Verdict.CANNOT_SERVE}
    ),
    Role.CONDITION: frozenset({Verdict.SERVES_WITH_CONDITIONS}),
    Role.RISK: frozenset({Verdict.SERVES_WITH_CONDITIONS}),
    Role.OPEN_QUESTION: frozenset({Verdict.UNKNOWN}),
}


def role_of(verdict: Verdict) -> Role:
    """The role a finding without an explicit one gets from its verdict (plugins written
    before roles existed): ``unknown`` → open question, ``serves_with_conditions`` →
    condition, otherwise decision."""
    if verdict is Verdict.UNKNOWN:
        return Role.OPEN_QUESTION
    if verdict is Verdict.SERVES_WITH_CONDITIONS:
        return Role.CONDITION
    return Role.DECISION


@attrs.frozen
class Change:
    """What would change an area's verdict: a fact (id or short key), the fact's answer or the
    action in German (``text``), and the verdict it would lead to."""

    fact: str
    text: str = attrs.field(validator=attrs.validators.min_len(1))
    verdict: Verdict


def _default_role(inst: Finding) -> Role:
    return role_of(inst.verdict)


@attrs.frozen
class Finding:
    """One rule's statement: verdict, role, German reason, the norms and facts it rests on.

    ``area`` is the service area, or ``None`` for a provider-level (Bindung) finding.
    ``rule`` and ``plugin`` name where it came from (the engine fills ``plugin``);
    ``confidence`` is below ``high`` when the finding rests on a press report or unsure fact,
    ``sources`` then lists every source; ``missing`` names facts whose absence left it open;
    ``facts`` the ids of the facts the rule read (the engine fills them); ``changes`` what
    would change a ``cannot_serve`` decision.
    """

    area: ServiceArea | None
    verdict: Verdict
    reason: str = attrs.field(validator=attrs.validators.min_len(1))
    rule: str
    norms: tuple[Norm, ...] = ()
    plugin: str | None = None
    confidence: Confidence = Confidence.HIGH
    sources: tuple[Source, ...] = ()
    missing: tuple[str, ...] = ()
    role: Role = attrs.field(default=attrs.Factory(_default_role, takes_self=True), kw_only=True)
    facts: tuple[str, ...] = attrs.field(default=(), kw_only=True)
    changes: tuple[Change, ...] = attrs.field(default=(), kw_only=True)

    def __attrs_post_init__(self) -> None:
        if self.verdict not in _ROLE_VERDICTS[self.role]:
            raise ValueError(
                f"finding of rule {self.rule!r}: a {self.role.value} cannot carry verdict "
                f"{self.verdict.value!r}"
            )
