"""Saxon Zweckverbände (SächsKomZG): joining, the Umlage, leaving — for members from any Land.
These rules cite Saxon law only; what a member's own Land requires is its plugin's business."""

from __future__ import annotations

from fractions import Fraction

from kommune_core.rulekit import (
    Case,
    Finding,
    GroupVotes,
    Rechtsform,
    Role,
    Rule,
    Verdict,
    fraction_text,
    joining_finding,
    land_name,
    leaving_check,
    membership,
    provider_name,
    umlage_keys,
)

from .facts import EXIT_PRACTICE, UMLAGE_EXAMPLES

V = Verdict
LAND = "14"
#: § 62 Abs. 2 i. V. m. Abs. 1 SächsKomZG: without another quorum in the Satzung, leaving
#: needs three quarters of the satzungsmäßige Stimmen.
DEFAULT_EXIT_QUORUM = Fraction(3, 4)


def _saxon_zweckverband(case: Case) -> bool:
    p = case.provider
    return p.rechtsform is Rechtsform.ZWECKVERBAND and p.seat_land == LAND


def beitritt(rule: Rule, case: Case) -> Finding | None:
    """A new member needs a change of the Verbandssatzung approved by the Rechtsaufsicht and
    published (§ 61 Abs. 1 i. V. m. § 26 Abs. 3 SächsKomZG)."""
    if not _saxon_zweckverband(case):
        return None
    p = case.provider
    name = provider_name(case)
    last = max(
        (a for a in p.approvals if a.approved <= case.on), key=lambda a: a.approved, default=None
    )
    practice = ""
    if last is not None:
        practice = (
            f"; zuletzt: {last.title}, genehmigt am {last.approved.isoformat()} "
            f"({last.authority})"
            + (f", bekannt gemacht am {last.published.isoformat()}" if last.published else "")
        )
    need = (
        f"Aufnahme in {name} durch Änderung der Verbandssatzung, die die Verbandsversammlung "
        f"beschließt, die Rechtsaufsichtsbehörde genehmigt und im Sächsischen Amtsblatt bekannt "
        f"macht (§ 61 Abs. 1 SächsKomZG); erst damit wird die Kommune Mitglied{practice}. "
        f"Als Mitglied trägt sie eine mögliche Umlage (§ 60 Abs. 1 SächsKomZG) und kann nur mit "
        f"dem Quorum der Satzung ausscheiden (§ 62 Abs. 2 SächsKomZG)"
    )
    return joining_finding(
        rule,
        case,
        need=need,
        done="die Aufnahme durch Satzungsänderung ist genehmigt und bekannt gemacht",
        sources=(last.source,) if last is not None and last.source else (),
    )


