"""Rules as code for Sachsen (Land key 14). ``rules()`` is what ``kommune_rules`` returns.

Every rule's norms and validity come from ``norms.toml`` (law as data with dates); the rule
is in force while all of its norms are (``rule_on_norms``).
"""

from __future__ import annotations

from kommune_core.domain import Rule, ServiceArea
from kommune_core.engine.lawdata import rule_on_norms

from . import portal, zweckverband
from .law import LAND, norms

__all__ = ["rules"]

S = ServiceArea


def _rule(rule_id: str, title: str, norm_ids: tuple[str, ...], check, **kw) -> Rule:  # type: ignore[no-untyped-def]
    return rule_on_norms(norms(), rule_id, title, norm_ids, check, **kw)


def rules() -> list[Rule]:
    return [
        _rule(
            "sn.zweckverband.aufgaben",
            "Aufgaben eines sächsischen Zweckverbands laut Verbandssatzung",
            ("saechskomzg_47",),
            zweckverband.aufgaben,
        ),
        _rule(
            "sn.zweckverband.beitritt",
            "Aufnahme in einen sächsischen Zweckverband durch Satzungsänderung",
            ("saechskomzg_61",),
            zweckverband.beitritt,
        ),
        _rule(
            "sn.zweckverband.umlage",
            "Umlagepflicht der Mitglieder eines sächsischen Zweckverbands",
            ("saechskomzg_60",),
            zweckverband.umlage,
        ),
        _rule(
            "sn.zweckverband.austritt",
            "Austritt aus einem sächsischen Zweckverband: Quorum nach der Satzung",
            ("saechskomzg_62",),
            zweckverband.austritt,
        ),
        _rule(
            "sn.portal.amt24",
            "Online-Dienste sächsischer Kommunen auch über Amt24",
            ("saechsegovg_15a",),
            portal.amt24,
            areas=(S.ONLINE_DIENSTE,),
            lands=(LAND,),
        ),
    ]
