"""IT providers, their statute (Satzung) and how a Kommune is bound to them (Bindung)."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import attrs

from .checks import at_least, last_day, not_before
from .geography import KommuneKind
from .keys import KeyKind, check_key
from .labels import LabelledEnum
from .services import ServiceArea
from .sources import Confidence, Source

__all__ = [
    "Application",
    "Approval",
    "Bindung",
    "BindungsArt",
    "MemberList",
    "OtherMember",
    "Provider",
    "QuorumClaim",
    "Rechtsform",
    "Satzung",
    "SatzungTerm",
]

_ID = attrs.validators.matches_re(r"[a-z][a-z0-9_-]*")


class Rechtsform(LabelledEnum):
    ZWECKVERBAND = "zweckverband", "Zweckverband (Körperschaft des öffentlichen Rechts)"
    GMBH = "gmbh", "GmbH"
    ANSTALT = "anstalt", "Anstalt des öffentlichen Rechts"
    UNTERNEHMEN = "unternehmen", "privates Unternehmen"


class BindungsArt(LabelledEnum):
    """How a Kommune is bound to a provider."""

    MITGLIEDSCHAFT = "mitgliedschaft", "Mitgliedschaft im Zweckverband"
    GESELLSCHAFTER = "gesellschafter", "Gesellschafter"
    INHOUSE_VERGABE = "inhouse_vergabe", "Inhouse-Vergabe"
    DIENSTLEISTUNGSVERTRAG = "dienstleistungsvertrag", "Dienstleistungsvertrag nach Ausschreibung"
    RAHMENVERTRAG_ABRUF = "rahmenvertrag_abruf", "Abruf aus Rahmenvertrag"

    @property
    def gives_control(self) -> bool:
        """Membership or a share gives (joint) control in the sense of § 108 Abs. 4 GWB."""
        return self in (BindungsArt.MITGLIEDSCHAFT, BindungsArt.GESELLSCHAFTER)


def _positive_fraction(inst: object, attribute: attrs.Attribute, value: Fraction) -> None:  # type: ignore[type-arg]
    if not 0 < value <= 1:
        raise ValueError(f"{attribute.name} must be a fraction in (0, 1], got {value}")


@attrs.frozen
class QuorumClaim:
    """One source's statement of a quorum (e.g. the exit quorum): the value, how sure, whence.

    Several disagreeing claims make the fact unsure; rules report every claim.
    """

    value: Fraction = attrs.field(converter=Fraction, validator=_positive_fraction)
    confidence: Confidence
    source: Source
    note: str | None = None


@attrs.frozen
class SatzungTerm:
    """One dated term of a Satzung (e.g. the Umlage key): in force from ``since`` to ``until``
    (last day). ``None`` dates: not known. ``decided`` is when the assembly decided it (a
    decision date is not an effective date)."""

    text: str
    since: dt.date | None = None
    until: dt.date | None = attrs.field(default=None, validator=last_day("since"))
    decided: dt.date | None = None
    confidence: Confidence = Confidence.HIGH
    sources: tuple[Source, ...] = ()
    note: str | None = None


@attrs.frozen
class Satzung:
    """The terms of a provider's statute (Verbandssatzung / Gesellschaftsvertrag) that matter
    to a member. ``None`` means the fact is not known (rules then answer ``unknown``)."""

    title: str
    umlagepflicht: bool | None = None
    umlage_schluessel: str | None = None
    umlage_section: str | None = None
    umlage_keys: tuple[SatzungTerm, ...] = ()
    exit_quorum: tuple[QuorumClaim, ...] = ()
    notice_period_months: int | None = attrs.field(default=None, validator=at_least(0))
    total_votes: int | None = attrs.field(default=None, validator=at_least(1))
    total_votes_on: dt.date | None = None
    total_votes_source: Source | None = None
    voting_weights: str | None = None
    last_amended: dt.date | None = None
    sources: tuple[Source, ...] = ()
    note: str | None = None

    @property
    def exit_quorum_certain(self) -> Fraction | None:
        """The exit quorum if every claim agrees and at least one is firm, else ``None``."""
        values = {c.value for c in self.exit_quorum}
        if len(values) == 1 and any(c.confidence.firm for c in self.exit_quorum):
            return values.pop()
        return None

    def umlage_keys_on(self, on: dt.date) -> tuple[SatzungTerm, ...]:
        """The Umlage keys that may be in force on ``on``: one when the dates settle it, two
        when ``on`` falls between a decided change and its (unknown) effective date."""
        out = []
        for t in self.umlage_keys:
            if t.since is not None and on < t.since and (t.decided is None or on < t.decided):
                continue
            if t.until is not None and on > t.until:
                continue
            out.append(t)
        return tuple(out)


@attrs.frozen
class Bindung:
    """How a Kommune (by key) is bound to a provider (by id).

    ``votes`` are the Kommune's votes in the Verbandsversammlung, ``share`` its share of the
    capital or of the Umlage, where known. ``areas`` empty means all areas the provider offers.
    ``since`` is the first day of membership (the admitting Satzung change approved and
    published); ``until`` the last. ``since_year`` records the year of joining where the sources
    give no exact date: within that year membership is uncertain. ``attested`` is a day a source
    lists the Kommune as member when its start is unknown. ``admitted_by`` names the change.
    """

    kommune: str = attrs.field()
    provider: str = attrs.field(validator=_ID)
    art: BindungsArt
    since: dt.date | None = None
    until: dt.date | None = attrs.field(default=None, validator=last_day("since"))
    since_year: int | None = attrs.field(default=None, validator=at_least(1990))
    votes: int | None = attrs.field(default=None, validator=at_least(0))
    share: Fraction | None = attrs.field(
        default=None,
        converter=attrs.converters.optional(Fraction),
        validator=attrs.validators.optional(_positive_fraction),
    )
    areas: tuple[ServiceArea, ...] = ()
    confidence: Confidence = Confidence.HIGH
    source: Source | None = None
    note: str | None = None
    attested: dt.date | None = None
    admitted_by: str | None = None

    @kommune.validator
    def _check_kommune(self, attribute: attrs.Attribute, value: str) -> None:  # type: ignore[type-arg]
        kinds = (KeyKind.KREIS, KeyKind.AGS, KeyKind.ARS)  # a Kommune's keys (not a Land's)
        kind = next((k for k in kinds if k.length == len(value)), KeyKind.AGS)
        check_key(value, kind, field="kommune")

    def active(self, on: dt.date) -> bool:
        """Certainly a member on ``on`` (a year-only start counts from the next year on; an
        attested membership from the attesting day)."""
        if self.until is not None and on > self.until:
            return False
        if self.since is not None:
            return self.since <= on
        if self.since_year is not None:
            return on.year > self.since_year
        if self.attested is not None:
            return self.attested <= on
        return self.until is None

    def state(self, on: dt.date) -> bool | None:
        """``True`` member, ``False`` not (before joining, after leaving), ``None`` uncertain
        (within the year of a year-only start, or before an attested day)."""
        if self.until is not None and on > self.until:
            return False
        if self.since is not None:
            return self.since <= on
        if self.since_year is not None:
            if on.year == self.since_year:
                return None
            return on.year > self.since_year
        if self.attested is not None:
            return True if self.attested <= on else None
        return None if self.until is not None else True


@attrs.frozen
class Application:
    """A Kommune's application to join (its council decision, ``decided``), with what became
    of it: ``deferred`` is the day the supervisory authority deferred the admission;
    ``reported_pending`` a day a source reports the application as still pending."""

    kommune: str
    decided: dt.date | None = None
    deferred: dt.date | None = attrs.field(default=None, validator=not_before("decided"))
    reported_pending: dt.date | None = attrs.field(default=None, validator=not_before("decided"))
    confidence: Confidence = Confidence.HIGH
    source: Source | None = None
    note: str | None = None


@attrs.frozen
class MemberList:
    """Where a provider's member list is complete: for Kommunen of ``land`` of these
    ``kinds``, from ``complete_from`` to ``complete_until`` (last day; ``None``: open)."""

    land: str
    kinds: tuple[KommuneKind, ...]
    complete_from: dt.date
    complete_until: dt.date | None = attrs.field(default=None, validator=last_day("complete_from"))
    confidence: Confidence = Confidence.HIGH
    source: Source | None = None
    note: str | None = None

    def covers(self, land: str, kind: KommuneKind, on: dt.date) -> bool:
        return (
            land == self.land
            and kind in self.kinds
            and self.complete_from <= on
            and (self.complete_until is None or on <= self.complete_until)
        )


@attrs.frozen
class OtherMember:
    """A member without an official Kommune key (Verwaltungsgemeinschaft, Verwaltungsverband,
    foundation, planning association, the Land itself)."""

    name: str
    kind: str
    land: str | None = None
    since: dt.date | None = None
    since_year: int | None = attrs.field(default=None, validator=at_least(1990))
    until: dt.date | None = attrs.field(default=None, validator=last_day("since"))
    confidence: Confidence = Confidence.HIGH
    source: Source | None = None
    note: str | None = None


@attrs.frozen
class Approval:
    """A supervisory authority's approval of a change admitting members (per Zweckverband):
    ``approved`` and ``published`` dates and the Länder of the admitted members."""

    authority: str
    approved: dt.date
    title: str
    published: dt.date | None = None
    admitted_lands: tuple[str, ...] = ()
    source: Source | None = None


@attrs.frozen
class Provider:
    """A joint municipal IT provider (Zweckverband, GmbH of Kommunen, Anstalt, company).

    ``seat_land`` is the Land key of its seat; ``members`` the Bindungen of known members or
    shareholders; ``portals`` the ids of Antragsportale its services connect to.
    ``private_capital`` matters for § 108 GWB (``None``: not known). ``applications``,
    ``member_lists`` (where the list is complete), ``other_members`` (without a Kommune key)
    and ``approvals`` date the membership record; ``open_to`` lists the Länder whose Kommunen
    may join (empty: not recorded); ``as_of`` is the day the data was last checked.
    """

    id: str = attrs.field(validator=_ID)
    name: str
    rechtsform: Rechtsform
    seat: str
    seat_land: str = attrs.field()
    short_name: str | None = None
    founded: dt.date | None = None
    offers: tuple[ServiceArea, ...] = ()
    satzung: Satzung | None = None
    members: tuple[Bindung, ...] = ()
    portals: tuple[str, ...] = ()
    private_capital: bool | None = None
    sources: tuple[Source, ...] = ()
    note: str | None = None
    applications: tuple[Application, ...] = ()
    member_lists: tuple[MemberList, ...] = ()
    other_members: tuple[OtherMember, ...] = ()
    approvals: tuple[Approval, ...] = ()
    open_to: tuple[str, ...] = ()
    open_to_source: Source | None = None
    as_of: dt.date | None = None

    @seat_land.validator
    def _check_land(self, attribute: attrs.Attribute, value: str) -> None:  # type: ignore[type-arg]
        check_key(value, KeyKind.LAND, field="seat_land")

    def __attrs_post_init__(self) -> None:
        for b in self.members:
            if b.provider != self.id:
                raise ValueError(
                    f"provider {self.id!r}: member binding of {b.kommune} names provider "
                    f"{b.provider!r}"
                )
