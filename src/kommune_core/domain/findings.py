"""Verdicts and findings: what a rule says about one service area."""

from __future__ import annotations

import enum

import attrs

from .law import Norm
from .services import ServiceArea
from .sources import Confidence, Source

__all__ = ["Finding", "Verdict"]


class Verdict(enum.Enum):
    """Whether a provider can serve a Kommune in an area.

    Folding order (worst first): ``cannot_serve`` > ``unknown`` > ``serves_with_conditions`` >
    ``serves`` — an open question is never hidden behind a condition.
    """

    SERVES = "serves"
    SERVES_WITH_CONDITIONS = "serves_with_conditions"
    UNKNOWN = "unknown"
    CANNOT_SERVE = "cannot_serve"

    @property
    def rank(self) -> int:
        return _RANK[self]

    @property
    def label(self) -> str:
        return _LABEL[self]

    @classmethod
    def fold(cls, verdicts: list[Verdict] | tuple[Verdict, ...]) -> Verdict:
        """The worst verdict; no verdict at all is ``unknown`` (no rule spoke)."""
        return max(verdicts, key=lambda v: v.rank, default=cls.UNKNOWN)


_RANK = {
    Verdict.SERVES: 0,
    Verdict.SERVES_WITH_CONDITIONS: 1,
    Verdict.UNKNOWN: 2,
    Verdict.CANNOT_SERVE: 3,
}
_LABEL = {
    Verdict.SERVES: "möglich",
    Verdict.SERVES_WITH_CONDITIONS: "möglich unter Bedingungen",
    Verdict.UNKNOWN: "offen",
    Verdict.CANNOT_SERVE: "nicht möglich",
}


@attrs.frozen
class Finding:
    """One rule's statement about one area: verdict, German reason, the norms it rests on.

    ``rule`` and ``plugin`` name where it came from (the engine fills ``plugin``);
    ``confidence`` is below ``high`` when the finding rests on a press report or unsure fact,
    ``sources`` then lists every source; ``missing`` names facts whose absence made it
    ``unknown``.
    """

    area: ServiceArea
    verdict: Verdict
    reason: str = attrs.field(validator=attrs.validators.min_len(1))
    rule: str
    norms: tuple[Norm, ...] = ()
    plugin: str | None = None
    confidence: Confidence = Confidence.HIGH
    sources: tuple[Source, ...] = ()
    missing: tuple[str, ...] = ()
