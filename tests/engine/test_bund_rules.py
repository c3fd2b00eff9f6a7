"""Federal rules, each on both sides of its condition."""

from __future__ import annotations

import datetime as dt

import attrs

from kommune_core.domain import (
    Bindung,
    BindungsArt,
    Rechtsform,
    Role,
    ServiceArea,
    Setup,
    Verdict,
)

from .conftest import ask

S, V = ServiceArea, Verdict


def test_offer_in_and_out_of_the_providers_offer(full_catalog) -> None:  # type: ignore[no-untyped-def]
    on = ask(full_catalog, "bund.angebot.leistungsbereich", "16052000", "kiv", S.BESCHAFFUNG)
    assert on.verdict is V.SERVES and "Gesellschaftsvertrag" in on.reason
    narrow = attrs.evolve(full_catalog.provider("kiv"), offers=(S.BESCHAFFUNG,))
    off = ask(full_catalog, "bund.angebot.leistungsbereich", "16052000", narrow, S.BETRIEB)
    # the recorded offer names what the sources name; an area not named is an open question
    assert off.role is Role.OPEN_QUESTION and "nicht belegt" in off.reason and off.missing
    # Zweckverbände are judged by their seat Land's law: the federal rule stays silent
    assert ask(full_catalog, "bund.angebot.leistungsbereich", "16075", "kisa", S.SCHULUNG) is None
    sn = ask(full_catalog, "sn.zweckverband.aufgaben", "16075", "kisa", S.SCHULUNG)
    assert sn.role is Role.OPEN_QUESTION and "Verbandssatzung" in sn.reason
    th = ask(full_catalog, "th.zweckverband.aufgaben", "16075", "kisa", S.SCHULUNG)
    assert th is None  # KISA is not seated in Thüringen


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
    other = ask(
        full_catalog, "bund.vergabe.inhouse", "16076", "kisa", S.BESCHAFFUNG, on=dt.date(2025, 3, 1)
    )  # Greiz: deferred, and the Landkreis list is complete
    for f in (member, other):
        assert f.role is Role.DECISION and f.verdict is V.SERVES_WITH_CONDITIONS
    assert "§ 108 Abs. 5 GWB" in member.reason and "Beschlussorganen" in member.reason
    assert [n.citation for n in member.norms] == ["§ 108 Abs. 4 GWB", "§ 108 Abs. 5 GWB"]
    assert "Ausschreibung" in other.reason and "weniger als 20 %" in other.reason
    assert "Warenkorb" in other.reason


def test_inhouse_membership_not_recorded_is_an_open_question(full_catalog) -> None:  # type: ignore[no-untyped-def]
    f = ask(full_catalog, "bund.vergabe.inhouse", "14713000", "kisa", S.FACHVERFAHREN)
    assert f.role is Role.OPEN_QUESTION and f.missing


def test_inhouse_private_capital_unknown_or_present(full_catalog) -> None:  # type: ignore[no-untyped-def]
    f = ask(full_catalog, "bund.vergabe.inhouse", "16051000", "kiv", S.BESCHAFFUNG)
    assert f.role is Role.OPEN_QUESTION and f.missing == (
        "private Kapitalbeteiligung an KIV Thüringen",
    )
    private = attrs.evolve(full_catalog.provider("kiv"), private_capital=True)
    f = ask(full_catalog, "bund.vergabe.inhouse", "16051000", private, S.BESCHAFFUNG)
    assert f.role is Role.DECISION and "privates Kapital" in f.reason


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
    assert without.role is Role.OPEN_QUESTION  # KIV's shareholders are not published
    assert with_.role is Role.OPEN_QUESTION and "privat" in with_.reason  # now private capital
    not_member = Setup(kommune="16053000", not_member_of=("kiv",))
    f = ask(full_catalog, "bund.vergabe.inhouse", "16053000", "kiv", S.SCHULUNG, setup=not_member)
    assert f.role is Role.DECISION and "laut Setup" in f.reason
    before = ask(
        full_catalog,
        "bund.vergabe.inhouse",
        "16053000",
        "kiv",
        S.SCHULUNG,
        setup=attrs.evolve(setup, not_member_of=("kiv",)),
        on=dt.date(2020, 12, 31),
    )
    assert before.role is Role.DECISION and "Ausschreibung" in before.reason


def test_data_protection_authority_same_or_other_land(full_catalog) -> None:  # type: ignore[no-untyped-def]
    cross = ask(full_catalog, "bund.datenschutz.aufsicht", "16052000", "kisa", S.DATENSCHUTZ)
    same = ask(full_catalog, "bund.datenschutz.aufsicht", "14713000", "kisa", S.DATENSCHUTZ)
    assert cross.verdict is V.SERVES_WITH_CONDITIONS and cross.role is Role.DECISION
    assert (
        "Thüringer Landesbeauftragter" in cross.reason and "§ 14 Abs. 1 SächsDSDG" in cross.reason
    )
    assert same.verdict is V.SERVES_WITH_CONDITIONS and "Art. 28 DSGVO" in same.reason
    foreign = attrs.evolve(full_catalog.provider("kisa"), seat_land="15")
    f = ask(full_catalog, "bund.datenschutz.aufsicht", "14713000", foreign, S.DATENSCHUTZ)
    assert f.verdict is V.UNKNOWN and f.missing == ("Datenschutzaufsicht des Landes 15",)


def test_authority_name_on_both_sides_of_the_renaming(full_catalog) -> None:  # type: ignore[no-untyped-def]
    def name(d):  # type: ignore[no-untyped-def]
        return ask(
            full_catalog, "bund.datenschutz.aufsicht", "14713000", "kisa", S.DATENSCHUTZ, on=d
        ).reason

    assert "Transparenz" not in name(dt.date(2022, 12, 31))
    assert "Datenschutz- und Transparenzbeauftragte" in name(dt.date(2023, 1, 1))


def test_zweckverband_tasks_are_judged_by_the_seat_lands_law(full_catalog) -> None:  # type: ignore[no-untyped-def]
    th_zv = attrs.evolve(full_catalog.provider("kisa"), seat_land="16", seat="Erfurt")
    th = ask(full_catalog, "th.zweckverband.aufgaben", "16075", th_zv, S.FACHVERFAHREN)
    assert th.verdict is V.SERVES and "Verbandssatzung" in th.reason
    assert [n.citation for n in th.norms] == ["§ 17 Abs. 2 ThürKGG"]
    assert ask(full_catalog, "sn.zweckverband.aufgaben", "16075", th_zv, S.FACHVERFAHREN) is None
    gmbh = attrs.evolve(full_catalog.provider("kisa"), rechtsform=Rechtsform.GMBH)
    assert ask(full_catalog, "sn.zweckverband.aufgaben", "16075", gmbh, S.FACHVERFAHREN) is None
