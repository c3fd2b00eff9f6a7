"""Rules as code for Thüringen (Land key 16). ``rules()`` is what ``kommune_rules`` returns.

Every rule's norms, validity and modelled versions come from ``norms.toml`` (law as data with
dates) through the rule kit's :class:`~kommune_core.rulekit.RuleBook`.
"""

from __future__ import annotations

from kommune_core.rulekit import Rechtsform, Rule, RuleBook, Scope, ServiceArea, portal_check

from . import haushalt, zweckverband
from .facts import efa_costs

__all__ = ["LAND", "book", "rules"]

LAND = "16"
S = ServiceArea
book = RuleBook(__package__ or "kommune_thueringen.rules")


def rules() -> list[Rule]:
    from kommune_core.rulekit import offer_check

    return [
        book.rule(
            "th.zweckverband.aufgaben",
            "Aufgaben eines Thüringer Zweckverbands laut Verbandssatzung",
            ("thuerkgg_17",),
            offer_check(
                rechtsform=Rechtsform.ZWECKVERBAND, basis="in der Verbandssatzung", seat_land=LAND
            ),
        ),
        book.rule(
            "th.zweckverband.fremdes_land",
            "Beitritt einer Thüringer Kommune zu einem Zweckverband mit Sitz in einem anderen Land",
            ("thuerkgg_16_19",),
            zweckverband.fremdes_land,
            lands=(LAND,),
            scope=Scope.BINDUNG,
        ),
        book.rule(
            "th.zweckverband.beitritt",
            "Beitritt zu einem Thüringer Zweckverband: Antrag und Genehmigung",
            ("thuerkgg_38", "thuerkgg_42"),
            zweckverband.beitritt,
            scope=Scope.BINDUNG,
        ),
        book.rule(
            "th.beteiligung.anzeige",
            "Beteiligung einer Thüringer Kommune an einer GmbH: Anzeige und Genehmigung",
            ("thuerko_72", "thuerko_73", "thuerko_118"),
            zweckverband.beteiligung,
            lands=(LAND,),
            scope=Scope.BINDUNG,
        ),
        book.rule(
            "th.zweckverband.austritt",
            "Austritt aus einem Thüringer Zweckverband: zwei Drittel, wichtiger Grund, Genehmigung",
            ("thuerkgg_38", "thuerkgg_42"),
            zweckverband.austritt,
            scope=Scope.BINDUNG,
        ),
        book.rule(
            "th.unternehmen.gebiet",
            "Thüringer kommunale GmbH, die Kommunen außerhalb Thüringens bedient (§ 71 ThürKO)",
            ("thuerko_71",),
            zweckverband.gebiet,
            scope=Scope.BINDUNG,
        ),
        book.rule(
            "th.portal.online_dienste",
            "Online-Verwaltungsleistungen Thüringer Kommunen über das Thüringer Landesportal",
            ("thuregovg_5", "ozg_portalverbund"),
            portal_check(
                land=LAND,
                portal_law=lambda case: (
                    f"§ 5 ThürEGovG; Portalverbund nach "
                    f"{book('ozg_portalverbund').on(case.on).citation}"
                ),
                missing_connection=(
                    "der Anbieter seine Dienste an das Serviceportal Thüringen bzw. ThAVEL "
                    "anbindet und Anträge über das Routing (PVOG/XZuFi, FIT-Connect nach "
                    "Regionalschlüssel) an die Kommune zugestellt werden"
                ),
                cost_note=efa_costs,
            ),
            areas=(S.ONLINE_DIENSTE,),
            lands=(LAND,),
        ),
        book.rule(
            "th.haushalt.fachverfahren",
            "Fachverfahren nach Thüringer Haushaltsrecht (ThürKO, ThürKDG)",
            ("thuerko_haushalt", "thuerkdg"),
            haushalt.fachverfahren,
            areas=(S.FACHVERFAHREN,),
            lands=(LAND,),
        ),
    ]
