"""Saxon Zweckverbände (SächsKomZG): joining, the Umlage, leaving — for members from any Land."""

from __future__ import annotations

from fractions import Fraction

from kommune_core.domain import Case, Finding, Rechtsform, Rule, Verdict
from kommune_core.engine.facts import (
    active_binding,
    fraction_text,
    joining_finding,
    land_name,
    offer_finding,
)
from kommune_core.engine.quorum import assess_quorum

from .facts import UMLAGE_EXAMPLES
from .law import LAND

V = Verdict


def _saxon_zweckverband(case: Case) -> bool:
    p = case.provider
    return p.rechtsform is Rechtsform.ZWECKVERBAND and p.seat_land == LAND


def beitritt(rule: Rule, case: Case) -> Finding | None:
    """A new member needs a change of the Verbandssatzung (§ 61 SächsKomZG)."""
    if not _saxon_zweckverband(case):
        return None
    p = case.provider
    name = p.short_name or p.name
    need = (
        f"Aufnahme in {name} nur durch Änderung der Verbandssatzung (§ 61 SächsKomZG), die die "
        f"Verbandsversammlung beschließt und die Rechtsaufsichtsbehörde genehmigt und bekannt macht"
    )
    return joining_finding(
        rule, case, need=need, done="die Aufnahme durch Satzungsänderung ist erfolgt"
    )


def umlage(rule: Rule, case: Case) -> Finding | None:
    """Members pay an Umlage when the Zweckverband's costs are not covered (§ 60 SächsKomZG)."""
    if not _saxon_zweckverband(case):
        return None
    p = case.provider
    name = p.short_name or p.name
    s = p.satzung
    if s is None or s.umlagepflicht is None:
        return case.finding(
            V.UNKNOWN,
            f"Ob die Satzung von {name} eine Umlage vorsieht, ist nicht erfasst.",
            rule=rule,
            missing=(f"Umlageregelung der Satzung von {name}",),
        )
    if not s.umlagepflicht:
        return case.finding(
            V.SERVES,
            f"Die Satzung von {name} sieht keine Umlage vor.",
            rule=rule,
            sources=s.sources,
        )
    key = (
        f" Umlageschlüssel ({s.umlage_section or 'Satzung'}): {s.umlage_schluessel}."
        if (s.umlage_schluessel)
        else " Der Umlageschlüssel ist nicht erfasst."
    )
    b = active_binding(case)
    share: Fraction | None = case.setup.share if case.setup and case.setup.share else None
    if share is None and b is not None and b.share is not None:
        share = b.share
    sources = tuple(s.sources)
    if share is None:
        portion = (
            " Der Anteil der Kommune ist nicht angegeben (im Setup als share eintragen, um ihn "
            "zu beziffern)."
        )
    else:
        portion = f" Anteil der Kommune laut Setup: {fraction_text(share)}."
        example = UMLAGE_EXAMPLES.get(p.id)
        if example is not None:
            amount = round(example.amount_eur * share)
            portion += (
                f" Bei einer Umlage wie {example.year} ({example.amount_eur:,} €, "
                f"{example.note}; {example.source.confidence.label}) entfielen darauf rund "
                f"{amount:,} €.".replace(",", ".")
            )
            sources += (example.source,)
    return case.finding(
        V.SERVES_WITH_CONDITIONS,
        f"Umlagepflicht: Soweit die Kosten von {name} nicht durch Entgelte gedeckt sind, tragen "
        f"die Mitglieder eine Umlage (§ 60 Abs. 1 SächsKomZG; Kosten sollen dem Nutzen "
        f"folgen).{key}{portion} Bedingung: Haushaltsmittel für eine mögliche Umlage einplanen.",
        rule=rule,
        sources=sources,
    )


def austritt(rule: Rule, case: Case) -> Finding | None:
    """Leaving a Saxon Zweckverband: the quorum the Satzung sets (§ 62 SächsKomZG)."""
    if not _saxon_zweckverband(case):
        return None
    p = case.provider
    name = p.short_name or p.name
    claims = p.satzung.exit_quorum if p.satzung else ()
    setup = case.setup
    total = (setup.total_votes if setup else None) or (p.satzung.total_votes if p.satzung else None)
    foreign = case.kommune.land != LAND
    if foreign:
        own = land_name(case, case.kommune.land)
        group, votes = f"die Mitglieder aus {own}", setup.land_votes if setup else None
        key = "land_votes"
        law = (
            f"Die Satzung von {name} unterliegt sächsischem Recht (Sitz in Sachsen): Nach § 62 "
            f"SächsKomZG kann sie das Quorum für das Ausscheiden bestimmen. Das gesetzliche "
            f"Mindestquorum von zwei Dritteln nach § 38 ThürKGG gilt nur für Thüringer "
            f"Zweckverbände und schützt Mitglieder aus {own} hier nicht. "
        )
    else:
        group, votes = "die Kommune", setup.votes if setup else None
        key = "votes"
        law = (
            f"Nach § 62 SächsKomZG bestimmt die Satzung von {name} das Quorum für das Ausscheiden. "
        )
    a = assess_quorum(claims, group=group, group_votes=votes, total_votes=total, votes_key=key)
    return case.finding(
        a.verdict,
        f"Austritt: {law}{a.text}",
        rule=rule,
        confidence=a.confidence,
        sources=a.sources,
        missing=a.missing,
    )


def aufgaben(rule: Rule, case: Case) -> Finding | None:
    """A Zweckverband seated in this Land does what its Verbandssatzung names (§ 47 SächsKomZG)."""
    p = case.provider
    if p.rechtsform is not Rechtsform.ZWECKVERBAND or p.seat_land != LAND:
        return None
    return offer_finding(rule, case, basis="in der Verbandssatzung")
