"""Facts the Thüringen rules need beyond the law text, each with its source and confidence."""

from __future__ import annotations

import attrs

from kommune_core.rulekit import Confidence, Source

__all__ = ["TREATIES", "Treaty"]


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
