"""Facts the Sachsen rules need beyond the law text, each with its source and confidence."""

from __future__ import annotations

import datetime as dt

import attrs

from kommune_core.domain import Confidence, Source

__all__ = ["AMT24_15A", "UMLAGE_EXAMPLES", "UmlageExample"]


@attrs.frozen
class UmlageExample:
    """A past Umlage of a provider, to show what a member's share can cost."""

    year: int
    amount_eur: int
    note: str
    source: Source


#: Past Umlagen by provider id (project brief § 2).
UMLAGE_EXAMPLES: dict[str, UmlageExample] = {
    "kisa": UmlageExample(
        2015,
        3_000_000,
        "Umlage nach einem Defizit",
        Source(
            "rfth.de: Berichte und Urteile zur KISA-Umlage",
            url="https://www.rfth.de",
            confidence=Confidence.MEDIUM,
        ),
    ),
}

#: Where the wording of § 15a SächsEGovG comes from.
AMT24_15A = Source(
    "Sächsisch direkt: Individuelle Online-Dienste der sächsischen Kommunen müssen mit Amt24 "
    "verknüpft sein",
    url="https://www.saechsisch-direkt.de/individuelle-online-dienste-der-saechsischen-kommunen-"
    "fuer-verwaltungsleistungen-muessen-mit-dem-serviceportal-amt24-verknuepft-sein/",
    date=dt.date(2021, 10, 11),
    confidence=Confidence.MEDIUM,
)
