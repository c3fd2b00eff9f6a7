"""``kommune data import-codelist``: filter to the Land, skip and report bad rows, record the
list's URN and version, write atomically, understand both genericode dialects."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from kommune_core.cli import main
from kommune_core.codelists import read_genericode
from kommune_core.codelists.importer import import_codelist
from kommune_core.loading import load_kommunen

FIX = Path(__file__).parent / "fixtures"


def import_codelist_cli(source: Path, land: str, into: Path):  # type: ignore[no-untyped-def]
    """``kommune --plugins - data import-codelist SOURCE --land LAND --into INTO``."""
    return CliRunner().invoke(
        main,
        [
            "--plugins",
            "-",
            "data",
            "import-codelist",
            str(source),
            "--land",
            land,
            "--into",
            str(into),
        ],
    )


def test_both_dialects_are_read() -> None:
    new = read_genericode(FIX / "ags-sample.xml")
    old = read_genericode(FIX / "kreis-sample-old-dialect.xml")
    assert (new.key_column, new.version, new.valid_from) == (
        "SCHLUESSEL",
        "2026-04-30",
        "2026-04-01",
    )
    assert (old.key_column, old.short_name, old.valid_from) == ("key", "Kreis", "2026-01-01")
    assert "16075" in old.codes()


def test_import_filters_skips_bad_rows_and_records_source(tmp_path: Path) -> None:
    target = tmp_path / "kommunen.json"
    kreis = import_codelist(FIX / "kreis-sample-old-dialect.xml", target, "16")
    assert (kreis.kind, kreis.imported) == ("kreis", 3)
    result = import_codelist(FIX / "ags-sample.xml", target, "16")
    assert result.kind == "ags"
    assert result.imported == 4  # Dresden (14…) filtered out, two bad rows skipped
    assert len(result.skipped) == 2
    assert any("'1605200'" in s and "exactly 8 digits" in s for s in result.skipped)
    assert any("16053000 has no name" in s for s in result.skipped)
    assert all(s.startswith(str(FIX / "ags-sample.xml") + ":") for s in result.skipped)
    doc = json.loads(target.read_text(encoding="utf-8"))
    assert doc["sources"]["ags"]["urn"].endswith(":schluessel:ags")
    assert doc["sources"]["ags"]["version"] == "2026-04-30"
    assert doc["sources"]["kreis"]["version"] == "2026-01-31"
    kommunen = {k.key: k for k in load_kommunen(target)}
    assert set(kommunen) == {"16051000", "16052000", "16075098", "16075116", "16075"}
    assert kommunen["16052000"].kind.value == "kreisfreie_stadt"
    assert kommunen["16075"].kind.value == "landkreis"


def test_failed_import_leaves_the_old_file_whole(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "kommunen.json"
    import_codelist(FIX / "ags-sample.xml", target, "16")
    before = target.read_bytes()

    def boom(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError, match="disk full"):
        import_codelist(FIX / "kreis-sample-old-dialect.xml", target, "16")
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kommunen.json"]  # no temp file left


def test_no_rows_for_the_land_writes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "kommunen.json"
    with pytest.raises(ValueError, match="no rows for Land '15'"):
        import_codelist(FIX / "ags-sample.xml", target, "15")
    assert not target.exists()


def test_not_a_codelist_is_a_clear_cli_error(tmp_path: Path) -> None:
    bad = tmp_path / "x.xml"
    bad.write_text("<root/>", encoding="utf-8")
    res = import_codelist_cli(bad, "16", tmp_path / "k.json")
    assert res.exit_code == 2
    assert "expected genericode" in res.output


def test_cli_import_reports_skipped_rows(tmp_path: Path) -> None:
    target = tmp_path / "k.json"
    res = import_codelist_cli(FIX / "ags-sample.xml", "16", target)
    assert res.exit_code == 0, res.output
    assert "4 AGS-Einträge" in res.output and "2 übersprungen" in res.output
