"""Facts the Thüringen rules need beyond the law text, each with its source and confidence.

From the project brief § 3 ("Cross-border Zweckverband"): no Sachsen–Thüringen Staatsvertrag on
Zweckverbände was found; analogues exist; the Landesdirektion Sachsen approved Thüringen
members of a Saxon Zweckverband in practice.
"""

from __future__ import annotations

import attrs

from kommune_core.domain import Confidence, Source

__all__ = ["APPROVALS", "BRIEF", "TREATIES", "Approvals", "Treaty"]

BRIEF = Source(
    "Projektbrief Kommune Interop § 3 (Recherche zu grenzüberschreitenden Zweckverbänden)",
    confidence=Confidence.MEDIUM,
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
    "09": Treaty("09", "Staatsvertrag Bayern–Thüringen (1994; Inhalt nicht geprüft)", 1994, BRIEF),
}

#: Approval practice for Thüringen members of Zweckverbände seated in another Land.
APPROVALS: dict[str, Approvals] = {
    "14": Approvals(
        "14",
        "Landesdirektion Sachsen",
        (2019, 2021, 2025),
        Source(
            "Landesdirektion Sachsen: Bekanntmachungen zur Verbandssatzung KISA",
            url="https://www.lds.sachsen.de",
            confidence=Confidence.HIGH,
        ),
    ),
}
