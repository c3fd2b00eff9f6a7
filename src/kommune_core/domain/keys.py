"""Official German area keys: shape checks and conversions.

AGS (Amtlicher Gemeindeschlüssel, 8 digits) = Land (2) + Regierungsbezirk (1) + Kreis (2) +
Gemeinde (3). ARS (Amtlicher Regionalschlüssel, 12 digits) = Land + RB + Kreis (5) +
Gemeindeverband (4) + Gemeinde (3). A Kreisschlüssel is the AGS' first 5 digits, a Land key its
first 2. The core checks shapes only; which Land a prefix belongs to is plugin data.
"""

from __future__ import annotations

from .labels import LabelledEnum

__all__ = [
    "KeyFormatError",
    "KeyKind",
    "ags_of_ars",
    "check_key",
    "classify_key",
]


class KeyFormatError(ValueError):
    """An official key has the wrong shape; the message says which key and why."""


class KeyKind(LabelledEnum):
    """A kind of official key and the ``length`` of its keys in digits."""

    length: int

    LAND = "land", "Landesschlüssel", 2
    KREIS = "kreis", "Kreisschlüssel", 5
    AGS = "ags", "AGS (Amtlicher Gemeindeschlüssel)", 8
    ARS = "ars", "ARS (Amtlicher Regionalschlüssel)", 12


_BY_LENGTH = {k.length: k for k in KeyKind}


def check_key(value: object, kind: KeyKind, *, field: str | None = None) -> str:
    """Return ``value`` if it is a well-formed key of ``kind``, else raise :class:`KeyFormatError`.

    >>> check_key("16052000", KeyKind.AGS)
    '16052000'
    """
    name = field or kind.value
    if not isinstance(value, str):
        raise KeyFormatError(
            f"{name}: {kind.label} must be a string of {kind.length} digits, "
            f"got {type(value).__name__} {value!r} (leading zeros matter: quote the key)"
        )
    if len(value) != kind.length or not value.isascii() or not value.isdigit():
        what = (
            "digits only" if not (value.isascii() and value.isdigit()) else f"{len(value)} digits"
        )
        raise KeyFormatError(
            f"{name}: {kind.label} must have exactly {kind.length} digits, got {value!r} ({what})"
        )
    if value[:2] == "00":
        raise KeyFormatError(f"{name}: {value!r} starts with Land key '00', which does not exist")
    return value


def classify_key(value: str) -> KeyKind:
    """Tell which kind of key ``value`` is by its length (2, 5, 8 or 12 digits)."""
    kind = _BY_LENGTH.get(len(value)) if value.isascii() and value.isdigit() else None
    if kind is None:
        raise KeyFormatError(
            f"{value!r} is no official key: expected 2 (Land), 5 (Kreis), 8 (AGS) "
            f"or 12 (ARS) digits"
        )
    check_key(value, kind)
    return kind


def ags_of_ars(ars: str) -> str:
    """The AGS contained in an ARS: drop the 4-digit Gemeindeverband part."""
    check_key(ars, KeyKind.ARS)
    return ars[:5] + ars[9:]
