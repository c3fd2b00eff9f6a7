"""Thüringen Kommunen and Zweckverbände: membership across a Land border, exit quorum (§ 38)."""

from __future__ import annotations

from kommune_core.domain import (
    Case,
    Confidence,
    Finding,
    Norm,
    QuorumClaim,
    Rechtsform,
    Rule,
    Source,
    Verdict,
)
from kommune_core.engine.facts import (
    fraction_text,
    joining_finding,
    land_name,
    offer_finding,
)
from kommune_core.engine.quorum import assess_quorum

from .facts import APPROVALS, BRIEF, TREATIES
from .law import LAND, STATUTORY_EXIT_QUORUM, norms

V = Verdict


def fremdes_land(rule: Rule, case: Case) -> Finding | None:
    """Membership of a Thüringen Kommune in a Zweckverband seated in another Land."""
    p = case.provider
    if p.rechtsform is not Rechtsform.ZWECKVERBAND or p.seat_land == LAND:
        return None
    name = p.short_name or p.name
    seat = land_name(case, p.seat_land)
    base = (
        f"{name} ist ein Zweckverband mit Sitz in {seat}. Das ThürKGG (§ 16) und das Recht des "
        f"Sitzlandes enthalten keine gefundene ausdrückliche Regel für Mitglieder aus einem "
        f"anderen Land"
    )
    treaty = TREATIES.get(p.seat_land)
    if treaty is not None:
        return case.finding(
            V.SERVES_WITH_CONDITIONS,
            f"{base}; es besteht aber ein {treaty.title}. Bedingung: die Vorgaben dieses "
            f"Staatsvertrags einhalten.",
            rule=rule,
            confidence=Confidence.MEDIUM,
            sources=(treaty.source,),
        )
    approvals = APPROVALS.get(p.seat_land)
    # Only approvals given by the date asked about count as practice on that date.
    years = [y for y in approvals.years if y <= case.on.year] if approvals else []
    if approvals is None or not years:
        return case.finding(
            V.UNKNOWN,
            f"{base}, und ein Staatsvertrag zwischen Thüringen und {seat} über Zweckverbände "
            f"ist nicht bekannt. Ob eine Thüringer Kommune Mitglied werden kann, ist offen.",
            rule=rule,
            confidence=Confidence.LOW,
            sources=(BRIEF,),
            missing=(f"Rechtsgrundlage oder Genehmigungspraxis für Thüringer Mitglieder ({seat})",),
        )
    return case.finding(
        V.SERVES_WITH_CONDITIONS,
        f"{base}, und ein Staatsvertrag zwischen Thüringen und {seat} über Zweckverbände wurde "
        f"nicht gefunden. In der Praxis hat die {approvals.authority} Thüringer Mitglieder "
        f"genehmigt ({', '.join(map(str, years))}). Bedingung und Unsicherheit: Die "
        f"Mitgliedschaft beruht auf dieser Genehmigungspraxis, nicht auf einer ausdrücklichen "
        f"gesetzlichen Grundlage; die Satzung des Zweckverbands unterliegt dem Recht von {seat}.",
        rule=rule,
        confidence=Confidence.MEDIUM,
        sources=(approvals.source, BRIEF),
    )


def austritt(rule: Rule, case: Case) -> Finding | None:
    """Exit from a Thüringen Zweckverband: § 38 ThürKGG (2/3 minimum) and § 42 (Genehmigung)."""
    p = case.provider
    if p.rechtsform is not Rechtsform.ZWECKVERBAND or p.seat_land != LAND:
        return None
    n = norms()
    statutory = QuorumClaim(
        STATUTORY_EXIT_QUORUM,
        Confidence.HIGH,
        _source(n["thuerkgg_38"]),
        note="gesetzliches Mindestquorum",
    )
    # The Satzung may demand more than the statutory two thirds, never less (§ 38 ThürKGG).
    claims = [
        statutory,
        *(
            c
            for c in (p.satzung.exit_quorum if p.satzung else ())
            if c.value > STATUTORY_EXIT_QUORUM
        ),
    ]
    setup = case.setup
    total = (setup.total_votes if setup else None) or (p.satzung.total_votes if p.satzung else None)
    a = assess_quorum(
        claims, group="die Kommune", group_votes=setup.votes if setup else None, total_votes=total
    )
    return case.finding(
        a.verdict,
        f"Austritt aus einem Thüringer Zweckverband: mindestens "
        f"{fraction_text(STATUTORY_EXIT_QUORUM)} der satzungsmäßigen Stimmenzahl (§ 38 ThürKGG; "
        f"die Satzung kann mehr verlangen) und "
        f"Genehmigung der Aufsichtsbehörde (§ 42 Abs. 1 ThürKGG). {a.text}",
        rule=rule,
        confidence=a.confidence,
        sources=a.sources,
        missing=a.missing,
    )


def _source(norm: Norm) -> Source:
    return Source(f"{norm.citation}: {norm.title}", url=norm.url)


def genehmigung(rule: Rule, case: Case) -> Finding | None:
    """Approval by the Rechtsaufsicht: joining a Zweckverband or taking a share in a GmbH."""
    p = case.provider
    n = norms()
    if p.rechtsform is Rechtsform.ZWECKVERBAND:
        cite = (n["thuerkgg_18"], n["thuerkgg_42"])
        need = (
            "Beitritt nur durch Änderung der Verbandssatzung mit Genehmigung der "
            "Aufsichtsbehörde (§ 42 Abs. 1 Nr. 1 i. V. m. § 18 ThürKGG); ein späterer Austritt "
            "ist ebenfalls genehmigungspflichtig"
        )
        if p.seat_land != LAND:
            need += (
                f"; bei einem Zweckverband mit Sitz in {land_name(case, p.seat_land)} genehmigt "
                f"dessen Aufsichtsbehörde die Satzungsänderung nach dortigem Recht (siehe Regel "
                f"th.zweckverband.fremdes_land)"
            )
    elif p.rechtsform is Rechtsform.GMBH:
        cite = (n["thuerko_72"], n["thuerko_73"])
        need = (
            "Erwerb eines Geschäftsanteils: Anzeige an die Rechtsaufsichtsbehörde mindestens "
            "sechs Wochen vor der Entscheidung (§ 72 ThürKO); angemessener Einfluss der Kommune "
            "und begrenzte Haftung müssen gesichert sein (§ 73 ThürKO)"
        )
    else:
        return None
    return joining_finding(
        rule,
        case,
        need=need,
        done="die Genehmigung bzw. Anzeige für den Beitritt ist damit erledigt",
        norms=cite,
    )


def aufgaben(rule: Rule, case: Case) -> Finding | None:
    """A Zweckverband seated in this Land does what its Verbandssatzung names
    (§ 17 Abs. 2 ThürKGG)."""
    p = case.provider
    if p.rechtsform is not Rechtsform.ZWECKVERBAND or p.seat_land != LAND:
        return None
    return offer_finding(rule, case, basis="in der Verbandssatzung")
