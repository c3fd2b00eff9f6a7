"""The Sachsen plugin's own data: Land, Kommunen, KISA with its unsure exit quorum, Amt24."""

from __future__ import annotations

from fractions import Fraction

from kommune_core.catalog import load_catalog
from kommune_core.domain import Confidence, KommuneKind, Rechtsform


def test_plugin_alone() -> None:
    cat = load_catalog(["sachsen"], strict=True).load_all()
    assert cat.land("14").code == "DE-SN"
    kommunen = cat.kommunen_of("14")
    assert sum(1 for k in kommunen if k.ags) == 418
    assert {k.kreis for k in kommunen if k.kind is KommuneKind.KREISFREIE_STADT} == {
        "14511", "14612", "14713"}
    assert cat.kommune("14713000").name == "Leipzig, Stadt"
    assert cat.kommune("14729").name == "Leipzig"  # the Landkreis, not the Stadt


def test_kisa_exit_quorum_stays_unsure() -> None:
    kisa = load_catalog(["sachsen"], strict=True).provider("kisa")
    assert kisa.rechtsform is Rechtsform.ZWECKVERBAND and kisa.seat == "Leipzig"
    claims = kisa.satzung.exit_quorum
    assert {c.value for c in claims} == {Fraction(3, 5), Fraction(2, 3)}
    assert all(c.confidence is Confidence.MEDIUM for c in claims)
    assert kisa.satzung.exit_quorum_certain is None
    assert kisa.satzung.umlagepflicht is True
    assert kisa.satzung.umlage_section == "§ 16 Abs. 3 Verbandssatzung"


def test_kisa_members_use_real_keys_of_thueringen() -> None:
    cat = load_catalog(["sachsen", "thueringen"], strict=True)
    kisa = cat.provider("kisa")
    names = {cat.kommune(b.kommune).name for b in kisa.members}
    assert {"Saale-Orla-Kreis", "Gera, Stadt", "Weimar, Stadt", "Nordhausen, Stadt"} <= names
    gera = next(b for b in kisa.members if b.kommune == "16052000")
    assert gera.confidence is Confidence.MEDIUM  # a Stadtrat decision reported by the press


def test_amt24_serves_only_sachsen() -> None:
    cat = load_catalog(["sachsen"], strict=True)
    [amt24] = cat.portale_for("14")
    assert amt24.id == "amt24" and amt24.for_laender == ("14",)


def test_membership_known_only_by_year_counts_from_that_year() -> None:
    import datetime as dt

    kisa = load_catalog(["sachsen"], strict=True).provider("kisa")
    sok = next(b for b in kisa.members if b.kommune == "16075")
    assert (sok.since, sok.since_year) == (None, 2019)
    assert not sok.active(dt.date(2018, 12, 31))
    assert sok.active(dt.date(2019, 1, 1)) and sok.active(dt.date(2026, 11, 27))
    assert kisa.member_binding({"16075"}, dt.date(2015, 1, 1)) is None
