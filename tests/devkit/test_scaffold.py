"""``kommune plugin new``: what the scaffold writes, and what it refuses."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from kommune_core.cli import main
from kommune_core.codelists import read_genericode
from kommune_core.devkit.scaffold import ScaffoldError, scaffold
from kommune_core.loading import load_kommunen, load_land, load_providers
from kommune_core.rulekit import load_norms

KEYLISTS = Path(__file__).resolve().parent / "fixtures" / "keylists"
LISTS = [
    KEYLISTS / "ags-15-excerpt.xml",
    KEYLISTS / "kreis-15-excerpt.xml",
    KEYLISTS / "rs-15-excerpt.xml",
]
LAENDER = KEYLISTS / "bundesland-excerpt.xml"
ST = {"land_name": "Sachsen-Anhalt", "land_code": "DE-ST"}


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    into = tmp_path_factory.mktemp("scaffold")
    # The Land's name comes from the official Länder list passed among the key lists.
    result = scaffold(
        "sachsen_anhalt", "15", into=into, key_lists=[LAENDER, *LISTS], land_code="DE-ST"
    )
    assert result.root == into / "kommune-sachsen-anhalt"
    assert result.kommunen == 6
    return result.root


def test_pyproject_registers_the_entry_point(project: Path) -> None:
    meta = tomllib.loads((project / "pyproject.toml").read_text("utf-8"))
    assert meta["project"]["name"] == "kommune-sachsen-anhalt"
    assert meta["project"]["entry-points"]["kommune_core"] == {
        "sachsen_anhalt": "kommune_sachsen_anhalt.plugin:plugin"
    }
    assert meta["build-system"]["build-backend"] == "hatchling.build"


def test_the_plugin_has_the_bundled_plugins_shape(project: Path) -> None:
    package = project / "src/kommune_sachsen_anhalt"
    bundled = Path(__file__).resolve().parents[2] / "plugins/sachsen/src/kommune_sachsen"
    code = (package / "plugin.py").read_text("utf-8")
    assert 'plugin = PackagePlugin(__package__ or "kommune_sachsen_anhalt")' in code
    assert "@hookimpl" not in code
    for part in (
        "data/land.toml",
        "data/kommunen.json",
        "data/providers.toml",
        "rules/__init__.py",
        "rules/norms.toml",
        "exchange/__init__.py",
    ):
        assert (package / part).is_file(), part
        assert (bundled / part).is_file(), f"the bundled plugin has no {part}"
    assert not (package / "data/norms.toml").exists()  # one place for the law: rules/
    tests = (project / "tests/test_rules.py").read_text("utf-8")
    assert "from kommune_core.devkit.testing import ask_rule" in tests


def test_the_example_rule_does_not_repeat_federal_rules(project: Path) -> None:
    rules = "".join(p.read_text("utf-8") for p in (project / "src").rglob("rules/*"))
    assert "GWB" not in rules and "108" not in rules
    norms = load_norms(project / "src/kommune_sachsen_anhalt/rules/norms.toml")
    assert set(norms) == {"ozg_1_2"}
    assert norms["ozg_1_2"].valid_from.isoformat() == "2017-08-18"


def test_every_key_comes_from_the_official_lists(project: Path) -> None:
    official = set().union(*(read_genericode(p).codes() for p in LISTS))
    kommunen = load_kommunen(project / "src/kommune_sachsen_anhalt/data/kommunen.json")
    assert kommunen
    for k in kommunen:
        assert k.land == "15"
        for key in (k.kreis, k.ags, k.ars):
            assert key is None or key in official, f"{key} is not in the official lists"
    kinds = {k.key: k.kind.value for k in kommunen}
    assert kinds["15003000"] == "kreisfreie_stadt" and kinds["15081"] == "landkreis"
    assert "16052000" not in kinds  # Gera is filtered out


def test_data_files_load_and_name_their_sources(project: Path) -> None:
    data = project / "src/kommune_sachsen_anhalt/data"
    land = load_land(data / "land.toml").land
    assert (land.key, land.name, land.code) == ("15", "Sachsen-Anhalt", "DE-ST")
    assert land.sources and land.sources[0].title.startswith(
        "Destatis, Schlüsselverzeichnis der Länder (urn:de:bund:destatis:"
        "bevoelkerungsstatistik:schluessel:bundesland, Version 2010-04-01)"
    )
    assert load_providers(data / "providers.toml") == []
    doc = json.loads((data / "kommunen.json").read_text("utf-8"))
    assert doc["sources"]["ags"]["urn"].endswith(":schluessel:ags")
    assert doc["sources"]["ags"]["version"] == "2026-04-30"


def test_examples_and_tests_use_a_real_sample_kommune(project: Path) -> None:
    exchange = project / "src/kommune_sachsen_anhalt/exchange"
    valid = (exchange / "examples/anfrage-valid.xml").read_text("utf-8")
    invalid = (exchange / "examples/anfrage-invalid-ags.xml").read_text("utf-8")
    assert "<tns:gemeinde>15081026</tns:gemeinde>" in valid
    assert "<tns:gemeinde>1508102</tns:gemeinde>" in invalid  # one digit short: no key at all
    assert '"15081026"' in (project / "tests/test_plugin.py").read_text("utf-8")
    for source in project.rglob("*.py"):
        compile(source.read_text("utf-8"), str(source), "exec")  # every file is valid Python


@pytest.mark.parametrize(
    ("args", "options", "says"),
    [
        (("sachsen anhalt", "15"), ST, "letters a-z, digits, '_' or '-'"),
        (("sachsen_anhalt", "1"), ST, "exactly 2 digits"),
        (("sachsen_anhalt", "17"), {}, "no Land has the key '17'"),
        (("Thueringen", "16"), {}, "installed already"),
        (("sachsen_anhalt", "15"), {"land_code": "DE-TH"}, "is 'DE-ST' in ISO 3166-2"),
        (("sachsen_anhalt", "15"), {**ST, "land_code": "ST"}, "ISO 3166-2"),
    ],
)
def test_bad_arguments_are_refused(
    tmp_path: Path, args: tuple[str, str], options: dict[str, str], says: str
) -> None:
    with pytest.raises(ScaffoldError, match=says):
        scaffold(*args, into=tmp_path, key_lists=LISTS, **options)
    assert not any(tmp_path.iterdir()), "nothing may be left behind"


def test_key_lists_are_required_and_must_hold_an_ags_list(tmp_path: Path) -> None:
    with pytest.raises(ScaffoldError, match="never invents keys"):
        scaffold("sachsen_anhalt", "15", into=tmp_path, key_lists=[], **ST)
    with pytest.raises(ScaffoldError, match="no AGS list"):
        scaffold("sachsen_anhalt", "15", into=tmp_path, key_lists=[LISTS[1]], **ST)


def test_a_land_without_rows_leaves_nothing_behind(tmp_path: Path) -> None:
    with pytest.raises(ScaffoldError, match="no rows for Land '13'"):
        scaffold("mecklenburg", "13", into=tmp_path, key_lists=LISTS)
    assert not any(tmp_path.iterdir())


def test_name_and_code_follow_from_the_key_and_a_dashed_name_is_normalised(
    tmp_path: Path,
) -> None:
    result = scaffold("Sachsen-Anhalt", "15", into=tmp_path, key_lists=LISTS)
    assert result.name == "sachsen_anhalt"
    assert result.root == tmp_path / "kommune-sachsen-anhalt"
    land = load_land(result.root / "src/kommune_sachsen_anhalt/data/land.toml").land
    assert (land.key, land.name, land.code) == ("15", "Sachsen-Anhalt", "DE-ST")
    assert "bundesland, Version 2010-04-01" in land.sources[0].title


def test_an_existing_project_is_not_overwritten(tmp_path: Path) -> None:
    (tmp_path / "kommune-sachsen-anhalt").mkdir()
    (tmp_path / "kommune-sachsen-anhalt" / "keep.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(ScaffoldError, match="exists and is not empty"):
        scaffold("sachsen_anhalt", "15", into=tmp_path, key_lists=LISTS, **ST)
    assert (tmp_path / "kommune-sachsen-anhalt" / "keep.txt").read_text("utf-8") == "mine"


def test_cli_scaffolds_and_reports_errors_with_exit_code_2(tmp_path: Path) -> None:
    runner = CliRunner()
    args = [
        "plugin",
        "new",
        "sachsen_anhalt",
        "--land-key",
        "15",
        "--land-code",
        "DE-ST",
        "--land-name",
        "Sachsen-Anhalt",
        "--into",
        str(tmp_path),
    ]
    ok = runner.invoke(main, [*args, *(a for p in LISTS for a in ("--codelist", str(p)))])
    assert ok.exit_code == 0, ok.output
    assert "6 Kommunen aus 3 Schlüssellisten" in ok.output
    again = runner.invoke(main, [*args, "--codelist", str(LISTS[0])])
    assert again.exit_code == 2 and "exists and is not empty" in again.output
