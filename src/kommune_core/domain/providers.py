"""IT providers, their statute (Satzung) and how a Kommune is bound to them (Bindung)."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import attrs

from .keys import KeyKind, check_key
from .labels import LabelledEnum
from .services import ServiceArea
from .sources import Confidence, Source

__all__ = ["Bindung", "BindungsArt", "Provider", "QuorumClaim", "Rechtsform", "Satzung"]

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
class Satzung:
    """The terms of a provider's statute (Verbandssatzung / Gesellschaftsvertrag) that matter
    to a member. ``None`` means the fact is not known (rules then answer ``unknown``)."""

    title: str
    umlagepflicht: bool | None = None
    umlage_schluessel: str | None = None
    umlage_section: str | None = None
    exit_quorum: tuple[QuorumClaim, ...] = ()
    notice_period_months: int | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.ge(0))
    )
    total_votes: int | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.gt(0))
    )
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


@attrs.frozen
class Bindung:
    """How a Kommune (by key) is bound to a provider (by id).

    ``votes`` are the Kommune's votes in the Verbandsversammlung, ``share`` its share of the
    capital or of the Umlage, where known. ``areas`` empty means all areas the provider offers.
    ``since_year`` records the year of joining where the sources give no exact date (the
    binding then counts from that year on; its ``note`` says so).
    """

    kommune: str = attrs.field()
    provider: str = attrs.field(validator=_ID)
    art: BindungsArt
    since: dt.date | None = None
    until: dt.date | None = None
    since_year: int | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.ge(1990))
    )
    votes: int | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.ge(0))
    )
    share: Fraction | None = attrs.field(
        default=None,
        converter=attrs.converters.optional(Fraction),
        validator=attrs.validators.optional(_positive_fraction),
    )
    areas: tuple[ServiceArea, ...] = ()
    confidence: Confidence = Confidence.HIGH
    source: Source | None = None
    note: str | None = None

    @kommune.validator
    def _check_kommune(self, attribute: attrs.Attribute, value: str) -> None:  # type: ignore[type-arg]
        kind = {5: KeyKind.KREIS, 8: KeyKind.AGS, 12: KeyKind.ARS}.get(len(value), KeyKind.AGS)
        check_key(value, kind, field="kommune")

    def __attrs_post_init__(self) -> None:
        if self.since is not None and self.until is not None and self.until < self.since:
            raise ValueError(
                f"until: {self.until.isoformat()} lies before since {self.since.isoformat()} "
                f"(until is the binding's last day)"
            )

    def active(self, on: dt.date) -> bool:
        if self.since is None and self.since_year is not None and on.year < self.since_year:
            return False
        return (self.since is None or self.since <= on) and (self.until is None or on <= self.until)


@attrs.frozen
class Provider:
    """A joint municipal IT provider (Zweckverband, GmbH of Kommunen, Anstalt, company).

    ``seat_land`` is the Land key of its seat; ``members`` the Bindungen of known members or
    shareholders; ``portals`` the ids of Antragsportale its services connect to.
    ``private_capital`` matters for § 108 GWB (``None``: not known).
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

    def member_binding(self, kommune_keys: set[str], on: dt.date) -> Bindung | None:
        """The active membership/shareholding of a Kommune known by any of its keys."""
        for b in self.members:
            if b.kommune in kommune_keys and b.art.gives_control and b.active(on):
                return b
        return None
