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
    if m is None:
        zv = p.rechtsform is Rechtsform.ZWECKVERBAND
        member, join = (
            ("Mitglied", "Beitritt") if zv else ("Gesellschafterin", "Erwerb eines Anteils")
        )
        return case.finding(
            V.UNKNOWN,
            f"{r.fact.fact}. Als {member} wäre eine Inhouse-Vergabe nach § 108 Abs. 4 GWB "
            f"möglich, sonst Ausschreibung oder {join} – beides möglich unter Bedingungen.",
            rule=rule,
            norms=(n["gwb_108_4"], n["gwb_108_5"], n["gwb_108_6"]),
            confidence=r.fact.confidence,
            sources=r.fact.sources,
            missing=(membership_question(case),),
        )

    def route(reason: str, *norms: str) -> Finding:
        """The decision on the route (serves with conditions), resting on the membership."""
        return case.finding(
            V.SERVES_WITH_CONDITIONS,
            reason,
            rule=rule,
            role=Role.DECISION,
            norms=tuple(n[k] for k in norms),
            confidence=m.confidence,
            sources=m.sources,
        )

    if not m.member:
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
        return route(
            f"Die Kommune ist bei {name} {m.text} und übt keine (gemeinsame) Kontrolle aus: "
            f"Eine Inhouse-Vergabe nach § 108 Abs. 1/4 GWB scheidet aus. Weg: öffentliche "
            f"Ausschreibung, horizontale Zusammenarbeit nach § 108 Abs. 6 GWB (u. a. weniger als "
            f"20 % der durch die Zusammenarbeit erfassten Tätigkeiten auf dem offenen Markt) oder "
            f"Beitritt bzw. Erwerb eines Anteils.{closed}{nonmember}",
            "gwb_108_1",
            "gwb_108_4",
            "gwb_108_6",
        )
    how = "Mitgliedschaft" if p.rechtsform is Rechtsform.ZWECKVERBAND else "Beteiligung"
    pc = private_capital(case)
    if pc.value is None:
        return case.finding(
            V.UNKNOWN,
            f"Die Kommune ist {m.text} und übt darüber Kontrolle aus; ob an {name} private "
            f"Kapitalbeteiligung besteht, ist nicht erfasst: ohne sie Inhouse-Vergabe nach "
            f"§ 108 Abs. 4 GWB, mit ihr Ausschreibung – beides möglich unter Bedingungen.",
            rule=rule,
            norms=(n["gwb_108_4"],),
            confidence=m.confidence,
            sources=m.sources,
            missing=(f"private Kapitalbeteiligung an {name}",),
        )
    if pc.value:
        return route(
            f"An {name} ist privates Kapital beteiligt: Trotz {how} ist keine Inhouse-Vergabe "
            f"möglich (§ 108 Abs. 1 Nr. 3, Abs. 4 GWB); der Auftrag ist auszuschreiben.",
            "gwb_108_1",
            "gwb_108_4",
        )
    warenkorb = (
        " Rahmenverträge und Warenkorb des Anbieters stehen den kontrollierenden Mitgliedern "
        "bzw. Gesellschaftern offen."
        if case.area is S.BESCHAFFUNG
        else ""
    )
    return route(
        f"Inhouse-Vergabe nach § 108 Abs. 4 GWB: Die Kommune ist {m.text}; an {name} ist "
        f"kein privates Kapital beteiligt. Bedingungen: gemeinsame Kontrolle im Sinne von § 108 "
        f"Abs. 5 GWB – die Kommune ist in den Beschlussorganen vertreten, die kontrollierenden "
        f"Stellen üben gemeinsam ausschlaggebenden Einfluss aus und der Anbieter verfolgt keine "
        f"gegenläufigen Interessen (bei einem kleinen Mitglied unter vielen bzw. einem sehr "
        f"kleinen Geschäftsanteil zu prüfen); der Anbieter erbringt mehr als 80 % seiner "
        f"Tätigkeit für die kontrollierenden Stellen (§ 108 Abs. 4 Nr. 2 GWB).{warenkorb}",
        "gwb_108_4",
        "gwb_108_5",
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
        return case.finding(
            V.SERVES_WITH_CONDITIONS,
            f"Kommune und {name} unterliegen derselben Datenschutzaufsicht ({mine}). "
            f"Bedingung: Auftragsverarbeitung mit Vertrag nach Art. 28 DSGVO.",
            rule=rule,
            role=Role.DECISION,
            sources=own.sources,
        )
    return case.finding(
        V.SERVES_WITH_CONDITIONS,
        f"Die Kommune untersteht der Datenschutzaufsicht ihres Landes ({mine}); {name} als "
        f"Auftragsverarbeiter mit Sitz in {land_name(case, p.seat_land)} der Aufsicht dieses "
        f"Landes ({theirs}). Bedingung: Vertrag nach Art. 28 DSGVO, der Kontrollrechte der "
        f"Kommune und die Zusammenarbeit mit beiden Aufsichtsbehörden regelt.",
        rule=rule,
        role=Role.DECISION,
        sources=own.sources + seat.sources,
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
