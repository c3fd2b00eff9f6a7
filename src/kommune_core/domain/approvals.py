"""Who approves and supervises, in which steps, what real cases took and what it costs.

A Land plugin contributes one :class:`ApprovalData` per Land (hook ``kommune_approvals``, file
``data/approvals.toml`` in a :class:`~kommune_core.plugins.PackagePlugin`). The reports read it
to name the approving body, the steps and their deadlines, and the known costs; nothing there
is derived by the core. Every entry carries its norms and public sources.
"""

from __future__ import annotations

import datetime as dt

import attrs

from .checks import not_before
from .geography import KommuneKind
from .sources import Confidence, Source

__all__ = ["ApprovalAuthority", "ApprovalCase", "ApprovalData", "CostItem", "ProcedureStep"]

#: What an authority entry is about: a Kommune of the Land (by kind), a Zweckverband seated in
#: the Land, or a Kommune's holding in a company.
SUBJECTS = ("kommune", "zweckverband", "unternehmen")


def _subject(inst: object, attribute: attrs.Attribute, value: str) -> None:  # type: ignore[type-arg]
    if value not in SUBJECTS:
        raise ValueError(f"{attribute.name}: expected one of {', '.join(SUBJECTS)}, got {value!r}")


@attrs.frozen
class ApprovalAuthority:
    """A supervising or approving body: for ``subject`` ``kommune`` of ``kinds`` (empty: every
    kind), or for a Zweckverband / company holding. ``task`` says in German what it does;
    ``providers`` restricts an entry to named providers (empty: every provider it fits), so
    that practice recorded for one Zweckverband is not generalised to a whole Land."""

    body: str
    subject: str = attrs.field(validator=_subject)
    task: str
    norms: tuple[str, ...]
    kinds: tuple[KommuneKind, ...] = ()
    providers: tuple[str, ...] = ()
    url: str | None = None
    confidence: Confidence = Confidence.HIGH
    sources: tuple[Source, ...] = ()
    note: str | None = None

    def applies_to(self, kind: KommuneKind) -> bool:
        return not self.kinds or kind in self.kinds


@attrs.frozen
class ProcedureStep:
    """One step of a route (``zweckverband`` = joining a Zweckverband seated in the Land or, for
    ``side = "kommune"``, a Kommune of the Land joining one; ``unternehmen`` = taking a share).

    ``side``: ``kommune`` (the Kommune's own Land's law) or ``anbieter`` (the provider's seat
    Land's law). ``order`` sorts the steps of both sides into one sequence; ``providers``
    restricts a step to named providers (empty: every provider on the route)."""

    route: str
    side: str = attrs.field(validator=attrs.validators.in_(("kommune", "anbieter")))
    order: int
    step: str
    by: str
    norms: tuple[str, ...] = ()
    deadline: str | None = None
    providers: tuple[str, ...] = ()
    confidence: Confidence = Confidence.HIGH
    sources: tuple[Source, ...] = ()


@attrs.frozen
class ApprovalCase:
    """A real case: a decision, its approval and publication, with their dates."""

    provider: str
    label: str
    decided: dt.date | None = None
    approved: dt.date | None = attrs.field(default=None, validator=not_before("decided"))
    published: dt.date | None = attrs.field(default=None, validator=not_before("approved"))
    in_force: dt.date | None = attrs.field(default=None, validator=not_before("published"))
    note: str | None = None
    confidence: Confidence = Confidence.HIGH
    sources: tuple[Source, ...] = ()


@attrs.frozen
class CostItem:
    """A cost the record allows to state: a fixed amount (in cent; ``unit`` e.g. ``je
    Einwohner``) or a basis without one. ``per_share``: a total the members share (an Umlage),
    so a Kommune's share from its setup can be applied to it."""

    provider: str
    item: str
    basis: str
    amount_cent: int | None = None
    unit: str | None = None
    per_share: bool = False
    year: int | None = None
    norms: tuple[str, ...] = ()
    confidence: Confidence = Confidence.HIGH
    sources: tuple[Source, ...] = ()


@attrs.frozen
class ApprovalData:
    """Everything a Land plugin records about approvals, procedure, cases and costs."""

    land: str
    authorities: tuple[ApprovalAuthority, ...] = ()
    steps: tuple[ProcedureStep, ...] = ()
    cases: tuple[ApprovalCase, ...] = ()
    costs: tuple[CostItem, ...] = ()
