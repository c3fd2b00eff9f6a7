"""Facts the Sachsen rules need beyond the law text, each with its source and confidence."""

from __future__ import annotations

import attrs

from kommune_core.rulekit import Confidence, Source

__all__ = ["EXIT_PRACTICE", "UMLAGE_EXAMPLES", "UmlageExample"]


@attrs.frozen
class UmlageExample:
    """A past Umlage of a provider, to show what a member's share can cost."""

    year: int
    amount_eur: int
    note: str
    source: Source


#: Past Umlagen by provider id.
UMLAGE_EXAMPLES: dict[str, UmlageExample] = {
    "kisa": UmlageExample(
        2015,
        3_000_000,
        "Umlage nach einem Defizit, nach Einwohnern verteilt; laut Presse seit 2017 keine "
        "Umlage mehr erhoben",
        Source(
            "rfth.de: KISA-Umlage in Sachsen rechtswidrig",
            url="https://www.rfth.de/standard/verwaltungsrecht-zweckverbandsrecht-kisa-umlage-in-"
            "sachsen-rechtswidrig/",
            confidence=Confidence.MEDIUM,
        ),
    ),
}

#: How exits went in practice, by provider id.
EXIT_PRACTICE: dict[str, tuple[str, tuple[Source, ...]]] = {
    "kisa": (
        "In einer Sitzung um 2016/17 wurden 24 von 37 Austrittsanträgen genehmigt (Presse); "
        "das Ausscheiden der Stadt Klingenthal wurde 2020 genehmigt und wirkte ab 2020-10-23: "
        "schwer, aber nicht unmöglich.",
        (
            Source(
                "Sächsische Zeitung: KISA-Austritt auf Raten",
                url="https://www.saechsische.de/plus/kisa-austritt-auf-raten-3111452.html",
                confidence=Confidence.MEDIUM,
            ),
            Source(
                "Landesdirektion Sachsen: Bekanntmachung zum Ausscheiden der Stadt Klingenthal "
                "aus KISA",
                url="https://lds.sachsen.de/bekanntmachung/?ID=17008&art_param=652",
                confidence=Confidence.HIGH,
            ),
        ),
    ),
}
