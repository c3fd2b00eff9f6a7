"""Länder and Kommunen, identified by their official keys."""

from __future__ import annotations

import datetime as dt

import attrs

from .keys import KeyFormatError, KeyKind, ags_of_ars, check_key
from .labels import LabelledEnum
from .sources import Confidence, Source

__all__ = ["Authority", "Kommune", "KommuneKind", "Land"]


class KommuneKind(LabelledEnum):
    GEMEINDE = "gemeinde", "Gemeinde"
    KREISFREIE_STADT = "kreisfreie_stadt", "kreisfreie Stadt"
    LANDKREIS = "landkreis", "Landkreis"


def _land_key(inst: object, attribute: attrs.Attribute, value: str) -> None:  # type: ignore[type-arg]
    check_key(value, KeyKind.LAND, field=attribute.name)


@attrs.frozen
class Authority:
    """A Land authority's name over time: ``role`` (e.g. ``datenschutzaufsicht``), ``name``,
    first and last day under that name, the norm that makes it competent."""

    role: str
    name: str
    since: dt.date | None = None
    until: dt.date | None = None
    norm: str | None = None
    confidence: Confidence = Confidence.HIGH
    source: Source | None = None

    def named_on(self, on: dt.date) -> bool:
        return (self.since is None or self.since <= on) and (self.until is None or on <= self.until)


@attrs.frozen
class Land:
    """A German Land as a plugin contributes it.

    ``key`` is the 2-digit Landesschlüssel every AGS/ARS of the Land starts with; ``code`` the
    ISO 3166-2 code (``DE-TH``). ``datenschutzaufsicht`` names the Land's data-protection
    supervisory authority.
    """

    key: str = attrs.field(validator=_land_key)
    name: str
    code: str = attrs.field(validator=attrs.validators.matches_re(r"DE-[A-Z]{2}"))
    datenschutzaufsicht: str | None = None
    sources: tuple[Source, ...] = ()
    authorities: tuple[Authority, ...] = ()

    def authority(self, role: str, on: dt.date) -> Authority | None:
        """The authority of ``role`` under its name on ``on`` (``None``: not recorded)."""
        for a in self.authorities:
            if a.role == role and a.named_on(on):
                return a
        return None


def _opt(kind: KeyKind):  # type: ignore[no-untyped-def]
    def check(inst: object, attribute: attrs.Attribute, value: str | None) -> None:  # type: ignore[type-arg]
        if value is not None:
            check_key(value, kind, field=attribute.name)

    return check


@attrs.frozen
class Kommune:
    """A Gemeinde, kreisfreie Stadt or Landkreis.

    Gemeinden and kreisfreie Städte carry an ``ags`` (8 digits) and usually an ``ars`` (12);
    a Landkreis carries only its 5-digit ``kreis`` key. ``key`` is the identifying key: the AGS
    where there is one, else the Kreisschlüssel. All keys must agree with each other and with
    ``land``; a mismatch raises :class:`~kommune_core.domain.keys.KeyFormatError` naming the key.
    """

    name: str
    kind: KommuneKind
    land: str = attrs.field(validator=_land_key)
    kreis: str = attrs.field(validator=_opt(KeyKind.KREIS))
    ags: str | None = attrs.field(default=None, validator=_opt(KeyKind.AGS))
    ars: str | None = attrs.field(default=None, validator=_opt(KeyKind.ARS))
    verwaltungssitz: str | None = None
    note: str | None = None

    def __attrs_post_init__(self) -> None:
        label = f"{self.name!r}"
        for field, key in (("kreis", self.kreis), ("ags", self.ags), ("ars", self.ars)):
            if key is not None and key[:2] != self.land:
                raise KeyFormatError(
                    f"{label}: {field} {key!r} starts with Land key {key[:2]!r}, "
                    f"but the Kommune belongs to Land {self.land!r}"
                )
        if self.ags is not None and self.ags[:5] != self.kreis:
            raise KeyFormatError(
                f"{label}: ags {self.ags!r} does not lie in Kreis {self.kreis!r} "
                f"(its first five digits are {self.ags[:5]!r})"
            )
        if self.ars is not None and self.ags is not None and ags_of_ars(self.ars) != self.ags:
            raise KeyFormatError(
                f"{label}: ars {self.ars!r} does not contain ags {self.ags!r} "
                f"(ARS digits 1-5 and 10-12 give {ags_of_ars(self.ars)!r})"
            )
        if self.kind is KommuneKind.LANDKREIS:
            if self.ags is not None or self.ars is not None:
                raise KeyFormatError(f"{label}: a Landkreis has a Kreisschlüssel, not an AGS/ARS")
        elif self.ags is None:
            raise KeyFormatError(f"{label}: a {self.kind.label} needs an ags (8 digits)")
        kreisfrei = self.kind is KommuneKind.KREISFREIE_STADT
        if kreisfrei and self.ags is not None and not self.ags.endswith("000"):
            raise KeyFormatError(
                f"{label}: the AGS of a kreisfreie Stadt ends in '000', got {self.ags!r}"
            )

    @property
    def key(self) -> str:
        """The identifying key: AGS for Gemeinden and kreisfreie Städte, else Kreisschlüssel."""
        return self.ags if self.ags is not None else self.kreis

    @property
    def keys(self) -> frozenset[str]:
        """Every key a record may use for this Kommune: AGS (or Kreisschlüssel), ARS, and for a
        Landkreis or kreisfreie Stadt its Kreisschlüssel. The one place these are computed."""
        keys = {self.key}
        if self.ars:
            keys.add(self.ars)
        if self.is_kreisebene:
            keys.add(self.kreis)
        return frozenset(keys)

    @property
    def is_kreisebene(self) -> bool:
        """True for Landkreise and kreisfreie Städte (the Kreis level)."""
        return self.kind is not KommuneKind.GEMEINDE
