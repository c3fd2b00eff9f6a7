"""Thüringen Kommunen and joint providers: joining a Zweckverband (here or in another Land),
taking a GmbH share, leaving a Thüringen Zweckverband, a Thüringen GmbH serving elsewhere."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

from kommune_core import rulekit as kit
from kommune_core.domain import Case, Confidence, Finding, Rechtsform, Role, Rule, Source, Verdict

from .facts import TREATIES

V = Verdict
LAND = "16"
#: § 38 Abs. 1 ThürKGG: Austritt needs two thirds of the satzungsmäßige Stimmenzahl (the
#: Satzung may ask more).
STATUTORY_EXIT_QUORUM = Fraction(2, 3)
#: § 118 Abs. 2 ThürKO names the Große Kreisstädte since 2021 (day assumed, see norms.toml).
_GROSSE_KREISSTADT = dt.date(2021, 7, 1)


def _thuringian_zweckverband(case: Case) -> bool:
    p = case.provider
    return p.rechtsform is Rechtsform.ZWECKVERBAND and p.seat_land == LAND


def fremdes_land(rule: Rule, case: Case) -> Finding | None:
    """Joining a Zweckverband seated in another Land: the Thüringen side of it."""
    p = case.provider
    if (
        p.rechtsform is not Rechtsform.ZWECKVERBAND
        or p.seat_land == LAND
        or case.kommune.land != LAND
    ):
        return None
    r = kit.membership(case)
    if r.value is not None and r.value.member:
        return None  # admitted: the question is settled by the admitting change
    name = kit.provider_name(case)
    seat = kit.land_name(case, p.seat_land)
    base = (
        f"{name} ist ein Zweckverband mit Sitz in {seat}; über die Aufnahme entscheidet der "
        f"Zweckverband nach dem Recht seines Sitzlandes. Das ThürKGG (§§ 16–19) regelt "
        f"Thüringer Zweckverbände und enthält keine ausdrückliche Grundlage für den Beitritt zu "
        f"einem Zweckverband eines anderen Landes: auf Thüringer Seite bleiben der Beschluss "
        f"des Gemeinderats bzw. Kreistags und die Beteiligung der Rechtsaufsicht"
    )
    treaty = TREATIES.get(p.seat_land)
    done = [a for a in p.approvals if LAND in a.admitted_lands and a.approved <= case.on]
    role, confidence = Role.CONDITION, Confidence.MEDIUM
    sources: tuple[Source, ...]
    if treaty is not None:
        reason = f"{base}. Es besteht ein {treaty.title}. Bedingung: dessen Vorgaben einhalten."
        confidence, sources = Confidence.HIGH, (treaty.source,)
    elif done:
        dates = ", ".join(f"{a.approved.isoformat()} ({a.authority})" for a in done)
        reason = (
            f"{base}. Ein Staatsvertrag mit {seat} über Zweckverbände ist nicht erfasst. Für "
            f"{name} wurden Thüringer Mitglieder genehmigt: {dates}. Bedingung: Beschluss des "
            f"Gemeinderats bzw. Kreistags, Antrag und Genehmigung der Satzungsänderung durch die "
            f"Aufsichtsbehörde des Zweckverbands; die fehlende ausdrückliche Grundlage im "
            f"Thüringer Recht bleibt eine rechtliche Unsicherheit."
        )
        sources = tuple(a.source for a in done if a.source)
    else:
        role = Role.RISK
        reason = (
            f"{base}. Ein Staatsvertrag mit {seat} über Zweckverbände ist nicht erfasst, und bis "
            f"{case.on.isoformat()} ist keine Genehmigung eines Thüringer Mitglieds von {name} "
            f"belegt. Risiko: Ob die Aufsichtsbehörde des Zweckverbands einen Thüringer Beitritt "
            f"genehmigt, ist ungewiss."
        )
        sources = p.sources
    return case.finding(
        V.SERVES_WITH_CONDITIONS,
        reason,
        rule=rule,
        role=role,
        confidence=confidence,
        sources=sources,
    )


def beitritt(rule: Rule, case: Case) -> Finding | None:
    """Joining a Thüringen Zweckverband: application (§ 38 Abs. 3) and approval (§ 42)."""
    if not _thuringian_zweckverband(case):
        return None
    return kit.joining_finding(
        rule,
        case,
        need=(
            "Beitritt auf Antrag durch Änderung der Verbandssatzung (§ 38 Abs. 1, 3 ThürKGG), "
            "Genehmigung der Aufsichtsbehörde und Bekanntmachung; wirksam am Tag nach der "
            "Bekanntmachung (§ 42 Abs. 1, 3 ThürKGG)"
        ),
        done="die Aufnahme ist genehmigt und bekannt gemacht",
    )


def beteiligung(rule: Rule, case: Case) -> Finding | None:
    """Taking a share in a GmbH: Anzeige (§ 72 ThürKO) and § 73 requirements; Landkreise are
    governed by the Landkreis part of the ThürKO."""
    p = case.provider
    if p.rechtsform is not Rechtsform.GMBH or case.kommune.land != LAND:
        return None  # ThürKO binds Thüringen Kommunen only
    need = (
        "Erwerb eines Geschäftsanteils: Anzeige an die Rechtsaufsichtsbehörde mindestens sechs "
        "Wochen vor Beginn oder Vergabe von Arbeiten bzw. vor Abschluss des Vertrags (§ 72 Abs. 1 "
        "ThürKO); angemessener Einfluss der Kommune, begrenzte Haftung und Genehmigung der "
        "Rechtsaufsichtsbehörde (§ 73 Abs. 1 ThürKO)"
    )
    k = case.kommune
    if k.is_kreisebene and k.ags is None:
        need += (
            "; für einen Landkreis gelten die Vorschriften der Landkreisordnung (§§ 86 ff. "
            "ThürKO) – welche davon §§ 71 ff. für Landkreise entsprechend anwendet, ist nicht "
            "geprüft; Rechtsaufsichtsbehörde ist das Landesverwaltungsamt (§ 118 Abs. 2 ThürKO)"
        )
    elif k.is_kreisebene:
        need += "; Rechtsaufsichtsbehörde ist das Landesverwaltungsamt (§ 118 Abs. 2 ThürKO)"
    elif case.on >= _GROSSE_KREISSTADT:
        need += (
            "; Rechtsaufsichtsbehörde ist das Landratsamt, für eine Große Kreisstadt seit 2021 "
            "das Landesverwaltungsamt (§ 118 ThürKO)"
        )
    else:
        need += "; Rechtsaufsichtsbehörde ist das Landratsamt (§ 118 Abs. 1 ThürKO)"
    if p.open_to and case.kommune.land not in p.open_to:
        return None  # joining is not open to this Kommune; the route is a tender (bund rule)
    return kit.joining_finding(
        rule,
        case,
        need=need,
        done="Anzeige und Genehmigung der Beteiligung sind damit erledigt",
        sources=(p.open_to_source,) if p.open_to_source else (),
    )


def austritt(rule: Rule, case: Case) -> Finding | None:
    """Leaving a Thüringen Zweckverband: § 38 Abs. 1 (2/3 minimum, the Satzung may ask more),
    Abs. 5 (notice for an important reason), § 42 (approval)."""
    if not _thuringian_zweckverband(case):
        return None
    return kit.leaving_check(
        rule,
        case,
        statutory=STATUTORY_EXIT_QUORUM,
        statutory_label="gesetzliches Mindestquorum",
        statutory_text=(
            f"die Satzung darf nicht weniger als {kit.fraction_text(STATUTORY_EXIT_QUORUM)} "
            f"verlangen (§ 38 Abs. 1 ThürKGG)"
        ),
        floor=True,
        law=(
            "Austritt aus einem Thüringer Zweckverband: mindestens zwei Drittel der "
            "satzungsmäßigen Stimmenzahl (§ 38 Abs. 1 ThürKGG; die Satzung kann mehr "
            "verlangen), Genehmigung der Aufsichtsbehörde (§ 42 Abs. 1 ThürKGG); unabhängig "
            "davon Kündigung aus wichtigem Grund (§ 38 Abs. 5 ThürKGG)."
        ),
        sources=(_source(rule),),
    )


def gebiet(rule: Rule, case: Case) -> Finding | None:
    """A Thüringen municipal GmbH serving a Kommune outside Thüringen (§ 71 ThürKO)."""
    p = case.provider
    if p.rechtsform is not Rechtsform.GMBH or p.seat_land != LAND or case.kommune.land == LAND:
        return None
    return case.finding(
        V.SERVES_WITH_CONDITIONS,
        f"{kit.provider_name(case)} ist ein Unternehmen Thüringer Kommunen. Die wirtschaftliche "
        f"Betätigung kommunaler Unternehmen ist an den öffentlichen Zweck und den örtlichen "
        f"Bezug der Trägerkommunen gebunden (§ 71 ThürKO; die Regel zur Betätigung außerhalb "
        f"des Gebiets ist im Wortlaut nicht geprüft). Risiko: Ob und in welchem Umfang der "
        f"Anbieter eine Kommune außerhalb Thüringens bedienen darf, ist ungewiss.",
        rule=rule,
        role=Role.RISK,
        confidence=Confidence.MEDIUM,
        sources=(_source(rule),),
    )


def _source(rule: Rule) -> Source:
    n = rule.norms[0]
    return Source(f"{n.citation}: {n.title}", url=n.url, confidence=Confidence.MEDIUM)
