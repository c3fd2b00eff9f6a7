"""Federal rules (GWB, GmbHG, DSGVO): they hold for every Kommune and name no Land.

Land specifics (portals, Haushaltsrecht, Zweckverband law, which Land authority is competent)
live in the Land plugins; where a federal rule needs a Land's fact (its data-protection
authority's name on the date) it reads it from the case's view.
"""

from __future__ import annotations

from kommune_core.rulekit import (
    Case,
    Finding,
    Rechtsform,
    Role,
    Rule,
    RuleBook,
    ServiceArea,
    Verdict,
    land_name,
    membership,
    membership_question,
    offer_check,
    private_capital,
    provider_name,
)

__all__ = ["book", "rules"]

S = ServiceArea
V = Verdict

book = RuleBook(__package__ or "kommune_core.bund")


def _inhouse(rule: Rule, case: Case) -> Finding:
    """§ 108 GWB: the route by which the provider can be commissioned (a decision)."""
    p = case.provider
    name = provider_name(case)
    n = book.norms
    r = membership(case)
    m = r.value
    # the route is a decision (serves with conditions) resting on the membership; membership
    # or (for a member) private capital not recorded leaves it an open question
    verdict, role = V.SERVES_WITH_CONDITIONS, Role.DECISION
    cited: tuple[str, ...]  # keys of the norms the finding cites
    missing: tuple[str, ...] = ()
    if m is None:
        zv = p.rechtsform is Rechtsform.ZWECKVERBAND
        member, join = (
            ("Mitglied", "Beitritt") if zv else ("Gesellschafterin", "Erwerb eines Anteils")
        )
        verdict, role = V.UNKNOWN, Role.OPEN_QUESTION
        reason = (
            f"{r.fact.fact}. Als {member} wäre eine Inhouse-Vergabe nach § 108 Abs. 4 GWB "
            f"möglich, sonst Ausschreibung oder {join} – beides möglich unter Bedingungen."
        )
        cited = ("gwb_108_4", "gwb_108_5", "gwb_108_6")
        missing = (membership_question(case),)
    elif not m.member:
        closed = ""
        if p.open_to and case.kommune.land not in p.open_to:
            closed = (
                f" Die Quellen nennen {name} offen für Kommunen aus "
                f"{', '.join(land_name(case, k) for k in p.open_to)}; ob eine Kommune aus "
                f"{land_name(case, case.kommune.land)} beitreten kann, ist nicht belegt."
            )
        nonmember = (
            " Abrufe aus Rahmenverträgen oder dem Warenkorb des Anbieters setzen die "
            "Mitgliedschaft bzw. Beteiligung voraus."
            if case.area is S.BESCHAFFUNG
            else ""
        )
        reason = (
            f"Die Kommune ist bei {name} {m.text} und übt keine (gemeinsame) Kontrolle aus: "
            f"Eine Inhouse-Vergabe nach § 108 Abs. 1/4 GWB scheidet aus. Weg: öffentliche "
            f"Ausschreibung, horizontale Zusammenarbeit nach § 108 Abs. 6 GWB (u. a. weniger als "
            f"20 % der durch die Zusammenarbeit erfassten Tätigkeiten auf dem offenen Markt) oder "
            f"Beitritt bzw. Erwerb eines Anteils.{closed}{nonmember}"
        )
        cited = ("gwb_108_1", "gwb_108_4", "gwb_108_6")
    elif (pc := private_capital(case)).value is None:
        verdict, role = V.UNKNOWN, Role.OPEN_QUESTION
        reason = (
            f"Die Kommune ist {m.text} und übt darüber Kontrolle aus; ob an {name} private "
            f"Kapitalbeteiligung besteht, ist nicht erfasst: ohne sie Inhouse-Vergabe nach "
            f"§ 108 Abs. 4 GWB, mit ihr Ausschreibung – beides möglich unter Bedingungen."
        )
        cited = ("gwb_108_4",)
        missing = (f"private Kapitalbeteiligung an {name}",)
    elif pc.value:
        how = "Mitgliedschaft" if p.rechtsform is Rechtsform.ZWECKVERBAND else "Beteiligung"
        reason = (
            f"An {name} ist privates Kapital beteiligt: Trotz {how} ist keine Inhouse-Vergabe "
            f"möglich (§ 108 Abs. 1 Nr. 3, Abs. 4 GWB); der Auftrag ist auszuschreiben."
        )
        cited = ("gwb_108_1", "gwb_108_4")
    else:
        warenkorb = (
            " Rahmenverträge und Warenkorb des Anbieters stehen den kontrollierenden Mitgliedern "
            "bzw. Gesellschaftern offen."
            if case.area is S.BESCHAFFUNG
            else ""
        )
        reason = (
            f"Inhouse-Vergabe nach § 108 Abs. 4 GWB: Die Kommune ist {m.text}; an {name} ist "
            f"kein privates Kapital beteiligt. Bedingungen: gemeinsame Kontrolle im Sinne von "
            f"§ 108 Abs. 5 GWB – die Kommune ist in den Beschlussorganen vertreten, die "
            f"kontrollierenden Stellen üben gemeinsam ausschlaggebenden Einfluss aus und der "
            f"Anbieter verfolgt keine gegenläufigen Interessen (bei einem kleinen Mitglied unter "
            f"vielen bzw. einem sehr kleinen Geschäftsanteil zu prüfen); der Anbieter erbringt "
            f"mehr als 80 % seiner Tätigkeit für die kontrollierenden Stellen (§ 108 Abs. 4 "
            f"Nr. 2 GWB).{warenkorb}"
        )
        cited = ("gwb_108_4", "gwb_108_5")
    return case.finding(
        verdict,
        reason,
        rule=rule,
        role=role,
        norms=tuple(n[k] for k in cited),
        confidence=r.fact.confidence if m is None else m.confidence,
        sources=r.fact.sources if m is None else m.sources,
        missing=missing,
    )