def umlage(rule: Rule, case: Case) -> Finding | list[Finding] | None:
    """Members pay an Umlage when the Zweckverband's costs are not covered (§ 60 SächsKomZG)."""
    if not _saxon_zweckverband(case):
        return None
    p = case.provider
    name = provider_name(case)
    s = p.satzung
    if s is None or s.umlagepflicht is None:
        return case.finding(
            V.UNKNOWN,
            f"Ob die Satzung von {name} eine Umlage vorsieht, ist nicht erfasst.",
            rule=rule,
            missing=(f"Umlageregelung der Satzung von {name}",),
        )
    if not s.umlagepflicht:
        return None
    r = membership(case)
    if r.value is None or not r.value.member:
        # what a member would pay is named in the admission condition (and, with membership
        # not recorded, the engine weighs the "member" answer through this rule again)
        return None
    who = "Als Mitglied trägt"
    keys = umlage_keys(case)
    section = s.umlage_section or "Satzung"
    if len(keys) == 1:
        key = f" Umlageschlüssel ({section}): {keys[0].text}."
    elif keys:
        key = (
            f" Umlageschlüssel ({section}) am {case.on.isoformat()} nicht eindeutig: "
            + " oder ".join(k.text for k in keys)
            + " (die Änderung ist beschlossen, ihr Wirksamwerden nicht belegt)."
        )
    else:
        key = " Der Umlageschlüssel ist nicht erfasst."
    share = case.setup.share if case.setup and case.setup.share else None
    b = r.value.binding if r.value is not None else None
    if share is None and b is not None and b.share is not None:
        share = b.share
    sources = tuple(src for k in keys for src in k.sources) or s.sources
    if share is None:
        portion = " Der Anteil der Kommune ist nicht angegeben (im Setup als share eintragen)."
    else:
        portion = f" Anteil der Kommune laut Setup: {fraction_text(share)}."
    findings = [
        case.finding(
            V.SERVES_WITH_CONDITIONS,
            f"{who} die Kommune eine Umlage, soweit die Kosten von {name} nicht durch Entgelte "
            f"gedeckt sind (§ 60 Abs. 1 SächsKomZG).{key}{portion} Bedingung: Haushaltsmittel "
            f"für eine mögliche Umlage einplanen.",
            rule=rule,
            role=Role.CONDITION,
            sources=sources,
        )
    ]
    example = UMLAGE_EXAMPLES.get(p.id)
    if example is not None:
        amount = (
            f"; bei einem Anteil von {fraction_text(share)} entfielen darauf rund "
            f"{_euro(round(example.amount_eur * share))}"
            if share is not None
            else ""
        )
        findings.append(
            case.finding(
                V.SERVES_WITH_CONDITIONS,
                f"Risiko Kostenumlage: {example.year} erhob {name} eine Umlage von "
                f"{_euro(example.amount_eur)} ({example.note}){amount}.",
                rule=rule,
                role=Role.RISK,
                confidence=example.source.confidence,
                sources=(example.source,),
            )
        )
    return findings


def _dotted(n: int) -> str:
    """``3113`` → ``3.113`` (German thousands separator)."""
    return f"{n:,}".replace(",", ".")


def _euro(amount: int) -> str:
    """``3000000`` → ``3.000.000 €``."""
    return f"{_dotted(amount)} €"


def austritt(rule: Rule, case: Case) -> Finding | None:
    """Leaving a Saxon Zweckverband: the rules for dissolution apply (§ 62 Abs. 2 SächsKomZG):
    three quarters of the satzungsmäßige Stimmen unless the Satzung sets another quorum,
    approval and publication."""
    if not _saxon_zweckverband(case):
        return None
    setup, s = case.setup, case.provider.satzung
    votes = GroupVotes.of(case)
    if case.kommune.land != LAND and setup is not None and setup.land_votes is not None:
        group = f"die Mitglieder aus {land_name(case, case.kommune.land)}"
        votes = GroupVotes(group, setup.land_votes, votes.total, key="land_votes")
    practice, sources = EXIT_PRACTICE.get(case.provider.id, ("", ()))
    total_note = ""
    if s is not None and s.total_votes and s.total_votes_on and not (setup and setup.total_votes):
        total_note = (
            f" (Stimmenzahl {_dotted(s.total_votes)} laut Beschluss vom "
            f"{s.total_votes_on.isoformat()})"
        )
        if s.total_votes_source is not None:
            sources = (*sources, s.total_votes_source)
    return leaving_check(
        rule,
        case,
        statutory=DEFAULT_EXIT_QUORUM,
        statutory_label="gesetzlicher Regelfall",
        statutory_text=(
            f"ohne Regelung der Satzung gilt {fraction_text(DEFAULT_EXIT_QUORUM)} "
            f"(§ 62 Abs. 2 SächsKomZG)"
        ),
        floor=False,
        law=(
            f"Ausscheiden aus {provider_name(case)}: Es gelten die Bestimmungen über die "
            f"Auflösung entsprechend – Genehmigung der Rechtsaufsichtsbehörde und Bekanntmachung; "
            f"die Satzung kann nur das Quorum abweichend regeln (§ 62 Abs. 2 SächsKomZG)"
            f"{total_note}. {practice}"
        ),
        votes=votes,
        sources=sources,
    )
