"""``kommune validate`` and ``kommune schemas`` end to end (click's CliRunner): exit codes,
the bundled examples, every report format parsed back, --fail-fast, --jobs, usage errors."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result
from lxml import etree

from kommune_core.cli import main

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "messages"
PLUGINS = ["--plugins", "thueringen,sachsen"]

#: file → (valid, scenario, rules of its errors and warnings)
EXPECTED = {
    "other-no-scenario.xml": (False, None, ["scenario:none"]),
    "sn-antrag-invalid-nachrichtentyp.xml": (False, "sn.antrag", ["xoev:nachrichtentyp"]),
    "sn-antrag-valid-efa-warning.xml": (True, "sn.antrag", ["sch:sn-antrag-03"]),
    "sn-antrag-valid.xml": (True, "sn.antrag", []),
    "sn-bindung-invalid-code.xml": (False, "sn.bindung", ["codelist:unknown-code"]),
    "sn-bindung-invalid-schematron.xml": (False, "sn.bindung", ["sch:sn-bindung-01"]),
    "sn-bindung-valid.xml": (True, "sn.bindung", []),
    "th-antrag-invalid-kommune.xml": (
        False,
        "th.antrag",
        ["sch:th-antrag-03", "check:th.kommune-bekannt"],
    ),
    "th-antrag-invalid-schematron.xml": (
        False,
        "th.antrag",
        ["sch:th-antrag-01", "sch:th-antrag-02"],
    ),
    "th-antrag-invalid-xsd.xml": (
        False,
        "th.antrag",
        ["xsd:cvc-pattern-valid", "xsd:cvc-complex-type.2.4"],
    ),
    "th-antrag-truncated.xml": (False, None, ["xml.truncated"]),
    "th-antrag-valid.xml": (True, "th.antrag", []),
    "th-bindung-invalid-code.xml": (False, "th.bindung", ["codelist:unknown-code"]),
    "th-bindung-valid-kisa-warning.xml": (True, "th.bindung", ["sch:th-bindung-04"]),
    "th-bindung-valid.xml": (True, "th.bindung", []),
}


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KOMMUNE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("KOMMUNE_XREPOSITORY_URL", raising=False)


def kommune(*args: str) -> Result:
    return CliRunner().invoke(main, [*PLUGINS, *args], catch_exceptions=False)


def report(fmt: str, *args: str) -> tuple[Result, str]:
    result = kommune("validate", "--format", fmt, *args)
    return result, result.stdout


def test_examples_folder_is_exactly_what_the_names_say() -> None:
    assert sorted(p.name for p in EXAMPLES.glob("*.xml")) == sorted(EXPECTED)
    for name, (valid, _sc, _rules) in EXPECTED.items():
        assert ("-valid" in name) == valid, name


def test_text_report_on_the_examples() -> None:
    result = kommune("validate", "--offline", str(EXAMPLES))
    assert result.exit_code == 1
    out = result.stdout
    for name, (valid, _sc, rules) in EXPECTED.items():
        listed = f"{EXAMPLES / name}" in out
        assert listed == (not valid or bool(rules)), name
        for rule in rules:
            assert f"[{rule}]" in out
    assert (
        out.rstrip()
        .splitlines()[-1]
        .startswith("15 files: 6 valid, 9 invalid (2 not processed), 3 warning(s)")
    )


def test_verbose_lists_valid_files_too() -> None:
    result = kommune("validate", "-v", str(EXAMPLES / "th-antrag-valid.xml"))
    assert result.exit_code == 0
    assert "ok   " in result.stdout and "th-antrag-valid.xml" in result.stdout


def test_all_valid_exits_zero() -> None:
    files = [str(EXAMPLES / n) for n, (v, _s, r) in EXPECTED.items() if v]
    result = kommune("validate", *files)
    assert result.exit_code == 0, result.output
    assert result.stdout.rstrip().splitlines()[-1].startswith("6 files: 6 valid, 0 invalid")


def test_json_report_has_the_documented_shape() -> None:
    result, out = report("json", str(EXAMPLES))
    assert result.exit_code == 1
    data = json.loads(out)
    assert set(data) == {"summary", "files"}
    assert set(data["summary"]) == {"files", "valid", "invalid", "seconds"}
    assert data["summary"]["files"] == 15 and data["summary"]["invalid"] == 9
    assert len(data["files"]) == 15
    for rec in data["files"]:
        assert set(rec) == {"file", "valid", "scenario", "errors"}
        valid, scenario, rules = EXPECTED[Path(rec["file"]).name]
        assert rec["valid"] is valid and rec["scenario"] == scenario
        assert [e["rule"] for e in rec["errors"]] == rules
        for e in rec["errors"]:
            assert set(e) == {"line", "column", "xpath", "rule", "severity", "message"}
            assert e["severity"] in ("error", "warning") and e["message"]
            assert isinstance(e["line"], int)


def test_junit_report_parses_back() -> None:
    result, out = report("junit", str(EXAMPLES))
    assert result.exit_code == 1
    root = etree.fromstring(out.encode())
    suite = root.find("testsuite")
    assert suite.get("tests") == "15" and suite.get("failures") == "7"
    assert suite.get("errors") == "2"
    cases = {Path(c.get("name")).name: c for c in suite.iter("testcase")}
    assert set(cases) == set(EXPECTED)
    assert cases["th-antrag-truncated.xml"].find("error").get("type") == "xml.truncated"
    failure = cases["th-antrag-invalid-xsd.xml"].find("failure")
    assert failure.get("type") == "xsd:cvc-pattern-valid" and "line 31" in failure.text
    assert cases["th-antrag-valid.xml"].find("failure") is None
    assert "sch:th-bindung-04" in cases["th-bindung-valid-kisa-warning.xml"].findtext("system-out")


def test_sarif_report_parses_back() -> None:
    result, out = report("sarif", str(EXAMPLES))
    assert result.exit_code == 1
    sarif = json.loads(out)
    assert sarif["version"] == "2.1.0"
    (run,) = sarif["runs"]
    results = run["results"]
    assert {r["ruleId"] for r in results} >= {
        "xsd:cvc-pattern-valid",
        "sch:th-antrag-01",
        "codelist:unknown-code",
        "xml.truncated",
        "scenario:none",
        "xoev:nachrichtentyp",
    }
    rule_ids = {r["id"] for r in run["tool"]["driver"]["rules"]}
    assert rule_ids == {r["ruleId"] for r in results}
    xsd = next(r for r in results if r["ruleId"] == "xsd:cvc-pattern-valid")
    loc = xsd["locations"][0]
    assert loc["physicalLocation"]["artifactLocation"]["uri"].endswith("th-antrag-invalid-xsd.xml")
    assert loc["physicalLocation"]["region"]["startLine"] == 31
    assert loc["logicalLocations"][0]["fullyQualifiedName"].endswith("th:leikaSchluessel")
    warning = next(r for r in results if r["ruleId"] == "sch:th-bindung-04")
    assert warning["level"] == "warning"


def test_html_report_parses_back_and_escapes(tmp_path: Path) -> None:
    out_file = tmp_path / "report.html"
    result = kommune("validate", "--format", "html", "-o", str(out_file), str(EXAMPLES))
    assert result.exit_code == 1
    assert "→" in result.stderr and "15 files" in result.stderr
    doc = etree.HTML(out_file.read_text(encoding="utf-8"))
    summary = doc.find(".//p[@id='summary']")
    assert (summary.get("data-files"), summary.get("data-invalid")) == ("15", "9")
    sections = doc.findall(".//section")
    assert len(sections) == 11  # every file with findings; the 4 clean valid files only counted
    assert "<" not in "".join(doc.find(".//section//td[4]").itertext())


def test_output_file_and_summary_on_stderr(tmp_path: Path) -> None:
    target = tmp_path / "r.json"
    result = kommune(
        "validate", "--format", "json", "-o", str(target), str(EXAMPLES / "th-antrag-valid.xml")
    )
    assert result.exit_code == 0 and result.stdout == ""
    assert json.loads(target.read_text(encoding="utf-8"))["summary"]["valid"] == 1
    assert "1 file: 1 valid" in result.stderr


def test_fail_fast_stops_at_the_first_invalid_file(tmp_path: Path) -> None:
    result, out = report("json", "--fail-fast", str(EXAMPLES))
    assert result.exit_code == 1
    files = json.loads(out)["files"]
    assert [Path(f["file"]).name for f in files] == ["other-no-scenario.xml"]


def test_two_jobs_give_the_same_report_as_one(tmp_path: Path) -> None:
    many = tmp_path / "many"
    for k in range(8):  # more files than one chunk per worker
        shutil.copytree(EXAMPLES, many / f"copy{k}")
    one = json.loads(report("json", "--jobs", "1", str(many))[1])
    two = json.loads(report("json", "--jobs", "2", str(many))[1])
    assert len(two["files"]) == 8 * 15
    assert one["files"] == two["files"]
    assert {k: v for k, v in one["summary"].items() if k != "seconds"} == {
        k: v for k, v in two["summary"].items() if k != "seconds"
    }


def test_checks_xsd_reports_only_schema_errors() -> None:
    _result, out = report("json", "--checks", "xsd", str(EXAMPLES))
    data = json.loads(out)
    rules = {e["rule"] for f in data["files"] for e in f["errors"]}
    assert rules == {
        "xsd:cvc-pattern-valid",
        "xsd:cvc-complex-type.2.4",
        "scenario:none",
        "xml.truncated",
    }
    assert data["summary"]["invalid"] == 3


def test_forced_scenario() -> None:
    result = kommune("validate", "--scenario", "sn.antrag", str(EXAMPLES / "th-antrag-valid.xml"))
    assert result.exit_code == 1 and "[xsd:cvc-elt.1]" in result.stdout


@pytest.mark.parametrize(
    "args, needle",
    [
        (["validate", "/no/such/path.xml"], "does not exist"),
        (["validate", "--scenario", "th.antrg", str(EXAMPLES)], "th.antrag"),
        (["validate", "--format", "pdf", str(EXAMPLES)], "unknown format 'pdf'"),
        (["validate", "--jobs", "-1", str(EXAMPLES)], "--jobs"),
        (["validate", "--checks", "some", str(EXAMPLES)], "--checks"),
    ],
)
def test_usage_errors_exit_2(args: list[str], needle: str) -> None:
    result = CliRunner().invoke(main, [*PLUGINS, *args])
    assert result.exit_code == 2, result.output
    assert needle in result.output


def test_empty_folder_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("no xml here", encoding="utf-8")
    result = CliRunner().invoke(main, [*PLUGINS, "validate", str(tmp_path)])
    assert result.exit_code == 2 and "no *.xml files" in result.output


def test_no_scenarios_without_plugins_is_a_usage_error() -> None:
    result = CliRunner().invoke(main, ["--plugins", "bund", "validate", str(EXAMPLES)])
    assert result.exit_code == 2 and "--schema" in result.output


def test_schema_with_a_missing_import_names_the_url(tmp_path: Path) -> None:
    xsd = tmp_path / "x.xsd"
    xsd.write_text(
        '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">'
        '<xs:import namespace="urn:x" schemaLocation="https://example.test/x/b.xsd"/>'
        "</xs:schema>",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, [*PLUGINS, "validate", "--schema", str(xsd), str(EXAMPLES)])
    assert result.exit_code == 2 and "https://example.test/x/b.xsd" in result.output
    both = CliRunner().invoke(
        main, [*PLUGINS, "validate", "--schema", str(xsd), "--scenario", "th.antrag", str(EXAMPLES)]
    )
    assert both.exit_code == 2 and "exclude each other" in both.output


def test_progress_bar_does_not_change_the_report() -> None:
    plain = kommune("validate", "--no-progress", str(EXAMPLES))
    bar = kommune("validate", "--progress", str(EXAMPLES))
    assert bar.exit_code == plain.exit_code == 1
    assert bar.stdout.splitlines()[:-1] == plain.stdout.splitlines()[:-1]


def test_schemas_command_lists_schemas_and_scenarios_by_plugin() -> None:
    result = CliRunner(env={"COLUMNS": "200"}).invoke(main, [*PLUGINS, "schemas"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "kommune-nachrichtenkopf.xsd" in out and "urn:kommune-interop:xoev:code:1" in out
    assert "Plugin thueringen: scenarios" in out and "Plugin sachsen: scenarios" in out
    for sid in ("th.antrag", "th.bindung", "sn.antrag", "sn.bindung"):
        assert sid in out
    assert "th.kommune-bekannt" in out


@pytest.mark.parametrize("command", ["validate", "serve"])
def test_xml_catalog_is_the_documented_name_and_catalog_still_works(
    command: str, tmp_path: Path
) -> None:
    catalog = tmp_path / "catalog.xml"
    catalog.write_text("<catalog/>", encoding="utf-8")
    cmd = main.get_command(click.Context(main), command)
    assert cmd is not None
    extra = ["x.xml"] if command == "validate" else []
    (tmp_path / "x.xml").write_text("<x/>", encoding="utf-8")
    for name in ("--xml-catalog", "--catalog"):
        ctx = cmd.make_context(command, [name, str(catalog), *[str(tmp_path / e) for e in extra]])
        assert ctx.params["catalogs"] == (str(catalog),)
    shown = CliRunner().invoke(main, [command, "--help"], terminal_width=200).output
    assert "--xml-catalog" in shown and "--catalog" not in shown.replace("--xml-catalog", "")
