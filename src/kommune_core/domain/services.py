"""Service areas a provider may cover, and the Länder's Antragsportale."""

from __future__ import annotations

import enum

import attrs

from .keys import KeyKind, check_key
from .sources import Source

__all__ = ["Antragsportal", "ServiceArea", "check_leika"]


class ServiceArea(enum.Enum):
    """Stable ids of what a provider does for a Kommune."""

    BESCHAFFUNG = "beschaffung"
    FACHVERFAHREN = "fachverfahren"
    BETRIEB = "betrieb"
    ONLINE_DIENSTE = "online_dienste"
    PROJEKTMANAGEMENT = "projektmanagement"
    SCHULUNG = "schulung"
    DATENSCHUTZ = "datenschutz"

    @property
    def label(self) -> str:
        return _LABELS[self.value]


_LABELS = {
    "beschaffung": "Beschaffung (Rahmenverträge, Warenkorb)",
    "fachverfahren": "Fachverfahren",
    "betrieb": "IT-Betrieb und Rechenzentrum",
    "online_dienste": "Online-Verwaltungsleistungen (OZG)",
    "projektmanagement": "Projektmanagement",
    "schulung": "Schulung",
    "datenschutz": "Datenschutz und IT-Sicherheit",
}


def check_leika(value: str) -> str:
    """A LeiKa key has 14 digits and starts with ``99``."""
    if not (len(value) == 14 and value.isascii() and value.isdigit() and value.startswith("99")):
        raise ValueError(f"LeiKa key must be 14 digits starting with '99', got {value!r}")
    return value


def _leika_keys(inst: object, attribute: attrs.Attribute, value: tuple[str, ...]) -> None:  # type: ignore[type-arg]
    for key in value:
        check_leika(key)


def _land(inst: object, attribute: attrs.Attribute, value: str) -> None:  # type: ignore[type-arg]
    check_key(value, KeyKind.LAND, field=attribute.name)


@attrs.frozen
class Antragsportal:
    """A Land's portal through which citizens file applications (OZG online services).

    ``for_laender`` lists the Land keys whose Kommunen can offer services through it;
    ``channel`` names its process backbone (the portal's process management);
    ``leistungen`` are LeiKa keys of services it is known to carry.
    """

    id: str = attrs.field(validator=attrs.validators.matches_re(r"[a-z][a-z0-9_-]*"))
    name: str
    land: str = attrs.field(validator=_land)
    operator: str
    url: str | None = None
    channel: str | None = None
    for_laender: tuple[str, ...] = ()
    leistungen: tuple[str, ...] = attrs.field(default=(), validator=_leika_keys)
    sources: tuple[Source, ...] = ()
    note: str | None = None
