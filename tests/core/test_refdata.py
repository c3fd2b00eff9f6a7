"""Reference data: every Gemeinde and Kreis of both Länder with its official key, counted
against the Destatis code lists; the data files state source and version."""

from __future__ import annotations

import json
from importlib.resources import files

import pytest

from kommune_core.codelists import read_genericode
from kommune_core.domain import KommuneKind

EXPECTED = {"16": {"gemeinden": 601, "kreise": 22}, "14": {"gemeinden": 418, "kreise": 13}}
PACKAGES = {"16": "kommune_thueringen", "14": "kommune_sachsen"}


def _doc(land: str) -> dict:
    path = files(PACKAGES[land]) / "data" / "kommunen.json"
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("land", ["16", "14"])
def test_counts_and_kinds(catalog, land: str) -> None:
    kommunen = catalog.kommunen_of(land)
    gemeinden = [k for k in kommunen if k.ags]
    kreisebene = [k for k in kommunen if k.is_kreisebene]
    assert len(gemeinden) == EXPECTED[land]["gemeinden"]
    assert len(kreisebene) == EXPECTED[land]["kreise"]
    assert len({k.key for k in kommunen}) == len(kommunen)


@pytest.mark.parametrize("land", ["16", "14"])
def test_data_file_states_source_and_gebietsstand(land: str) -> None:
    sources = _doc(land)["sources"]
    assert sources["ags"]["urn"] == "urn:de:bund:destatis:bevoelkerungsstatistik:schluessel:ags"
    assert sources["ags"]["version"] == "2026-04-30"
    assert sources["ars"]["urn"].endswith(":schluessel:rs")
    assert sources["kreis"]["version"] == "2026-01-31"
    assert all(s["agency"] for s in sources.values())


def test_brief_keys(catalog) -> None:
    gera = catalog.kommune("16052000")
    assert (gera.name, gera.kind, gera.ars) == (
        "Gera, Stadt",
        KommuneKind.KREISFREIE_STADT,
        "160520000000",
    )
    assert catalog.kommune("16052") is gera
    assert catalog.kommune("160520000000") is gera
    sok = catalog.kommune("16075")
    assert (sok.name, sok.kind) == ("Saale-Orla-Kreis", KommuneKind.LANDKREIS)
    kreisfrei_th = {
        k.kreis for k in catalog.kommunen_of("16", kinds=[KommuneKind.KREISFREIE_STADT])
    }
    assert kreisfrei_th == {"16051", "16052", "16053", "16054", "16055"}
    kreisfrei_sn = {
        k.kreis for k in catalog.kommunen_of("14", kinds=[KommuneKind.KREISFREIE_STADT])
    }
    assert kreisfrei_sn == {"14511", "14612", "14713"}
    landkreise_sn = {k.kreis for k in catalog.kommunen_of("14", kinds=[KommuneKind.LANDKREIS])}
    assert landkreise_sn == {
        "14521",
        "14522",
        "14523",
        "14524",
        "14625",
        "14626",
        "14627",
        "14628",
        "14729",
        "14730",
    }
    assert {k.kreis for k in catalog.kommunen_of("16", kinds=[KommuneKind.LANDKREIS])} == {
        f"160{n}" for n in range(61, 78)
    }


def test_inconsistent_ars_in_the_official_list_is_marked_not_hidden(catalog) -> None:
    uder = catalog.kommune("16061119")
    assert uder.ars is None
    assert "unsicher" in (uder.note or "")


@pytest.mark.corpus
@pytest.mark.parametrize("land", ["16", "14"])
def test_every_key_matches_the_code_lists(catalog, corpus, land: str) -> None:
    cl_dir = corpus / "xwasser" / "codelists"
    ags = {
        r["SCHLUESSEL"]: r["Bezeichnung"]
        for r in read_genericode(cl_dir / "AGS_2026-04-30.xml").records()
        if r["SCHLUESSEL"].startswith(land)
    }
    kreise = {
        r["SCHLUESSEL"]: r["Bezeichnung"]
        for r in read_genericode(cl_dir / "Kreis_2026-01-31.xml").records()
        if r["SCHLUESSEL"].startswith(land)
    }
    ars = {
        r["SCHLUESSEL"]
        for r in read_genericode(cl_dir / "Regionalschlüssel_2026-04-30.xml").records()
        if r["SCHLUESSEL"].startswith(land)
    }
    ours = catalog.kommunen_of(land)
    assert {k.ags: k.name for k in ours if k.ags} == ags
    assert {k.kreis for k in ours if k.is_kreisebene} == set(kreise)
    assert {k.name for k in ours if k.kind is KommuneKind.LANDKREIS} == {
        n for key, n in kreise.items() if key + "000" not in ags
    }
    assert {k.ars for k in ours if k.ars} <= ars
    assert len(ars) - len({k.ars for k in ours if k.ars}) == (1 if land == "16" else 0)
