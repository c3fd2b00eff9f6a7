"""Federal rules, each on both sides of its condition."""

from __future__ import annotations

import datetime as dt

import attrs

from kommune_core.domain import (
    Bindung,
    BindungsArt,
    Confidence,
    Rechtsform,
    ServiceArea,
    Setup,
    Verdict,
)

from .conftest import ask

S, V = ServiceArea, Verdict


def test_offer_in_and_out_of_the_providers_offer(full_catalog) -> None:  # type: ignore[no-untyped-def]
    on = ask(full_catalog, "bund.angebot.leistungsbereich", "16052000", "kiv", S.BESCHAFFUNG)
    off = ask(full_catalog, "bund.angebot.leistungsbereich", "16052000", "kiv", S.BETRIEB)
    assert on.verdict is V.SERVES and "Gesellschaftsvertrag" in on.reason
    # the recorded offer names what the sources name; an area not named is open, not refused
    assert off.verdict is V.UNKNOWN and "nicht belegt" in off.reason and off.missing
    assert "Beschaffung" in off.reason
    # Zweckverbände are Land law: the bund rule stays silent, the Land plugin speaks
    assert ask(full_catalog, "bund.angebot.leistungsbereich", "16075", "kisa", S.SCHULUNG) is None
    sn = ask(full_catalog, "sn.zweckverband.aufgaben", "16075", "kisa", S.SCHULUNG)
    assert sn.verdict is V.UNKNOWN and [n.citation for n in sn.norms] == ["§ 47 SächsKomZG"]
    th = ask(full_catalog, "th.zweckverband.aufgaben", "16075", "kisa", S.SCHULUNG)
    assert th is None  # KISA is no Thüringen Zweckverband


def test_offer_unknown_without_data_or_before_founding(full_catalog) -> None:  # type: ignore[no-untyped-def]
    bare = attrs.evolve(full_catalog.provider("kiv"), offers=())
    f = ask(full_catalog, "bund.angebot.leistungsbereich", "16052000", bare, S.FACHVERFAHREN)
    assert f.verdict is V.UNKNOWN and f.missing
    early = ask(
        full_catalog,
        "bund.angebot.leistungsbereich",
        "16052000",
        "kiv",
        S.BESCHAFFUNG,
        on=dt.date(2020, 5, 26),
    )
    later = ask(
        full_catalog,
        "bund.angebot.leistungsbereich",
        "16052000",
        "kiv",
        S.BESCHAFFUNG,
        on=dt.date(2020, 5, 27),
    )
    assert early.verdict is V.UNKNOWN and "2020-05-27" in early.reason
    assert later.verdict is V.SERVES
    # a GmbH's tasks rest on its Gesellschaftsvertrag (GmbHG § 3), cited
    assert [n.law for n in later.norms] == ["GmbHG"]


def test_inhouse_member_vs_non_member(full_catalog) -> None:  # type: ignore[no-untyped-def]
    member = ask(full_catalog, "bund.vergabe.inhouse", "16075", "kisa", S.BESCHAFFUNG)
    other = ask(full_catalog, "bund.vergabe.inhouse", "16076", "kisa", S.BESCHAFFUNG)
    assert member.verdict is V.SERVES_WITH_CONDITIONS
    assert "§ 108 Abs. 4 GWB möglich" in member.reason and "Warenkorb" in member.reason
    assert [n.section for n in member.norms] == ["§ 108 Abs. 4"]
    assert other.verdict is V.SERVES_WITH_CONDITIONS
    assert "auszuschreiben" in other.reason and "Warenkorb" in other.reason
    assert {n.section for n in other.norms} == {"§ 108 Abs. 1", "§ 108 Abs. 4", "§ 108 Abs. 6"}


def test_inhouse_private_capital_unknown_or_present(full_catalog) -> None:  # type: ignore[no-untyped-def]
    # KIV: Erfurt is a shareholder, private capital is not recorded -> open, names the gap
    f = ask(full_catalog, "bund.vergabe.inhouse", "16051000", "kiv", S.BESCHAFFUNG)
    assert f.verdict is V.UNKNOWN and "private Kapitalbeteiligung" in f.missing[0]
    private = attrs.evolve(full_catalog.provider("kiv"), private_capital=True)
    f = ask(full_catalog, "bund.vergabe.inhouse", "16051000", private, S.BESCHAFFUNG)
    assert f.verdict is V.SERVES_WITH_CONDITIONS and "keine Inhouse-Vergabe" in f.reason


