"""Facts the Thüringen rules need beyond the law text, each with its source and confidence.

No Sachsen–Thüringen Staatsvertrag on Zweckverbände was found; analogues exist; the
Landesdirektion Sachsen approved Thüringen members of a Saxon Zweckverband in practice (its
published approvals and KISA's notices are the sources; the project's own brief is not one).
"""

from __future__ import annotations

import datetime as _dt

import attrs

from kommune_core.domain import Confidence, Source

__all__ = ["APPROVALS", "BRIEF", "TREATIES", "Approvals", "Treaty"]

#: The public record of Thüringen members admitted to a Saxon Zweckverband (name kept for the
#: rules that import it; it no longer cites the project brief).
BRIEF = Source(
    "Landesdirektion Sachsen: Genehmigung der 5. Änderung der Verbandssatzung KISA "
    "(Aufnahme u. a. Thüringer Kommunen)",
    url="https://lds.sachsen.de/bekanntmachung/?ID=22183&art_param=652&reduce=0",
    date=_dt.date(2025, 1, 23),
    confidence=Confidence.HIGH,
)

#: The Bayern–Thüringen treaty is known only by its year; its text was not checked.
TREATY_BY_TH = Source(
    "Staatsvertrag Bayern–Thüringen über Zweckverbände (1994; Text nicht geprüft)",
    confidence=Confidence.LOW,
)


@attrs.frozen
class Treaty:
    """A Staatsvertrag between Thüringen and another Land on Zweckverbände."""

    land: str
    title: str
    year: int
    source: Source


@attrs.frozen
class Approvals:
    """Known approvals of Thüringen members by the supervisory authority of another Land."""

    land: str
    authority: str
    years: tuple[int, ...]
    source: Source


#: Staatsverträge with Thüringen on Zweckverbände, by the other Land's key.
TREATIES: dict[str, Treaty] = {
    "09": Treaty(
        "09", "Staatsvertrag Bayern–Thüringen (1994; Inhalt nicht geprüft)", 1994, TREATY_BY_TH
    ),
}

#: Approval practice for Thüringen members of Zweckverbände seated in another Land.
APPROVALS: dict[str, Approvals] = {
    "14": Approvals(
        "14",
        "Landesdirektion Sachsen",
        (2019, 2021, 2025),
        Source(
            "KISA: 3. Satzung zur Änderung der Verbandssatzung in Kraft (Aufnahme u. a. "
            "Saale-Holzland-Kreis, Landkreis und Stadt Nordhausen)",
            url="https://kisa.it/de/details/3-satzung-zur-aenderung-der-verbandssatzung-von-kisa-in-kraft.html",
            date=_dt.date(2021, 1, 21),
            confidence=Confidence.HIGH,
        ),
    ),
}
