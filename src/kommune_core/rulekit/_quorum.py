"""Can a group of members reach a quorum on its own? Shared by the Land plugins' exit rules.

A quorum may be known from several sources that disagree (e.g. 3/5 in one report, 2/3 in
another). :func:`assess_quorum` checks the group's votes against every claim: if all claims give
the same answer the answer is firm enough for a condition (with the claims' confidence), if
they disagree the question stays open (``unknown``), and without the vote counts it is open
and names what is missing.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

import attrs

from ..domain import Case, Confidence, QuorumClaim, Source, Verdict
from ..domain.checks import at_least
from ._facts import fraction_text

__all__ = ["GroupVotes", "QuorumAssessment", "assess_quorum", "claims_text", "reaches"]

_ORDER = {Confidence.HIGH: 0, Confidence.MEDIUM: 1, Confidence.LOW: 2}


def reaches(votes: int, total: int, quorum: Fraction) -> bool:
    """``votes`` of ``total`` are at least ``quorum`` (exact, no floating point)."""
    return votes * quorum.denominator >= quorum.numerator * total


def claims_text(claims: Sequence[QuorumClaim]) -> str:
    """``3/5 (60 %) laut OTZ, 2019-06-19 [Presse/Sekundärquelle]; 2/3 … `` for a finding."""
    return "; ".join(
        f"{fraction_text(c.value)} laut {c.source} [{c.confidence.label}]" for c in claims
    )


@attrs.frozen
class GroupVotes:
    """The votes of the members who would leave together in the provider's assembly:
    ``group`` names them in German ("die Kommune", "die Mitglieder aus <Land>"), ``votes`` is
    their count of the satzungsmäßige ``total``; ``None``: not recorded. ``key`` is the setup
    key that supplies ``votes`` (``votes`` or ``land_votes``), named when it is missing."""

    group: str = "die Kommune"
    votes: int | None = attrs.field(default=None, validator=at_least(0))
    total: int | None = attrs.field(default=None, validator=at_least(1))
    key: str = "votes"

    @classmethod
    def of(cls, case: Case) -> GroupVotes:
        """The Kommune's own votes from the case's setup; the total from the setup, else from
        the provider's Satzung."""
        setup, satzung = case.setup, case.provider.satzung
        total = (setup.total_votes if setup else None) or (satzung.total_votes if satzung else None)
        return cls(votes=setup.votes if setup else None, total=total)


@attrs.frozen
class QuorumAssessment:
    verdict: Verdict
    text: str
    confidence: Confidence
    sources: tuple[Source, ...]
    missing: tuple[str, ...] = ()


def assess_quorum(
    claims: Sequence[QuorumClaim],
    *,
    votes: GroupVotes,
) -> QuorumAssessment:
    """Whether ``votes.group`` (e.g. "die Mitglieder aus <Land>") alone reaches each claimed
    quorum.

    A count that is ``None`` (not known) makes the result ``unknown``, naming the missing
    count(s) with the setup key (``votes.key``) that supplies them. German text for the
    finding's reason. Pure; no cache (a check is cheap).
    """
    group, group_votes, total_votes = votes.group, votes.votes, votes.total
    claims = tuple(claims)
    sources = tuple(c.source for c in claims)
    if not claims:
        return QuorumAssessment(
            Verdict.UNKNOWN,
            "Das Austrittsquorum ist nicht erfasst.",
            Confidence.LOW,
            (),
            ("Austrittsquorum der Satzung",),
        )
    confidence = max((c.confidence for c in claims), key=_ORDER.__getitem__)
    values = sorted({c.value for c in claims})
    if len(values) > 1:
        stated = f"Die Quellen nennen unterschiedliche Quoren: {claims_text(claims)}."
    else:
        stated = f"Quorum: {claims_text(claims)}."
    missing = []
    if total_votes is None:
        missing.append("satzungsmäßige Stimmenzahl der Verbandsversammlung (total_votes)")
    if group_votes is None:
        missing.append(f"Stimmenzahl für {group} ({votes.key})")
    if missing:
        return QuorumAssessment(
            Verdict.UNKNOWN,
            f"{stated} Ob das Quorum allein mit den Stimmen dieser Gruppe ({group}) erreichbar "
            f"ist, lässt sich ohne Angabe von: {'; '.join(m.split(' (')[0] for m in missing)} "
            f"nicht berechnen.",
            confidence,
            sources,
            tuple(missing),
        )
    assert group_votes is not None and total_votes is not None
    share = fraction_text(Fraction(group_votes, total_votes))
    outcome = {v: reaches(group_votes, total_votes, v) for v in values}
    detail = ", ".join(
        f"{fraction_text(v)}: {'erreicht' if ok else 'nicht erreicht'}" for v, ok in outcome.items()
    )
    base = f"{stated} Auf {group} entfallen {group_votes} von {total_votes} Stimmen = {share}."
    if len(set(outcome.values())) > 1:
        return QuorumAssessment(
            Verdict.UNKNOWN,
            f"{base} Das Ergebnis hängt von der unsicheren Angabe ab ({detail}); ohne den "
            f"geltenden Satzungstext bleibt offen, ob ein Austritt aus eigener Kraft möglich ist.",
            confidence,
            sources,
            ("geltender Wortlaut des Austrittsquorums der Satzung",),
        )
    if all(outcome.values()):
        verdict_text = (
            f"{base} Das Quorum wird nach jeder Angabe erreicht ({detail}): ein Austritt ist "
            f"mit diesen Stimmen allein möglich."
        )
    else:
        verdict_text = (
            f"{base} Das Quorum wird nach keiner Angabe erreicht ({detail}): ein Austritt ist "
            f"nur mit Zustimmung weiterer Mitglieder möglich – Bindung auf Dauer."
        )
    return QuorumAssessment(Verdict.SERVES_WITH_CONDITIONS, verdict_text, confidence, sources)
