"""Rules as code for Sachsen (Land key 14). ``rules()`` is what ``kommune_rules`` returns.

Every rule's norms, validity and modelled versions come from ``norms.toml`` (law as data with
dates) through the rule kit's :class:`~kommune_core.rulekit.RuleBook`. The Zweckverband rules
speak about Saxon Zweckverbände (whatever the member's Land) and cite only Saxon law.
"""

from __future__ import annotations

from kommune_core.rulekit import (
    Rechtsform,
    Rule,
    RuleBook,
    Scope,
    ServiceArea,
    offer_check,
    portal_check,
)

from . import zweckverband

__all__ = ["LAND", "book", "rules"]

LAND = "14"
S = ServiceArea
book = RuleBook(__package__ or "kommune_sachsen.rules")


def rules() -> list[Rule]:
    return [
        book.rule(
            "sn.zweckverband.aufgaben",
            "Aufgaben eines sächsischen Zweckverbands laut Verbandssatzung",
            ("saechskomzg_47",),
            offer_check(
                rechtsform=Rechtsform.ZWECKVERBAND, basis="in der Verbandssatzung", seat_land=LAND
            ),
        ),
        book.rule(
            "sn.zweckverband.beitritt",
            "Aufnahme in einen sächsischen Zweckverband durch genehmigte Satzungsänderung",
            ("saechskomzg_61_1",),
            zweckverband.beitritt,
            scope=Scope.BINDUNG,
        ),
        book.rule(
            "sn.zweckverband.umlage",
            "Umlagepflicht der Mitglieder eines sächsischen Zweckverbands",
            ("saechskomzg_60_1",),
            zweckverband.umlage,
            scope=Scope.BINDUNG,
        ),
        book.rule(
            "sn.zweckverband.austritt",
            "Ausscheiden aus einem sächsischen Zweckverband: Quorum, Genehmigung, Bekanntmachung",
            ("saechskomzg_62_2",),
            zweckverband.austritt,
            scope=Scope.BINDUNG,
        ),
        book.rule(
            "sn.portal.amt24",
            "Online-Dienste sächsischer Kommunen auch über Amt24",
            ("saechsegovg_15a",),
            portal_check(
                land=LAND,
                portal_law="§ 15a SächsEGovG",
                missing_connection=(
                    "die Dienste über das Serviceportal Amt24 auffindbar sind und das "
                    "Nutzerkonto (§ 3 Abs. 2 OZG) nutzen"
                ),
            ),
            areas=(S.ONLINE_DIENSTE,),
            lands=(LAND,),
        ),
    ]
