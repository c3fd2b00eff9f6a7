"""Facts the Thüringen rules need beyond the law text, each with its source and confidence."""

from __future__ import annotations

import datetime as dt

import attrs

from kommune_core.rulekit import Case, Confidence, Source

__all__ = ["TREATIES", "Treaty", "efa_costs"]

#: The Land pays operation and connection of EfA online services Thüringen Kommunen re-use,
#: not additional alternative solutions (Thüringer Finanzministerium, budget 2024).
EFA_COSTS_SINCE = dt.date(2024, 1, 1)
EFA_COSTS = Source(
    "Thüringer Finanzministerium: Mehr Kommunen sollen zentrale Online-Dienste nachnutzen – "
    "die Kosten für Betrieb und Wartung übernimmt das Land",
    url="https://finanzen.thueringen.de/aktuelles/medieninfo/detailseite/in-thueringen-sollen-"
    "im-zuge-der-verwaltungsdigitalisierung-mehr-kommunen-zentrale-online-dienste-nachnutzen-"
    "die-anfallenden-kosten-fuer-betrieb-und-wartung-uebernimmt-das-land-fuer-die-kommunen",
    confidence=Confidence.HIGH,
)


def efa_costs(case: Case) -> tuple[str, Source] | None:
    """Who pays when a Thüringen Kommune uses another provider's online services."""
    if case.on < EFA_COSTS_SINCE:
        return None
    return (
        "Kosten: Betrieb und Anbindung nachgenutzter EfA-Dienste übernimmt das Land; für eine "
        "zusätzliche alternative Lösung gibt es keine Landesfinanzierung (Stand Haushalt 2024).",
        EFA_COSTS,
    )


@attrs.frozen
class Treaty:
    """A Staatsvertrag between Thüringen and another Land on Zweckverbände."""

    land: str
    title: str
    year: int
    source: Source


#: Staatsverträge with Thüringen on Zweckverbände, by the other Land's key. (A Bayern–Thüringen
#: treaty of 1994 is reported but no source for it was found; it is not recorded.)
TREATIES: dict[str, Treaty] = {
    "06": Treaty(
        "06",
        "Staatsvertrag Hessen–Thüringen über die grenzüberschreitende kommunale Zusammenarbeit "
        "in Zweckverbänden (2000)",
        2000,
        Source(
            "Staatsvertrag Hessen–Thüringen vom 2000-05-02 (Gesetzentwurf der Hessischen "
            "Landesregierung)",
            url="http://www.juramagazin.de/18070.html",
            confidence=Confidence.HIGH,
        ),
    ),
}