def _aufsicht(rule: Rule, case: Case) -> Finding:
    p = case.provider
    name = provider_name(case)
    own = case.view.laender.get(case.kommune.land)
    seat = case.view.laender.get(p.seat_land)

    def authority(land) -> str | None:  # type: ignore[no-untyped-def]
        if land is None:
            return None
        a = land.authority("datenschutzaufsicht", case.on)
        if a is None:
            return land.datenschutzaufsicht
        return f"{a.name}, zuständig nach {a.norm}" if a.norm else a.name

    mine, theirs = authority(own), authority(seat)
    if own is None or seat is None or not mine or not theirs:
        missing = [
            f"Datenschutzaufsicht des Landes {key}"
            for key, name_ in ((case.kommune.land, mine), (p.seat_land, theirs))
            if not name_
        ]
        return case.finding(
            V.UNKNOWN,
            "Die zuständige Datenschutzaufsicht ist nicht erfasst; wer die Verarbeitung im Auftrag "
            "beaufsichtigt, ist offen.",
            rule=rule,
            missing=tuple(dict.fromkeys(missing)),
        )
    if own.key == seat.key:
        reason = (
            f"Kommune und {name} unterliegen derselben Datenschutzaufsicht ({mine}). "
            f"Bedingung: Auftragsverarbeitung mit Vertrag nach Art. 28 DSGVO."
        )
        sources = own.sources
    else:
        reason = (
            f"Die Kommune untersteht der Datenschutzaufsicht ihres Landes ({mine}); {name} als "
            f"Auftragsverarbeiter mit Sitz in {land_name(case, p.seat_land)} der Aufsicht "
            f"dieses Landes ({theirs}). Bedingung: Vertrag nach Art. 28 DSGVO, der Kontrollrechte "
            f"der Kommune und die Zusammenarbeit mit beiden Aufsichtsbehörden regelt."
        )
        sources = own.sources + seat.sources
    return case.finding(
        V.SERVES_WITH_CONDITIONS, reason, rule=rule, role=Role.DECISION, sources=sources
    )


def rules() -> list[Rule]:
    return [
        book.rule(
            "bund.angebot.leistungsbereich",
            "Die GmbH bietet den Leistungsbereich an (Gegenstand des Unternehmens)",
            ("gmbhg_3",),
            offer_check(rechtsform=Rechtsform.GMBH, basis="im Gesellschaftsvertrag"),
        ),
        book.rule(
            "bund.vergabe.inhouse",
            "Inhouse-Vergabe (Mitglieder, gemeinsame Kontrolle) oder Ausschreibung, § 108 GWB",
            ("gwb_108_1", "gwb_108_4", "gwb_108_5", "gwb_108_6"),
            _inhouse,
        ),
        book.rule(
            "bund.datenschutz.aufsicht",
            "Auftragsverarbeitung und Datenschutzaufsicht beider Länder (Art. 28, 55 DSGVO)",
            ("dsgvo_28", "dsgvo_55"),
            _aufsicht,
            areas=(S.FACHVERFAHREN, S.BETRIEB, S.ONLINE_DIENSTE, S.DATENSCHUTZ),
        ),
    ]
