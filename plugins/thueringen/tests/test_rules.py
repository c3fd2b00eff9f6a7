"""Thüringen rules, each on both sides of its condition and of the dates it reads."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import attrs
import pytest

from kommune_core.domain import (
    Bindung,
    BindungsArt,
    Confidence,
    QuorumClaim,
    Role,
    ServiceArea,
    Setup,
    Source,
    Verdict,
)
from kommune_core.engine import Engine
from kommune_core.rulekit.testing import catalog_fixture, rule_asker

S, V = ServiceArea, Verdict
ON = dt.date(2026, 1, 1)
cat = catalog_fixture(("bund", "thueringen", "sachsen"))
ask = rule_asker("thueringen", on=ON)


def test_all_rules_are_contributed_with_norms(cat) -> None:  # type: ignore[no-untyped-def]
    rules = {r.id: r for p, r in cat.rules if p == "thueringen"}
    assert set(rules) == {
        "th.zweckverband.aufgaben",
        "th.zweckverband.fremdes_land",
        "th.zweckverband.beitritt",
        "th.beteiligung.anzeige",
        "th.zweckverband.austritt",
        "th.unternehmen.gebiet",
        "th.portal.online_dienste",
        "th.haushalt.fachverfahren",
    }
    assert all(r.norms and all(n.url.startswith("http") for n in r.norms) for r in rules.values())
    cited = {n.citation for r in rules.values() for n in r.norms}
    assert "§ 3 OZG" not in cited  # § 3 is about Nutzerkonten, not the Portalverbund


# -- th.zweckverband.fremdes_land ------------------------------------------------------
def test_cross_land_zweckverband_approvals_up_to_the_date(cat) -> None:  # type: ignore[no-untyped-def]
    before = ask(cat, "th.zweckverband.fremdes_land", "16061", "kisa", on=dt.date(2021, 1, 3))
    first = ask(cat, "th.zweckverband.fremdes_land", "16061", "kisa", on=dt.date(2021, 1, 4))
    assert before.role is Role.RISK and "keine Genehmigung" in before.reason
    assert first.role is Role.CONDITION and "2021-01-04 (Landesdirektion Sachsen)" in first.reason
    assert "2025-01-22" not in first.reason
    later = ask(cat, "th.zweckverband.fremdes_land", "16061", "kisa", on=ON)
    assert "2025-01-22" in later.reason and later.confidence is Confidence.MEDIUM
    assert "ThürKGG" in later.reason and "SächsKomZG" not in later.reason


def test_cross_land_silent_for_members_and_other_providers(cat) -> None:  # type: ignore[no-untyped-def]
    assert ask(cat, "th.zweckverband.fremdes_land", "16075", "kisa") is None  # member
    assert ask(cat, "th.zweckverband.fremdes_land", "16061", "kiv") is None  # a GmbH


def test_cross_land_with_treaty(cat) -> None:  # type: ignore[no-untyped-def]
    hessian = attrs.evolve(cat.provider("kisa"), id="zv-he", seat_land="06", members=())
    f = ask(cat, "th.zweckverband.fremdes_land", "16061", hessian)
    assert f.role is Role.CONDITION and "Hessen–Thüringen" in f.reason and f.sources[0].url


# -- joining ---------------------------------------------------------------------------
def test_gmbh_share_member_and_non_member(cat) -> None:  # type: ignore[no-untyped-def]
    erfurt = ask(cat, "th.beteiligung.anzeige", "16051000", "kiv")
    gera = ask(cat, "th.beteiligung.anzeige", "16052000", "kiv")
    assert erfurt.verdict is V.SERVES
    assert gera.role is Role.OPEN_QUESTION  # KIV's shareholder list is not published
    assert "sechs Wochen vor Beginn oder Vergabe von Arbeiten" in gera.reason
    assert "§ 73 Abs. 1 ThürKO" in gera.reason
    landkreis = ask(cat, "th.beteiligung.anzeige", "16075", "kiv")
    assert "Landkreisordnung (§§ 86 ff. ThürKO)" in landkreis.reason
    assert "Landesverwaltungsamt (§ 118 Abs. 2 ThürKO)" in landkreis.reason
    gemeinde = ask(cat, "th.beteiligung.anzeige", "16075073", "kiv")
    assert "Landratsamt, für eine Große Kreisstadt seit 2021" in gemeinde.reason
    early = ask(cat, "th.beteiligung.anzeige", "16075073", "kiv", on=dt.date(2021, 6, 30))
    assert "Landratsamt (§ 118 Abs. 1 ThürKO)" in early.reason
    assert ask(cat, "th.beteiligung.anzeige", "16052000", "kisa") is None


def test_erfurt_share_year_only(cat) -> None:  # type: ignore[no-untyped-def]
    assert (
        ask(cat, "th.beteiligung.anzeige", "16051000", "kiv", on=dt.date(2020, 12, 31)).role
        is Role.CONDITION
    )
    assert (
        ask(cat, "th.beteiligung.anzeige", "16051000", "kiv", on=dt.date(2021, 6, 1)).role
        is Role.OPEN_QUESTION
    )
    assert (
        ask(cat, "th.beteiligung.anzeige", "16051000", "kiv", on=dt.date(2022, 1, 1)).verdict
        is V.SERVES
    )


def _th_zweckverband(cat, claims=(), *, member=True):  # type: ignore[no-untyped-def]
    kisa = cat.provider("kisa")
    gera = Bindung("16052000", "zv-th", BindungsArt.MITGLIEDSCHAFT, dt.date(2010, 1, 1))
    return attrs.evolve(
        kisa,
        id="zv-th",
        seat_land="16",
        members=(gera,) if member else (),
        applications=(),
        satzung=attrs.evolve(kisa.satzung, exit_quorum=tuple(claims), total_votes=None),
    )


def test_joining_a_thueringen_zweckverband(cat) -> None:  # type: ignore[no-untyped-def]
    f = ask(cat, "th.zweckverband.beitritt", "16052000", _th_zweckverband(cat, member=False))
    assert f.role is Role.OPEN_QUESTION and "§ 42 Abs. 1, 3 ThürKGG" in f.reason
    assert ask(cat, "th.zweckverband.beitritt", "16052000", "kisa") is None  # Saxon


SRC = Source("Satzung", confidence=Confidence.HIGH)


@pytest.mark.parametrize(
    "claims,votes,total,role",
    [
        # no claim: the statutory minimum; without the votes leaving is a lock-in risk
        ((), None, None, Role.RISK),
        # claims that disagree about what the Kommune's votes reach: the question decides
        (
            (
                QuorumClaim(Fraction(2, 3), Confidence.MEDIUM, SRC),
                QuorumClaim(Fraction(3, 4), Confidence.MEDIUM, SRC),
            ),
            8,
            12,
            Role.OPEN_QUESTION,
        ),
        ((QuorumClaim(Fraction(2, 3), Confidence.HIGH, SRC),), 8, 12, Role.CONDITION),
        ((QuorumClaim(Fraction(2, 3), Confidence.HIGH, SRC),), 7, 12, Role.RISK),
        ((QuorumClaim(Fraction(3, 4), Confidence.HIGH, SRC),), 9, 12, Role.CONDITION),
        ((QuorumClaim(Fraction(3, 4), Confidence.HIGH, SRC),), 8, 12, Role.RISK),
        # a Satzung cannot go below the statutory two thirds
        ((QuorumClaim(Fraction(1, 2), Confidence.HIGH, SRC),), 7, 12, Role.RISK),
    ],
)
def test_exit_thueringen_zweckverband(cat, claims, votes, total, role) -> None:  # type: ignore[no-untyped-def]
    setup = Setup(kommune="16052000", votes=votes, total_votes=total)
    f = ask(cat, "th.zweckverband.austritt", "16052000", _th_zweckverband(cat, claims), setup=setup)
    assert f.role is role
    if role is not Role.OPEN_QUESTION:
        assert "§ 38 Abs. 5 ThürKGG" in f.reason and "§ 42 Abs. 1 ThürKGG" in f.reason
    assert ask(cat, "th.zweckverband.austritt", "16052000", "kisa") is None  # Saxon ZV
    # not a member of the Zweckverband: nothing to leave
    assert ask(cat, "th.zweckverband.austritt", "16053000", _th_zweckverband(cat, claims)) is None


# -- § 71 ThürKO ------------------------------------------------------------------------
def test_thueringen_gmbh_outside_thueringen_is_a_risk(cat) -> None:  # type: ignore[no-untyped-def]
    f = ask(cat, "th.unternehmen.gebiet", "14713000", "kiv")
    assert f.role is Role.RISK and "§ 71 ThürKO" in f.reason
    assert ask(cat, "th.unternehmen.gebiet", "16052000", "kiv") is None
    assert ask(cat, "th.unternehmen.gebiet", "14713000", "kisa") is None


def test_a_land_rule_asked_about_another_lands_kommune(cat) -> None:  # type: ignore[no-untyped-def]
    # rules restricted to Thüringen are never asked about a Saxon Kommune by the engine ...
    r = Engine(cat).check(cat.kommune("14713000"), cat.provider("kiv"), on=ON)
    rules = {f.rule for f in r.findings} | {f.rule for f in r.bindung}
    assert (
        not {"th.portal.online_dienste", "th.haushalt.fachverfahren", "th.beteiligung.anzeige"}
        & rules
    )
    # ... and the one rule about Thüringen's own GmbH serving elsewhere is
    assert "th.unternehmen.gebiet" in rules
    # asked directly anyway, a Thüringen rule about Thüringen Kommunen stays silent
    for rule_id, area in (
        ("th.portal.online_dienste", S.ONLINE_DIENSTE),
        ("th.haushalt.fachverfahren", S.FACHVERFAHREN),
        ("th.beteiligung.anzeige", S.FACHVERFAHREN),
        ("th.zweckverband.fremdes_land", S.FACHVERFAHREN),
    ):
        assert ask(cat, rule_id, "14713000", "kisa", area) is None, rule_id
        assert ask(cat, rule_id, "14713000", "kiv", area) is None, rule_id


# -- th.portal.online_dienste ----------------------------------------------------------
def test_online_services_amt24_is_a_missing_connection_thavel_serves(cat) -> None:  # type: ignore[no-untyped-def]
    kisa = ask(cat, "th.portal.online_dienste", "16052000", "kisa", S.ONLINE_DIENSTE)
    kiv = ask(cat, "th.portal.online_dienste", "16052000", "kiv", S.ONLINE_DIENSTE)
    assert kisa.verdict is V.SERVES_WITH_CONDITIONS and kisa.role is Role.DECISION
    assert "ThAVEL" in kisa.reason and "FIT-Connect" in kisa.reason
    assert "Portalverbund nach § 1a OZG" in kisa.reason  # ON is 2026
    assert "Kommunen in Thüringen nicht offen" in kisa.reason
    assert "dieses Landes" not in kisa.reason and "betrieben von" not in kisa.reason
    assert kiv.verdict is V.SERVES
    bare = attrs.evolve(cat.provider("kisa"), portals=())
    assert (
        ask(cat, "th.portal.online_dienste", "16052000", bare, S.ONLINE_DIENSTE).verdict
        is V.UNKNOWN
    )
    odd = attrs.evolve(cat.provider("kisa"), portals=("nirgendwo",))
    assert ask(cat, "th.portal.online_dienste", "16052000", odd, S.ONLINE_DIENSTE).missing


def test_ozg_portalverbund_versions_first_and_last_day(cat) -> None:  # type: ignore[no-untyped-def]
    [rule] = [r for _, r in cat.rules if r.id == "th.portal.online_dienste"]
    ozg = next(n for n in rule.norms if n.law == "OZG")
    old = ozg.version(dt.date(2024, 7, 23))
    new = ozg.version(dt.date(2024, 7, 24))
    assert old is not None and "§ 1 Abs. 2" in (old.published or "")
    assert new is not None and "§ 1a" in (new.published or "")
    assert ozg.version(dt.date(2017, 8, 17)) is None and ozg.version(dt.date(2017, 8, 18)) is old
    # cited where it stood: § 1 Abs. 2 until its last day, § 1a from the amendment's first
    assert ozg.on(dt.date(2024, 7, 23)).citation == "§ 1 Abs. 2 OZG"
    assert ozg.on(dt.date(2024, 7, 24)).citation == "§ 1a OZG"
    assert ozg.on(dt.date(2024, 7, 24)).url.endswith("/ozg/__1a.html")
    assert ozg.on(dt.date(2016, 1, 1)) is ozg  # no version in force: the norm as recorded
    # ThürEGovG in force from 2018-05-24: before it, the rule is not in force
    assert not rule.in_force(dt.date(2018, 5, 23)) and rule.in_force(dt.date(2018, 5, 24))


@pytest.mark.parametrize(
    "on,cited",
    [
        (dt.date(2019, 6, 19), "§ 1 Abs. 2 OZG"),
        (dt.date(2024, 7, 23), "§ 1 Abs. 2 OZG"),
        (dt.date(2024, 7, 24), "§ 1a OZG"),
        (dt.date(2026, 11, 29), "§ 1a OZG"),
    ],
)
def test_online_services_cite_the_portalverbund_where_it_stood(cat, on, cited) -> None:  # type: ignore[no-untyped-def]
    f = ask(cat, "th.portal.online_dienste", "16052000", "kisa", S.ONLINE_DIENSTE, on=on)
    assert f"Portalverbund nach {cited}" in f.reason
    r = Engine(cat).check(cat.kommune("16052000"), cat.provider("kisa"), on=on)
    [online] = [x for x in r.findings if x.rule == "th.portal.online_dienste"]
    assert cited in [n.citation for n in online.norms]  # the engine dates the citation too


def test_thueringen_zweckverband_law_before_2001_not_modelled(cat) -> None:  # type: ignore[no-untyped-def]
    [rule] = [r for _, r in cat.rules if r.id == "th.zweckverband.fremdes_land"]
    assert rule.modelled == dt.date(2001, 9, 28) and rule.in_force(dt.date(2001, 9, 27))


# -- th.haushalt.fachverfahren ---------------------------------------------------------
def test_haushaltsrecht_foreign_vs_home_provider(cat) -> None:  # type: ignore[no-untyped-def]
    foreign = ask(cat, "th.haushalt.fachverfahren", "16052000", "kisa")
    assert foreign.role is Role.CONDITION and "Thüringer Ausprägung" in foreign.reason
    assert ask(cat, "th.haushalt.fachverfahren", "16052000", "kiv") is None


# -- the engine over the seed's case ---------------------------------------------------
@pytest.mark.parametrize(
    "key,on,membership",
    [
        ("16052000", dt.date(2019, 6, 19), "kein Mitglied (Beitritt am 2019-06-19"),
        ("16052000", dt.date(2021, 10, 1), None),
        ("16052000", dt.date(2026, 11, 29), None),
        ("16075", dt.date(2019, 6, 19), "kein Mitglied (Beitritt am 2019-06-19"),
        ("16075", dt.date(2021, 10, 1), "Mitglied seit 2019"),
        ("16075", dt.date(2026, 11, 29), "Mitglied seit 2019"),
    ],
)
def test_seed_case_on_each_date(cat, key, on, membership) -> None:  # type: ignore[no-untyped-def]
    r = Engine(cat).check(cat.kommune(key), cat.provider("kisa"), on=on)
    m = r.membership
    assert m is not None
    if membership is None:
        assert m.value is None and "2021-09-30 beschlossen" in m.fact
    else:
        assert m.value is not None and m.value.startswith(membership)
    for area in (S.BESCHAFFUNG, S.FACHVERFAHREN, S.BETRIEB, S.ONLINE_DIENSTE, S.DATENSCHUTZ):
        assert r.area(area).verdict is V.SERVES_WITH_CONDITIONS, area
    # KISA's offer names neither area: whether it offers them decides, so they stay open
    pm = r.area(S.PROJEKTMANAGEMENT)
    assert pm.verdict is V.UNKNOWN
    assert {c.verdict for c in pm.changes} == {V.SERVES_WITH_CONDITIONS, V.CANNOT_SERVE}
    kinds = {(f.rule, f.role) for f in r.bindung}
    if membership is not None and membership.startswith("Mitglied"):
        assert ("sn.zweckverband.umlage", Role.CONDITION) in kinds
        assert ("sn.zweckverband.umlage", Role.RISK) in kinds
        assert ("sn.zweckverband.beitritt", Role.DECISION) in kinds
        assert ("sn.zweckverband.austritt", Role.RISK) in kinds  # quorum unsure: a risk
        assert all(role is not Role.OPEN_QUESTION for _, role in kinds)
    elif membership is None:  # not recorded: one open question; it names Umlage and exit
        assert ("sn.zweckverband.beitritt", Role.OPEN_QUESTION) in kinds
        assert {rule for rule, _ in kinds} == {
            "sn.zweckverband.beitritt",
            "th.zweckverband.fremdes_land",
        }
    else:  # not a member: joining is the condition, it names the Umlage and the exit
        assert kinds >= {("sn.zweckverband.beitritt", Role.CONDITION)}
        assert not {rule for rule, _ in kinds} & {
            "sn.zweckverband.umlage",
            "sn.zweckverband.austritt",
        }


def test_online_services_cost_note_from_2024(cat) -> None:  # type: ignore[no-untyped-def]
    def reason(d):  # type: ignore[no-untyped-def]
        f = ask(cat, "th.portal.online_dienste", "16052000", "kisa", S.ONLINE_DIENSTE, on=d)
        return f.reason, f.sources

    before, _ = reason(dt.date(2023, 12, 31))
    after, sources = reason(dt.date(2024, 1, 1))
    assert "Landesfinanzierung" not in before
    assert "keine Landesfinanzierung" in after and any(
        "finanzen.thueringen.de" in (s.url or "") for s in sources
    )


def test_gmbh_wording_and_data_protection_norm(cat) -> None:  # type: ignore[no-untyped-def]
    r = Engine(cat).check(cat.kommune("16075"), cat.provider("kiv"), on=dt.date(2026, 11, 29))
    [joining] = [f for f in r.bindung if f.rule == "th.beteiligung.anzeige"]
    assert joining.role is Role.OPEN_QUESTION  # shareholder list not complete
    assert "Ist sie Gesellschafterin, ist die Beteiligung erledigt" in joining.reason
    assert "Ist sie Mitglied" not in joining.reason
    assert joining.missing == ("Beteiligung bei KIV Thüringen",)  # not "Mitgliedschaft bzw. …"
    inhouse = [f for f in r.findings if f.rule == "bund.vergabe.inhouse"]
    assert inhouse and all("Erwerb eines Anteils" in f.reason for f in inhouse)
    gera = Engine(cat).check(cat.kommune("16052000"), cat.provider("kisa"), on=ON)
    [kisa_join] = [f for f in gera.bindung if f.rule == "sn.zweckverband.beitritt"]
    assert kisa_join.missing == ("Mitgliedschaft bei KISA",)
    dsgvo = [f for f in r.findings if f.rule == "bund.datenschutz.aufsicht"]
    assert dsgvo and all("§ 3 ThürDSG" in f.reason for f in dsgvo)
    assert not any("§ 6 Abs. 1" in f.reason for f in dsgvo)  # not sourced


def test_thuerko_in_force_from_1994_07_01(cat) -> None:  # type: ignore[no-untyped-def]
    # § 131 Abs. 1 ThürKO 1993: the first day of the month after the Kommunalwahl (1994-06-12)
    [rule] = [r for _, r in cat.rules if r.id == "th.beteiligung.anzeige"]
    thuerko = [n for n in rule.norms if n.law == "ThürKO"]
    assert thuerko and all(n.valid_from == dt.date(1994, 7, 1) for n in thuerko)
    assert not rule.in_force(dt.date(1994, 6, 30)) and rule.in_force(dt.date(1994, 7, 1))
