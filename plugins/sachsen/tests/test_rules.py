"""Sachsen rules, each on both sides of its condition (and of its dates)."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import attrs
import pytest

from kommune_core.catalog import Catalog, load_catalog
from kommune_core.devkit.testing import ask_rule
from kommune_core.domain import Confidence, ServiceArea, Setup, Verdict
from kommune_core.engine import Engine

S, V = ServiceArea, Verdict
ON = dt.date(2026, 1, 1)


@pytest.fixture(scope="module")
def cat() -> Catalog:
    return load_catalog(["bund", "thueringen", "sachsen"], strict=True).load_all()


def ask(cat, rule_id, kommune, provider, area=S.FACHVERFAHREN, *, setup=None, on=ON):  # type: ignore[no-untyped-def]
    return ask_rule(cat, rule_id, kommune, provider, area, on=on, setup=setup, plugin="sachsen")


def test_all_rules_are_contributed(cat) -> None:  # type: ignore[no-untyped-def]
    assert {r.id for p, r in cat.rules if p == "sachsen"} == {
        "sn.zweckverband.aufgaben",
        "sn.zweckverband.beitritt",
        "sn.zweckverband.umlage",
        "sn.zweckverband.austritt",
        "sn.portal.amt24",
    }


# -- sn.zweckverband.beitritt ----------------------------------------------------------
def test_joining_member_non_member_unsure(cat) -> None:  # type: ignore[no-untyped-def]
    member = ask(cat, "sn.zweckverband.beitritt", "16075", "kisa")
    other = ask(cat, "sn.zweckverband.beitritt", "14713000", "kisa")
    unsure = ask(cat, "sn.zweckverband.beitritt", "16052000", "kisa")
    assert member.verdict is V.SERVES
    assert other.verdict is V.SERVES_WITH_CONDITIONS and "§ 61 SächsKomZG" in other.reason
    assert unsure.verdict is V.SERVES_WITH_CONDITIONS and unsure.confidence is Confidence.MEDIUM
    assert ask(cat, "sn.zweckverband.beitritt", "14713000", "kiv") is None


def test_membership_since_date(cat) -> None:  # type: ignore[no-untyped-def]
    # Jena joined with the 5th Satzung change, approved 2025-01-22
    before = ask(cat, "sn.zweckverband.beitritt", "16053000", "kisa", on=dt.date(2025, 1, 21))
    after = ask(cat, "sn.zweckverband.beitritt", "16053000", "kisa", on=dt.date(2025, 1, 22))
    assert before.verdict is V.SERVES_WITH_CONDITIONS and after.verdict is V.SERVES


# -- sn.zweckverband.umlage ------------------------------------------------------------
def test_umlage_with_and_without_share(cat) -> None:  # type: ignore[no-untyped-def]
    plain = ask(cat, "sn.zweckverband.umlage", "16052000", "kisa")
    assert plain.verdict is V.SERVES_WITH_CONDITIONS
    assert "§ 16 Abs. 3 Verbandssatzung" in plain.reason and "nicht angegeben" in plain.reason
    setup = Setup(kommune="16052000", share=Fraction(1, 200))
    shared = ask(cat, "sn.zweckverband.umlage", "16052000", "kisa", setup=setup)
    assert "1/200 (0,5 %)" in shared.reason and "15.000 €" in shared.reason
    assert any("rfth" in (s.url or "") for s in shared.sources)


def test_umlage_none_or_unknown(cat) -> None:  # type: ignore[no-untyped-def]
    kisa = cat.provider("kisa")
    free = attrs.evolve(kisa, satzung=attrs.evolve(kisa.satzung, umlagepflicht=False))
    unknown = attrs.evolve(kisa, satzung=attrs.evolve(kisa.satzung, umlagepflicht=None))
    assert ask(cat, "sn.zweckverband.umlage", "16052000", free).verdict is V.SERVES
    f = ask(cat, "sn.zweckverband.umlage", "16052000", unknown)
    assert f.verdict is V.UNKNOWN and f.missing
    assert ask(cat, "sn.zweckverband.umlage", "16052000", "kiv") is None


# -- sn.zweckverband.austritt ----------------------------------------------------------
def test_exit_quorum_without_votes_is_open_with_both_sources(cat) -> None:  # type: ignore[no-untyped-def]
    f = ask(cat, "sn.zweckverband.austritt", "16052000", "kisa")
    assert f.verdict is V.UNKNOWN and f.confidence is Confidence.MEDIUM
    assert "3/5 (60 %)" in f.reason and "2/3 (66,7 %)" in f.reason
    assert "§ 38 ThürKGG" in f.reason and "sächsischem Recht" in f.reason
    assert len(f.sources) == 2 and len(f.missing) == 2
    assert [n.citation for n in f.norms] == ["§ 62 SächsKomZG"]


@pytest.mark.parametrize(
    "land_votes,verdict,phrase",
    [
        (30, V.SERVES_WITH_CONDITIONS, "nach keiner Angabe"),  # 10 %
        (190, V.UNKNOWN, "hängt von der unsicheren Angabe ab"),  # 63.3 %: 3/5 yes, 2/3 no
        (200, V.SERVES_WITH_CONDITIONS, "nach jeder Angabe"),  # exactly 2/3
        (199, V.UNKNOWN, "3/5 (60 %): erreicht, 2/3 (66,7 %): nicht erreicht"),
    ],
)
def test_exit_quorum_thueringen_members_alone(cat, land_votes, verdict, phrase) -> None:  # type: ignore[no-untyped-def]
    setup = Setup(kommune="16052000", total_votes=300, land_votes=land_votes)
    f = ask(cat, "sn.zweckverband.austritt", "16052000", "kisa", setup=setup)
    assert f.verdict is verdict and phrase in f.reason
    assert "Mitglieder aus Thüringen" in f.reason and f"{land_votes} von 300" in f.reason


def test_exit_quorum_saxon_kommune_uses_own_votes(cat) -> None:  # type: ignore[no-untyped-def]
    setup = Setup(kommune="14713000", votes=5, total_votes=300)
    f = ask(cat, "sn.zweckverband.austritt", "14713000", "kisa", setup=setup)
    assert f.verdict is V.SERVES_WITH_CONDITIONS and "ThürKGG" not in f.reason
    assert "5 von 300" in f.reason


def test_exit_rule_dates(cat) -> None:  # type: ignore[no-untyped-def]
    eng = Engine(cat)
    k, p = cat.kommune("16075"), cat.provider("kisa")
    before = eng.area(k, p, S.BETRIEB, on=dt.date(2019, 4, 14))
    after = eng.area(k, p, S.BETRIEB, on=dt.date(2019, 4, 15))
    assert "sn.zweckverband.austritt" not in {f.rule for f in before.findings}
    assert "sn.zweckverband.austritt" in {f.rule for f in after.findings}


# -- sn.portal.amt24 -------------------------------------------------------------------
def test_amt24_provider_on_amt24_or_elsewhere(cat) -> None:  # type: ignore[no-untyped-def]
    kisa = ask(cat, "sn.portal.amt24", "14713000", "kisa", S.ONLINE_DIENSTE)
    kiv = ask(cat, "sn.portal.amt24", "14713000", "kiv", S.ONLINE_DIENSTE)
    assert kisa.verdict is V.SERVES
    assert kiv.verdict is V.CANNOT_SERVE and "§ 15a SächsEGovG" in kiv.reason
    bare = attrs.evolve(cat.provider("kiv"), portals=())
    assert ask(cat, "sn.portal.amt24", "14713000", bare, S.ONLINE_DIENSTE).verdict is V.UNKNOWN


def test_amt24_rule_only_for_saxon_kommunen_and_dated(cat) -> None:  # type: ignore[no-untyped-def]
    eng = Engine(cat)
    p = cat.provider("kiv")
    th = eng.area(cat.kommune("16052000"), p, S.ONLINE_DIENSTE, on=ON)
    assert "sn.portal.amt24" not in {f.rule for f in th.findings}
    early = eng.area(cat.kommune("14713000"), p, S.ONLINE_DIENSTE, on=dt.date(2021, 10, 10))
    assert "sn.portal.amt24" not in {f.rule for f in early.findings}
