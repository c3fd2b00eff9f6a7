"""How verdicts and service areas look in every report format, in one place: the formats
(text, Markdown, HTML/PDF) read these tables instead of keeping their own."""

from __future__ import annotations

import attrs

from ...domain import ServiceArea, Verdict

__all__ = ["LOOK", "SHORT_AREA", "VerdictLook"]


@attrs.frozen
class VerdictLook:
    """A verdict's presentation beside its German label (``Verdict.label``)."""

    #: the matrix cell and its legend ("ja", "Bed.", ...)
    short: str
    #: the CSS class of the HTML/PDF report (``_style.css.j2``)
    css: str
    #: the rich style of the terminal report
    style: str


LOOK: dict[Verdict, VerdictLook] = {
    Verdict.SERVES: VerdictLook(short="ja", css="serves", style="bold green"),
    Verdict.SERVES_WITH_CONDITIONS: VerdictLook(
        short="Bed.", css="conditions", style="bold yellow"
    ),
    Verdict.UNKNOWN: VerdictLook(short="offen", css="unknown", style="bold magenta"),
    Verdict.CANNOT_SERVE: VerdictLook(short="nein", css="cannot", style="bold red"),
}

#: Column heads of the matrix: the area's label without its explanation in brackets.
SHORT_AREA = {
    ServiceArea.BESCHAFFUNG: "Beschaffung",
    ServiceArea.FACHVERFAHREN: "Fachverfahren",
    ServiceArea.BETRIEB: "IT-Betrieb",
    ServiceArea.ONLINE_DIENSTE: "Online-Dienste (OZG)",
    ServiceArea.PROJEKTMANAGEMENT: "Projekt\u00admanagement",
    ServiceArea.SCHULUNG: "Schulung",
    ServiceArea.DATENSCHUTZ: "Datenschutz",
}
