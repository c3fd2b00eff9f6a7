"""Rules as code for Thüringen (Land key 16). ``rules()`` is what ``kommune_rules`` returns.

Every rule's norms and validity come from ``norms.toml`` (law as data with dates); the rule
is in force while all of its norms are (``rule_on_norms``).
"""

from __future__ import annotations

from kommune_core.domain import Rule, ServiceArea
from kommune_core.engine.lawdata import rule_on_norms

from . import haushalt, portal, zweckverband
from .law import LAND, norms

__all__ = ["rules"]

S = ServiceArea


def _rule(rule_id: str, title: str, norm_ids: tuple[str, ...], check, **kw) -> Rule:  # type: ignore[no-untyped-def]
    return rule_on_norms(norms(), rule_id, title, norm_ids, check, **kw)


def rules() -> list[Rule]:
    return [
        _rule(
            "th.zweckverband.aufgaben",
            "Aufgaben eines Thüringer Zweckverbands laut Verbandssatzung",
            ("thuerkgg_17",),
            zweckverband.aufgaben,
        ),
        _rule(
            "th.zweckverband.fremdes_land",
            "Mitgliedschaft einer Thüringer Kommune in einem Zweckverband eines anderen Landes",
            ("thuerkgg_16",),
            zweckverband.fremdes_land,
            lands=(LAND,),
        ),
        _rule(
            "th.rechtsaufsicht.genehmigung",
            "Genehmigung bzw. Anzeige bei der Rechtsaufsicht für Beitritt oder Beteiligung",
            ("thuerkgg_18", "thuerkgg_42", "thuerko_72", "thuerko_73"),
            zweckverband.genehmigung,
            lands=(LAND,),
        ),
        _rule(
            "th.zweckverband.austritt",
            "Austritt aus einem Thüringer Zweckverband: zwei Drittel der Stimmen, Genehmigung",
            ("thuerkgg_38", "thuerkgg_42"),
            zweckverband.austritt,
        ),
        _rule(
            "th.portal.online_dienste",
            "Online-Verwaltungsleistungen Thüringer Kommunen über ein Thüringer Portal",
            ("thuregovg_5", "ozg_3"),
            portal.online_dienste,
            areas=(S.ONLINE_DIENSTE,),
            lands=(LAND,),
        ),
        _rule(
            "th.haushalt.fachverfahren",
            "Fachverfahren nach Thüringer Haushaltsrecht (ThürKO, ThürKDG)",
            ("thuerko_haushalt", "thuerkdg"),
            haushalt.fachverfahren,
            areas=(S.FACHVERFAHREN,),
            lands=(LAND,),
        ),
    ]
