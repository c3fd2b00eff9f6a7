"""The Thüringen plugin's own data: Land, Kommunen, KIV, ThAVEL — loaded on their own."""

from __future__ import annotations

from kommune_core.catalog import load_catalog
from kommune_core.domain import BindungsArt, KommuneKind, Rechtsform


def test_plugin_alone() -> None:
    cat = load_catalog(["thueringen"], strict=True).load_all()
    land = cat.land("16")
    assert (land.name, land.code) == ("Thüringen", "DE-TH")
    assert "Datenschutz" in (land.datenschutzaufsicht or "")
    kommunen = cat.kommunen_of("16")
    assert sum(1 for k in kommunen if k.ags) == 601
    assert sum(1 for k in kommunen if k.kind is KommuneKind.LANDKREIS) == 17
    assert cat.kommune("16075").name == "Saale-Orla-Kreis"


def test_kiv() -> None:
    cat = load_catalog(["thueringen"], strict=True)
    kiv = cat.provider("kiv")
    assert kiv.rechtsform is Rechtsform.GMBH and kiv.seat_land == "16"
    assert kiv.founded.isoformat() == "2020-05-27"
    assert kiv.portals == ("thavel",)
    assert kiv.private_capital is None  # in-house capability is an aim, not verified
    assert kiv.open_to == ("16",) and kiv.open_to_source is not None
    [erfurt] = kiv.members
    assert (erfurt.kommune, erfurt.art) == ("16051000", BindungsArt.GESELLSCHAFTER)
    assert erfurt.since_year == 2021
    assert {o.name for o in kiv.other_members} >= {"Freistaat Thüringen"}
    assert all(s.url for s in kiv.sources)


def test_thavel_serves_only_thueringen() -> None:
    cat = load_catalog(["thueringen"], strict=True)
    assert [p.id for p in cat.portale_for("16")] == ["thavel"]
    assert cat.portale_for("14") == []
