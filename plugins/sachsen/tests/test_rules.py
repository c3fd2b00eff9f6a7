"""Sachsen rules, each on both sides of its condition and of every dated fact it reads."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import attrs
import pytest

from kommune_core.domain import Confidence, Role, Scope, ServiceArea, Setup, Verdict
from kommune_core.engine import Engine
from kommune_core.rulekit.testing import catalog_fixture, rule_asker

S, V = ServiceArea, Verdict
ON = dt.date(2026, 1, 1)
cat = catalog_fixture(("bund", "thueringen", "sachsen"))
ask = rule_asker("sachsen", on=ON)


def one(found):  # type: ignore[no-untyped-def]
    return found[0] if isinstance(found, list) else found


def test_all_rules_are_contributed_with_scopes(cat) -> None:  # type: ignore[no-untyped-def]
    rules = {r.id: r for p, r in cat.rules if p == "sachsen"}
    assert set(rules) == {
        "sn.zweckverband.aufgaben",
        "sn.zweckverband.beitritt",
        "sn.zweckverband.umlage",
        "sn.zweckverband.austritt",
        "sn.portal.amt24",
    }
    bindung = {i for i, r in rules.items() if r.scope is Scope.BINDUNG}
    assert bindung == {
        "sn.zweckverband.beitritt",
        "sn.zweckverband.umlage",
        "sn.zweckverband.austritt",
    }


def test_no_saxon_rule_speaks_about_thueringen_law(cat) -> None:  # type: ignore[no-untyped-def]
    setup = Setup(kommune="16052000", total_votes=300, land_votes=30)
    for rule_id in (
        "sn.zweckverband.beitritt",
        "sn.zweckverband.austritt",
        "sn.zweckverband.umlage",
    ):
        found = [ask(cat, rule_id, k, "kisa", setup=setup) for k in ("16052000", "16075")]
        assert any(f is not None for f in found), rule_id
        for f in found:
            for x in f if isinstance(f, list) else [f] if f is not None else []:
                assert "ThürKGG" not in x.reason and "ThürKO" not in x.reason
                assert all(not n.law.startswith("Thür") for n in x.norms)


# -- sn.zweckverband.beitritt ----------------------------------------------------------
def test_joining_member_non_member_not_recorded(cat) -> None:  # type: ignore[no-untyped-def]
    member = ask(cat, "sn.zweckverband.beitritt", "16075", "kisa")
    other = ask(cat, "sn.zweckverband.beitritt", "16061", "kisa")  # Eichsfeld: list complete
    open_ = ask(cat, "sn.zweckverband.beitritt", "14713000", "kisa")  # Leipzig: not recorded
    assert member.verdict is V.SERVES and member.role is Role.DECISION
    assert other.verdict is V.SERVES_WITH_CONDITIONS and other.role is Role.CONDITION
    assert "§ 61 Abs. 1 SächsKomZG" in other.reason and "Landesdirektion Sachsen" in other.reason
    assert open_.role is Role.OPEN_QUESTION and open_.missing
    assert ask(cat, "sn.zweckverband.beitritt", "14713000", "kiv") is None


@pytest.mark.parametrize(
    "key,first_day",
    [("16053000", dt.date(2025, 2, 6)), ("16074", dt.date(2021, 1, 21))],
)
def test_membership_first_day_both_sides(cat, key, first_day) -> None:  # type: ignore[no-untyped-def]
    before = ask(cat, "sn.zweckverband.beitritt", key, "kisa", on=first_day - dt.timedelta(days=1))
    on = ask(cat, "sn.zweckverband.beitritt", key, "kisa", on=first_day)
    assert before.role is Role.CONDITION and "noch kein Mitglied" in before.reason
    assert on.verdict is V.SERVES and first_day.isoformat() in on.reason


def test_year_only_membership_is_open_within_the_year(cat) -> None:  # type: ignore[no-untyped-def]
    f = {
        d: ask(cat, "sn.zweckverband.beitritt", "16071", "kisa", on=d)
        for d in (
            dt.date(2018, 12, 31),
            dt.date(2019, 1, 1),
            dt.date(2019, 12, 31),
            dt.date(2020, 1, 1),
        )
    }
    assert f[dt.date(2018, 12, 31)].role is Role.CONDITION
    assert f[dt.date(2019, 1, 1)].role is Role.OPEN_QUESTION  # never true from 1 January
    assert f[dt.date(2019, 12, 31)].role is Role.OPEN_QUESTION
    assert f[dt.date(2020, 1, 1)].verdict is V.SERVES


def test_council_decision_is_not_membership(cat) -> None:  # type: ignore[no-untyped-def]
    # Gera: reported as wanting to join on 2019-06-19, Stadtrat decision 2021-09-30 (M),
    # never named in an admitting change.
    early = ask(cat, "sn.zweckverband.beitritt", "16052000", "kisa", on=dt.date(2019, 6, 19))
    decided = ask(cat, "sn.zweckverband.beitritt", "16052000", "kisa", on=dt.date(2021, 9, 30))
    later = ask(cat, "sn.zweckverband.beitritt", "16052000", "kisa", on=dt.date(2021, 10, 1))
    assert early.role is Role.CONDITION and "2019-06-19" in early.reason
    assert decided.role is Role.CONDITION and decided.confidence is Confidence.MEDIUM
    assert later.role is Role.OPEN_QUESTION and "2021-09-30 beschlossen" in later.reason


def test_deferred_admission_and_complete_landkreis_list(cat) -> None:  # type: ignore[no-untyped-def]
    # Greiz (Landkreis): admission deferred, and the Landkreis list settles it
    greiz = ask(cat, "sn.zweckverband.beitritt", "16076", "kisa", on=ON)
    assert greiz.role is Role.CONDITION and "vollständig" in greiz.reason
    # Lucka (Stadt): admission deferred on 2025-01-22; no complete list for Gemeinden
    lucka = ask(cat, "sn.zweckverband.beitritt", "16077028", "kisa", on=ON)
    assert lucka.role is Role.OPEN_QUESTION and "zurückgestellt" in lucka.reason
    # before the Landkreis list is complete, a Landkreis not on it is not recorded
    before = ask(cat, "sn.zweckverband.beitritt", "16061", "kisa", on=dt.date(2025, 2, 5))
    after = ask(cat, "sn.zweckverband.beitritt", "16061", "kisa", on=dt.date(2025, 2, 6))
    assert before.role is Role.OPEN_QUESTION and after.role is Role.CONDITION


def test_left_member_until_its_last_day(cat) -> None:  # type: ignore[no-untyped-def]
    # Klingenthal left KISA; first day as non-member 2020-10-23
    last = ask(cat, "sn.zweckverband.beitritt", "14523160", "kisa", on=dt.date(2020, 10, 22))
    gone = ask(cat, "sn.zweckverband.beitritt", "14523160", "kisa", on=dt.date(2020, 10, 23))
    assert last.role is Role.OPEN_QUESTION  # start of membership unknown
    assert gone.role is Role.CONDITION and "ausgeschieden" in gone.reason


# -- sn.zweckverband.umlage ------------------------------------------------------------
def test_umlage_condition_and_risk(cat) -> None:  # type: ignore[no-untyped-def]
    cond, risk = ask(cat, "sn.zweckverband.umlage", "16075", "kisa")
    assert cond.role is Role.CONDITION and risk.role is Role.RISK
    assert "§ 16 Abs. 3 Verbandssatzung" in cond.reason and "nicht angegeben" in cond.reason
    setup = Setup(kommune="16075", share=Fraction(1, 200))
    cond, risk = ask(cat, "sn.zweckverband.umlage", "16075", "kisa", setup=setup)
    assert "1/200 (0,5 %)" in cond.reason and "15.000 €" in risk.reason
    assert any("rfth" in (s.url or "") for s in risk.sources)


def test_umlage_key_change_both_sides(cat) -> None:  # type: ignore[no-untyped-def]
    def key(d):  # type: ignore[no-untyped-def]
        return ask(cat, "sn.zweckverband.umlage", "16075", "kisa", on=d)[0].reason

    assert "Einwohner" in key(dt.date(2020, 9, 24)) and "Umsatzerlös" not in key(
        dt.date(2020, 9, 24)
    )
    between = key(dt.date(2020, 9, 25))  # decided, effective day not sourced
    assert "Einwohner" in between and "Umsatzerlös" in between and "nicht eindeutig" in between
    assert "Einwohner" in key(dt.date(2021, 1, 20))
    assert "Umsatzerlös" in key(dt.date(2021, 1, 21)) and "Einwohner" not in key(
        dt.date(2021, 1, 21)
    )


def test_umlage_none_or_unknown(cat) -> None:  # type: ignore[no-untyped-def]
    kisa = cat.provider("kisa")
    free = attrs.evolve(kisa, satzung=attrs.evolve(kisa.satzung, umlagepflicht=False))
    unknown = attrs.evolve(kisa, satzung=attrs.evolve(kisa.satzung, umlagepflicht=None))
    assert ask(cat, "sn.zweckverband.umlage", "16052000", free) is None
    f = ask(cat, "sn.zweckverband.umlage", "16052000", unknown)
    assert f.verdict is V.UNKNOWN and f.missing
    assert ask(cat, "sn.zweckverband.umlage", "16052000", "kiv") is None


# -- sn.zweckverband.austritt ----------------------------------------------------------
def test_unsure_exit_quorum_is_a_risk_under_every_claim(cat) -> None:  # type: ignore[no-untyped-def]
    f = ask(cat, "sn.zweckverband.austritt", "16075", "kisa")  # a member
    # 3/5, 2/3 or the statutory 3/4: without the Kommune's votes a lock-in under each
    assert f.role is Role.RISK and f.confidence is Confidence.MEDIUM
    assert f.verdict is V.SERVES_WITH_CONDITIONS
    assert "§ 62 Abs. 2 SächsKomZG" in f.reason and "3/4 (75 %)" in f.reason
    assert "3/5 (60 %)" in f.reason and "2/3 (66,7 %)" in f.reason
    assert "total_votes" not in f.reason and "votes" not in f.reason  # no setup keys
    assert "Stimmenzahl 3.113" in f.reason and "bei 3.113 Stimmen" in f.reason  # German digits
    assert "Nicht erfasst sind die Stimmen, die auf die Kommune entfallen" in f.reason
    # not a member: nothing to leave; membership not recorded: the joining finding asks
    assert ask(cat, "sn.zweckverband.austritt", "16061", "kisa") is None
    assert ask(cat, "sn.zweckverband.austritt", "16052000", "kisa") is None
    assert [n.citation for n in f.norms] == ["§ 62 Abs. 2 SächsKomZG"]


def test_unsure_exit_quorum_stays_open_when_the_claims_decide_differently(cat) -> None:  # type: ignore[no-untyped-def]
    # 190 of 300 votes: 3/5 reached, 2/3 and 3/4 not — the quorum decides
    setup = Setup(kommune="16075", total_votes=300, land_votes=190)
    f = ask(cat, "sn.zweckverband.austritt", "16075", "kisa", setup=setup)
    assert f.role is Role.OPEN_QUESTION and f.verdict is V.UNKNOWN
    setup = Setup(kommune="16075", total_votes=300, land_votes=230)  # reaches every claim
    assert ask(cat, "sn.zweckverband.austritt", "16075", "kisa", setup=setup).role is Role.CONDITION


@pytest.mark.parametrize(
    "quorum,land_votes,role",
    [
        (Fraction(3, 5), 30, Role.RISK),  # 10 %
        (Fraction(3, 5), 180, Role.CONDITION),  # exactly 3/5
        (Fraction(2, 3), 199, Role.RISK),
        (Fraction(2, 3), 200, Role.CONDITION),  # exactly 2/3
    ],
)
def test_exit_under_each_claim(cat, quorum, land_votes, role) -> None:  # type: ignore[no-untyped-def]
    kisa = cat.provider("kisa")
    claim = next(c for c in kisa.satzung.exit_quorum if c.value == quorum)
    firm = attrs.evolve(claim, confidence=Confidence.HIGH)
    p = attrs.evolve(kisa, satzung=attrs.evolve(kisa.satzung, exit_quorum=(firm,)))
    setup = Setup(kommune="16075", total_votes=300, land_votes=land_votes)
    f = ask(cat, "sn.zweckverband.austritt", "16075", p, setup=setup)
    assert f.role is role and f.verdict is V.SERVES_WITH_CONDITIONS
    assert "Mitglieder aus Thüringen" in f.reason and f"{land_votes} von 300" in f.reason


def test_exit_saxon_kommune_uses_own_votes(cat) -> None:  # type: ignore[no-untyped-def]
    kisa = cat.provider("kisa")
    firm = attrs.evolve(kisa.satzung.exit_quorum[0], confidence=Confidence.HIGH)
    p = attrs.evolve(kisa, satzung=attrs.evolve(kisa.satzung, exit_quorum=(firm,)))
    setup = Setup(kommune="14729", votes=5, total_votes=300, land_votes=250)
    f = ask(cat, "sn.zweckverband.austritt", "14729", p, setup=setup)
    assert f.role is Role.RISK and "5 von 300" in f.reason


def test_exit_is_a_risk_in_every_area_never_open(cat) -> None:  # type: ignore[no-untyped-def]
    r = Engine(cat).check(cat.kommune("16075"), cat.provider("kisa"), on=ON)
    austritt = [f for f in r.bindung if f.rule == "sn.zweckverband.austritt"]
    assert len(austritt) == 1  # shown once, as the open question it is
    assert r.area(S.BETRIEB).verdict is V.SERVES_WITH_CONDITIONS


def test_saxon_law_before_its_first_modelled_version_is_open(cat) -> None:  # type: ignore[no-untyped-def]
    eng = Engine(cat)
    k, p = cat.kommune("16075"), cat.provider("kisa")
    before = eng.check(k, p, on=dt.date(2019, 4, 14))
    after = eng.check(k, p, on=dt.date(2019, 4, 15))
    notes = [f for f in before.bindung if f.reason.startswith("Recht vor 2019-04-15 nicht erfasst")]
    assert notes and before.area(S.BETRIEB).verdict is V.UNKNOWN
    assert not any(f.reason.startswith("Recht vor") for f in after.bindung)


# -- sn.portal.amt24 -------------------------------------------------------------------
def test_amt24_provider_on_amt24_or_elsewhere(cat) -> None:  # type: ignore[no-untyped-def]
    kisa = ask(cat, "sn.portal.amt24", "14713000", "kisa", S.ONLINE_DIENSTE)
    kiv = ask(cat, "sn.portal.amt24", "14713000", "kiv", S.ONLINE_DIENSTE)
    assert kisa.verdict is V.SERVES
    assert kiv.verdict is V.SERVES_WITH_CONDITIONS and kiv.role is Role.DECISION
    assert "§ 15a SächsEGovG" in kiv.reason and "Amt24" in kiv.reason
    bare = attrs.evolve(cat.provider("kiv"), portals=())
    assert ask(cat, "sn.portal.amt24", "14713000", bare, S.ONLINE_DIENSTE).verdict is V.UNKNOWN


def test_amt24_rule_asked_about_a_thueringen_kommune_is_silent(cat) -> None:  # type: ignore[no-untyped-def]
    assert ask(cat, "sn.portal.amt24", "16052000", "kiv", S.ONLINE_DIENSTE) is None


def test_amt24_rule_only_for_saxon_kommunen_and_dated(cat) -> None:  # type: ignore[no-untyped-def]
    eng = Engine(cat)
    p = cat.provider("kiv")
    th = eng.area(cat.kommune("16052000"), p, S.ONLINE_DIENSTE, on=ON)
    assert "sn.portal.amt24" not in {f.rule for f in th.findings}
    # § 15a SächsEGovG was inserted by the act published on 2019-06-21
    early = eng.area(cat.kommune("14713000"), p, S.ONLINE_DIENSTE, on=dt.date(2019, 6, 20))
    first = eng.area(cat.kommune("14713000"), p, S.ONLINE_DIENSTE, on=dt.date(2019, 6, 21))
    assert "sn.portal.amt24" not in {f.rule for f in early.findings}
    [f] = [f for f in first.findings if f.rule == "sn.portal.amt24"]
    assert f.role is Role.DECISION