def test_inhouse_uses_the_setup_bindings(full_catalog) -> None:  # type: ignore[no-untyped-def]
    share = Bindung(
        kommune="16053000",
        provider="kiv",
        art=BindungsArt.GESELLSCHAFTER,
        since=dt.date(2021, 1, 1),
    )
    setup = Setup(kommune="16053000", bindungen=(share,))
    without = ask(full_catalog, "bund.vergabe.inhouse", "16053000", "kiv", S.SCHULUNG)
    with_ = ask(full_catalog, "bund.vergabe.inhouse", "16053000", "kiv", S.SCHULUNG, setup=setup)
    assert without.verdict is V.SERVES_WITH_CONDITIONS and not without.missing
    assert with_.verdict is V.UNKNOWN  # now a shareholder: private capital decides
    before = ask(
        full_catalog,
        "bund.vergabe.inhouse",
        "16053000",
        "kiv",
        S.SCHULUNG,
        setup=setup,
        on=dt.date(2020, 12, 31),
    )
    assert before.verdict is V.SERVES_WITH_CONDITIONS and not before.missing


def test_unsure_membership_is_stated(full_catalog) -> None:  # type: ignore[no-untyped-def]
    f = ask(full_catalog, "bund.vergabe.inhouse", "16052000", "kisa", S.FACHVERFAHREN)
    assert f.confidence is Confidence.MEDIUM and "nicht gesichert" in f.reason
    assert f.sources and "Gera" in f.sources[0].title


def test_data_protection_authority_same_or_other_land(full_catalog) -> None:  # type: ignore[no-untyped-def]
    cross = ask(full_catalog, "bund.datenschutz.aufsicht", "16052000", "kisa", S.DATENSCHUTZ)
    same = ask(full_catalog, "bund.datenschutz.aufsicht", "14713000", "kisa", S.DATENSCHUTZ)
    assert cross.verdict is V.SERVES_WITH_CONDITIONS
    assert "Thüringer Landesbeauftragter" in cross.reason and "Sächsische" in cross.reason
    assert same.verdict is V.SERVES and "Sächsische" in same.reason
    foreign = attrs.evolve(full_catalog.provider("kisa"), seat_land="15")
    f = ask(full_catalog, "bund.datenschutz.aufsicht", "14713000", foreign, S.DATENSCHUTZ)
    assert f.verdict is V.UNKNOWN and f.missing == ("Datenschutzaufsicht des Landes 15",)


def test_zweckverband_tasks_are_judged_by_the_seat_lands_law(full_catalog) -> None:  # type: ignore[no-untyped-def]
    th_zv = attrs.evolve(full_catalog.provider("kisa"), seat_land="16", seat="Erfurt")
    th = ask(full_catalog, "th.zweckverband.aufgaben", "16075", th_zv, S.FACHVERFAHREN)
    assert th.verdict is V.SERVES and "Verbandssatzung" in th.reason
    assert [n.citation for n in th.norms] == ["§ 17 Abs. 2 ThürKGG"]
    assert ask(full_catalog, "sn.zweckverband.aufgaben", "16075", th_zv, S.FACHVERFAHREN) is None
    gmbh = attrs.evolve(full_catalog.provider("kisa"), rechtsform=Rechtsform.GMBH)
    assert ask(full_catalog, "sn.zweckverband.aufgaben", "16075", gmbh, S.FACHVERFAHREN) is None


def test_joining_finding_by_binding(full_catalog) -> None:  # type: ignore[no-untyped-def]
    """The shared 'what joining takes' shape: none → condition, unsure → condition with its
    confidence and source, firm → serves with what is settled."""
    none = ask(full_catalog, "th.rechtsaufsicht.genehmigung", "16076", "kisa", S.BETRIEB)
    unsure = ask(full_catalog, "th.rechtsaufsicht.genehmigung", "16052000", "kisa", S.BETRIEB)
    firm = ask(full_catalog, "th.rechtsaufsicht.genehmigung", "16075", "kisa", S.BETRIEB)
    assert none.verdict is V.SERVES_WITH_CONDITIONS and "weder Mitglied" in none.reason
    assert unsure.verdict is V.SERVES_WITH_CONDITIONS and "nicht gesichert" in unsure.reason
    assert unsure.confidence is Confidence.MEDIUM and unsure.sources
    assert firm.verdict is V.SERVES and "damit erledigt" in firm.reason
