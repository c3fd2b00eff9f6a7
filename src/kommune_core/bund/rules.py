"""Federal rules (GWB, GmbHG, DSGVO): they hold for every Kommune and name no Land.

Land specifics (portals, Haushaltsrecht, Zweckverband law) live in the Land plugins; where a
federal rule needs a Land's fact (its data-protection authority) it reads it from the catalog.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

from kommune_core.domain import Case, Confidence, Finding, Rechtsform, Rule, ServiceArea, Verdict
from kommune_core.engine.facts import active_binding, land_name, offer_finding
from kommune_core.engine.lawdata import load_norms

__all__ = ["rules"]

S = ServiceArea
V = Verdict


@cache
def norms():  # type: ignore[no-untyped-def]
    return load_norms(files(__package__ or "kommune_core.bund") / "norms.toml")


def _offer(rule: Rule, case: Case) -> Finding | None:
    """A GmbH may only do what its Gesellschaftsvertrag names as Gegenstand des Unternehmens.
    Zweckverbände are governed by Land law: the Land plugins contribute that rule."""
    if case.provider.rechtsform is not Rechtsform.GMBH:
        return None
    return offer_finding(rule, case, basis="im Gesellschaftsvertrag")


def _inhouse(rule: Rule, case: Case) -> Finding:
    p = case.provider
    name = p.short_name or p.name
    n = norms()
    warenkorb = (
        " Rahmenverträge und Warenkorb des Anbieters stehen den kontrollierenden Mitgliedern "
        "bzw. Gesellschaftern offen."
        if case.area is S.BESCHAFFUNG
        else ""
    )
    b = active_binding(case)
    if b is None:
        nonmember = (
            " Abrufe aus Rahmenverträgen oder dem Warenkorb des Anbieters sind ohne Mitgliedschaft "
            "nicht möglich."
            if case.area is S.BESCHAFFUNG
            else ""
        )
        return case.finding(
            V.SERVES_WITH_CONDITIONS,
            f"Die Kommune ist weder Mitglied noch Gesellschafterin von {name} und übt daher keine "
            f"(gemeinsame) Kontrolle aus: Eine Inhouse-Vergabe nach § 108 Abs. 1/4 GWB scheidet "
            f"aus. Der Auftrag ist öffentlich auszuschreiben, außer die Voraussetzungen der "
            f"horizontalen Zusammenarbeit (§ 108 Abs. 6 GWB) liegen vor; alternativ Beitritt bzw. "
            f"Erwerb eines Anteils.{nonmember}",
            rule=rule,
            norms=(n["gwb_108_1"], n["gwb_108_4"], n["gwb_108_6"]),
        )
    how = "Mitgliedschaft" if p.rechtsform is Rechtsform.ZWECKVERBAND else "Beteiligung"
    unsure = b.confidence is not Confidence.HIGH
    basis = b.art.label
    if unsure:
        basis += f", nicht gesichert: {b.note or b.confidence.label}"
    if p.private_capital is None:
        return case.finding(
            V.UNKNOWN,
            f"Die Kommune übt über ihre {how} ({basis}) gemeinsame Kontrolle aus; ob an {name} "
            f"private Kapitalbeteiligung besteht, ist nicht erfasst. Davon hängt ab, ob eine "
            f"Inhouse-Vergabe nach § 108 Abs. 4 GWB zulässig ist oder ausgeschrieben werden muss.",
            rule=rule,
            norms=(n["gwb_108_4"],),
            confidence=b.confidence,
            sources=tuple(s for s in (b.source,) if s),
            missing=(f"private Kapitalbeteiligung an {name}",),
        )
    if p.private_capital:
        return case.finding(
            V.SERVES_WITH_CONDITIONS,
            f"An {name} ist privates Kapital beteiligt: Trotz {how} ist keine Inhouse-Vergabe "
            f"möglich (§ 108 Abs. 1 Nr. 3, Abs. 4 GWB); der Auftrag ist auszuschreiben.",
            rule=rule,
            norms=(n["gwb_108_1"], n["gwb_108_4"]),
            confidence=b.confidence,
        )
    return case.finding(
        V.SERVES_WITH_CONDITIONS,
        f"Inhouse-Vergabe nach § 108 Abs. 4 GWB möglich: gemeinsame Kontrolle über die {how} "
        f"({basis}), keine private Kapitalbeteiligung an {name}. Bedingung: Der Anbieter erbringt "
        f"mehr als 80 % seiner Tätigkeit für die kontrollierenden Stellen (§ 108 Abs. 4 Nr. 2 "
        f"GWB).{warenkorb}",
        rule=rule,
        norms=(n["gwb_108_4"],),
        confidence=b.confidence,
        sources=tuple(s for s in (b.source,) if s and unsure),
    )


def _aufsicht(rule: Rule, case: Case) -> Finding:
    p = case.provider
    name = p.short_name or p.name
    own = case.catalog.laender.get(case.kommune.land)
    seat = case.catalog.laender.get(p.seat_land)
    missing = [
        f"Datenschutzaufsicht des Landes {key}"
        for key, land in ((case.kommune.land, own), (p.seat_land, seat))
        if land is None or not land.datenschutzaufsicht
    ]
    if missing or own is None or seat is None:
        return case.finding(
            V.UNKNOWN,
            "Die zuständige Datenschutzaufsicht ist nicht erfasst; wer die Verarbeitung im Auftrag "
            "beaufsichtigt, ist offen.",
            rule=rule,
            missing=tuple(dict.fromkeys(missing)),
        )
    if own.key == seat.key:
        return case.finding(
            V.SERVES,
            f"Kommune und {name} unterliegen derselben Datenschutzaufsicht: "
            f"{own.datenschutzaufsicht}. Auftragsverarbeitung mit Vertrag nach Art. 28 DSGVO.",
            rule=rule,
            sources=own.sources,
        )
    return case.finding(
        V.SERVES_WITH_CONDITIONS,
        f"Die Kommune untersteht der Datenschutzaufsicht ihres Landes ({own.datenschutzaufsicht}); "
        f"{name} als Auftragsverarbeiter mit Sitz in {land_name(case, p.seat_land)} der dortigen "
        f"({seat.datenschutzaufsicht}). Bedingung: Vertrag nach Art. 28 DSGVO, der Kontrollrechte "
        f"der Kommune und die Zusammenarbeit mit beiden Aufsichtsbehörden regelt.",
        rule=rule,
        sources=own.sources + seat.sources,
    )


def rules() -> list[Rule]:
    n = norms()
    return [
        Rule(
            id="bund.angebot.leistungsbereich",
            title="Die GmbH bietet den Leistungsbereich an (Gegenstand des Unternehmens)",
            norms=(n["gmbhg_3"],),
            check=_offer,
            valid_from=n["gmbhg_3"].valid_from,
        ),
        Rule(
            id="bund.vergabe.inhouse",
            title="Inhouse-Vergabe (Mitglieder) oder Ausschreibung (Nichtmitglieder), § 108 GWB",
            norms=(n["gwb_108_1"], n["gwb_108_4"], n["gwb_108_6"]),
            check=_inhouse,
            valid_from=n["gwb_108_1"].valid_from,
        ),
        Rule(
            id="bund.datenschutz.aufsicht",
            title="Datenschutzaufsicht des Landes der Kommune und des Anbieters",
            norms=(n["dsgvo_28"], n["dsgvo_55"]),
            check=_aufsicht,
            valid_from=n["dsgvo_28"].valid_from,
            areas=(S.FACHVERFAHREN, S.BETRIEB, S.ONLINE_DIENSTE, S.DATENSCHUTZ),
        ),
    ]
