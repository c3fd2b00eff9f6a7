"""The Sachsen plugin's own data: Land, Kommunen, KISA's dated membership record, Amt24."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

from kommune_core.catalog import load_catalog
from kommune_core.domain import Confidence, KommuneKind, Rechtsform


def test_plugin_alone() -> None:
    cat = load_catalog(["sachsen"], strict=True).load_all()
    assert cat.land("14").code == "DE-SN"
    kommunen = cat.kommunen_of("14")
    assert sum(1 for k in kommunen if k.ags) == 418
    assert {k.kreis for k in kommunen if k.kind is KommuneKind.KREISFREIE_STADT} == {
        "14511",
        "14612",
        "14713",
    }
    assert cat.kommune("14713000").name == "Leipzig, Stadt"
    assert cat.kommune("14729").name == "Leipzig"  # the Landkreis, not the Stadt


def test_kisa_exit_quorum_stays_unsure() -> None:
    kisa = load_catalog(["sachsen"], strict=True).provider("kisa")
    assert kisa.rechtsform is Rechtsform.ZWECKVERBAND and kisa.seat == "Leipzig"
    claims = kisa.satzung.exit_quorum
    assert {c.value for c in claims} == {Fraction(3, 5), Fraction(2, 3)}
    assert all(c.confidence is Confidence.MEDIUM for c in claims)
    assert kisa.satzung.exit_quorum_certain is None
    assert (kisa.satzung.total_votes, kisa.satzung.total_votes_on) == (3113, dt.date(2024, 9, 25))


def test_kisa_members_use_real_keys() -> None:
    cat = load_catalog(["sachsen", "thueringen"], strict=True)
    kisa = cat.provider("kisa")
    names = {cat.kommune(b.kommune).name for b in kisa.members if b.kommune[:2] in ("14", "16")}
    assert {"Saale-Orla-Kreis", "Weimar, Stadt", "Nordhausen, Stadt", "Jena, Stadt"} <= names
    assert "Gera, Stadt" not in names  # a council decision, not an admission
    assert {b.kommune for b in kisa.members if b.kommune[:2] == "12"} == {"12061"}
    gera = [a for a in kisa.applications if a.kommune == "16052000"]
    assert {a.decided for a in gera} == {dt.date(2021, 9, 30), None}
    assert {o.kind for o in kisa.other_members} >= {"verwaltungsgemeinschaft", "stiftung"}


def test_every_membership_source_is_named_and_not_the_brief() -> None:
    kisa = load_catalog(["sachsen"], strict=True).provider("kisa")
    for b in kisa.members:
        assert b.source is not None and "brief" not in b.source.title.lower()
        assert b.since or b.since_year or b.attested or b.until


def test_amt24_serves_only_sachsen() -> None:
    cat = load_catalog(["sachsen"], strict=True)
    [amt24] = cat.portale_for("14")
    assert amt24.id == "amt24" and amt24.for_laender == ("14",)


def test_bindung_active_and_state_around_its_dates() -> None:
    kisa = load_catalog(["sachsen"], strict=True).provider("kisa")
    sok = next(b for b in kisa.members if b.kommune == "16075")
    assert (sok.since, sok.since_year) == (None, 2019)
    assert sok.state(dt.date(2018, 12, 31)) is False
    assert sok.state(dt.date(2019, 1, 1)) is None and sok.state(dt.date(2019, 12, 31)) is None
    assert sok.state(dt.date(2020, 1, 1)) is True
    assert not sok.active(dt.date(2019, 6, 1)) and sok.active(dt.date(2020, 1, 1))
    kl = next(b for b in kisa.members if b.kommune == "14523160")  # Klingenthal left
    assert kl.until == dt.date(2020, 10, 22)
    assert kl.state(dt.date(2020, 10, 22)) is None and kl.state(dt.date(2020, 10, 23)) is False
    jena = next(b for b in kisa.members if b.kommune == "16053000")
    assert not jena.active(dt.date(2025, 2, 5)) and jena.active(dt.date(2025, 2, 6))


def test_authority_renamed_on_2023_01_01() -> None:
    land = load_catalog(["sachsen"], strict=True).land("14")
    old = land.authority("datenschutzaufsicht", dt.date(2022, 12, 31))
    new = land.authority("datenschutzaufsicht", dt.date(2023, 1, 1))
    assert old is not None and old.name == "Sächsische Datenschutzbeauftragte"
    assert new is not None and new.name == "Sächsische Datenschutz- und Transparenzbeauftragte"
    assert new.norm == "§ 14 Abs. 1 SächsDSDG"
