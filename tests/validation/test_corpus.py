"""Any XÖV standard without a plugin (``--schema``, ``--xml-catalog``, ``--codelists``), on the real
published artifacts in ``../shared/corpus`` (skipped where it is absent): XWasser with its
samples (the corpus README says which is invalid and why), XBildung, and the KoSIT
validator's own small example."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kommune_core.cli import main

pytestmark = pytest.mark.corpus


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KOMMUNE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("KOMMUNE_XREPOSITORY_URL", raising=False)


def validate(*args: str) -> tuple[Result, dict]:  # type: ignore[type-arg]
    result = CliRunner().invoke(
        main,
        ["--plugins", "bund", "validate", "--offline", "--format", "json", *args],
        catch_exceptions=False,
    )
    data = json.loads(result.stdout) if result.exit_code in (0, 1) else {}
    return result, data


def by_name(data: dict) -> dict[str, dict]:  # type: ignore[type-arg]
    return {Path(f["file"]).name: f for f in data["files"]}


def validate_schema_only(schema: Path, target: Path) -> Result:
    """``kommune --plugins bund validate --schema SCHEMA TARGET``: no catalog, no options."""
    return CliRunner().invoke(
        main, ["--plugins", "bund", "validate", "--schema", str(schema), str(target)]
    )


def xwasser(corpus: Path, *extra: str) -> tuple[Result, dict]:  # type: ignore[type-arg]
    return validate(
        "--schema",
        str(corpus / "xwasser/xsd/xwasser.xsd"),
        "--xml-catalog",
        str(corpus / "catalog.xml"),
        *extra,
        str(corpus / "xwasser/samples"),
    )


def test_xwasser_schema_errors_are_exactly_the_documented_ones(corpus: Path) -> None:
    result, data = xwasser(corpus, "--checks", "xsd")
    assert result.exit_code == 1
    files = by_name(data)
    assert len(files) == 5
    invalid = {n for n, f in files.items() if not f["valid"]}
    # quality_report_minimal.xml: IDREFs that match no ID (cvc-id.1) — libxml2 misses them,
    # xmlschema and Xerces report them (issue 11)
    assert invalid == {"monitoring_plan_minimal.xml", "quality_report_minimal.xml"}
    assert [(e["line"], e["rule"]) for e in files["quality_report_minimal.xml"]["errors"]] == [
        (38, "xsd:cvc-id.1"),
        (62, "xsd:cvc-id.1"),
    ]
    errors = files["monitoring_plan_minimal.xml"]["errors"]
    assert [(e["line"], e["rule"]) for e in errors] == [
        (72, "xsd:cvc-id.1"),
        (74, "xsd:cvc-complex-type.2.4"),
        (101, "xsd:cvc-au"),
        (119, "xsd:cvc-au"),
    ]
    assert errors[1]["xpath"].endswith("/xwas:terminplan/xwas:probennahmestelleKategorie")
    assert "'2'" in errors[2]["message"] and "'3'" in errors[3]["message"]


@pytest.mark.skipif(shutil.which("xmllint") is None, reason="xmllint is not installed")
def test_xwasser_agrees_with_xmllint(corpus: Path) -> None:
    _result, data = xwasser(corpus, "--checks", "xsd")
    proc = subprocess.run(
        [
            "xmllint",
            "--noout",
            "--nonet",
            "--schema",
            str(corpus / "xwasser/xsd/xwasser.xsd"),
            *sorted(str(p) for p in (corpus / "xwasser/samples").glob("*.xml")),
        ],
        capture_output=True,
        text=True,
        env={"XML_CATALOG_FILES": str(corpus / "catalog.xml")},
    )
    failing = {
        Path(line.split(" fails to validate")[0]).name
        for line in proc.stderr.splitlines()
        if line.endswith("fails to validate")
    }
    lines = {
        int(line.split(":")[1])
        for line in proc.stderr.splitlines()
        if "monitoring_plan_minimal.xml:" in line and "validity error" in line
    }
    # kommune = libxml2's verdict + the ID/IDREF table libxml2 does not keep (cvc-id.1)
    files = by_name(data)
    beyond = {n for n, f in files.items() if any(e["rule"] == "xsd:cvc-id.1" for e in f["errors"])}
    assert failing | beyond == {n for n, f in files.items() if not f["valid"]}
    assert lines == {
        e["line"]
        for e in files["monitoring_plan_minimal.xml"]["errors"]
        if e["rule"] != "xsd:cvc-id.1"
    }


def test_xwasser_beyond_xmllint_nachrichtentyp_and_code_lists(corpus: Path) -> None:
    _result, data = xwasser(corpus, "--codelists", str(corpus / "xwasser/codelists"))
    files = by_name(data)
    typ = {
        n for n, f in files.items() if any(e["rule"] == "xoev:nachrichtentyp" for e in f["errors"])
    }
    # Four samples send nachrichtentyp 0010 (administration.rueckweisung.0010) with another
    # root; quality_report_minimal.xml sends 2010 for vorgang.transportieren.2010 — correct.
    assert typ == {
        "administration_receipt_test_result.xml",
        "monitoring_plan_minimal.xml",
        "olb_report_minimal.xml",
        "olb_report_minimal_test_result.xml",
    }
    quittung = next(
        e
        for e in files["administration_receipt_test_result.xml"]["errors"]
        if e["rule"] == "xoev:nachrichtentyp"
    )
    assert "administration.rueckweisung.0010" in quittung["message"]
    assert "the code for administration.quittung.0020 is '0020'" in quittung["message"]
    staat = [
        e
        for e in files["quality_report_minimal.xml"]["errors"]
        if e["rule"] == "codelist:unknown-code" and "staat" in e["message"]
    ]
    assert staat and all(e["line"] and e["xpath"] for e in staat)


def test_xwasser_without_catalog_names_the_missing_import(corpus: Path) -> None:
    result = validate_schema_only(corpus / "xwasser/xsd/xwasser.xsd", corpus / "xwasser/samples")
    assert result.exit_code == 2
    assert "http://xoev.de/schemata/basisnachricht/unqualified/g2g/1_1/" in result.output
    assert "--catalog" in result.output


BILDUNG_WRAPPER = """<?xml version="1.0"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:test:bildung"
    xmlns:xbd="http://xbildung.de/def/xbildung/1.2/xsd" elementFormDefault="qualified">
  <xs:import namespace="http://xbildung.de/def/xbildung/1.2/xsd" schemaLocation="{xsd}"/>
  <xs:element name="bemerkung" type="xbd:Code.ArtDerBemerkung"/>
</xs:schema>"""
BEMERKUNG = (
    "<b:bemerkung xmlns:b='urn:test:bildung' listURI="
    "'urn:xbildung-de:xbildung:codeliste:artderbemerkung' listVersionID='2025-02-04'>"
    "<code>http://xbildung.de/def/xbildung/2025-02-04/code/artderbemerkung/{code}</code>"
    "</b:bemerkung>"
)


def test_xbildung_types_with_catalog_and_old_dialect_code_lists(
    corpus: Path, tmp_path: Path
) -> None:
    wrapper = tmp_path / "wrapper.xsd"
    wrapper.write_text(
        BILDUNG_WRAPPER.format(xsd=corpus / "xbildung/xsd/xbildung.xsd"), encoding="utf-8"
    )
    msgs = tmp_path / "msgs"
    msgs.mkdir()
    (msgs / "ok.xml").write_text(BEMERKUNG.format(code="befreiung"), encoding="utf-8")
    (msgs / "bad.xml").write_text(BEMERKUNG.format(code="erfunden"), encoding="utf-8")
    _result, data = validate(
        "--schema",
        str(wrapper),
        "--catalog",  # the old spelling of --xml-catalog keeps working
        str(corpus / "catalog.xml"),
        "--codelists",
        str(corpus / "xbildung/code"),
        str(msgs),
    )
    files = by_name(data)
    assert files["ok.xml"]["valid"] and files["ok.xml"]["errors"] == []
    rules = [e["rule"] for e in files["bad.xml"]["errors"]]
    assert rules[0].startswith("xsd:cvc-") and "codelist:unknown-code" in rules


def test_xbildung_without_catalog_names_the_xoev_url(corpus: Path, tmp_path: Path) -> None:
    (tmp_path / "m.xml").write_text("<m/>", encoding="utf-8")
    result = validate_schema_only(corpus / "xbildung/xsd/xbildung.xsd", tmp_path)
    assert result.exit_code == 2
    assert "http://xoev.de/schemata/code/1_0/xoev-code.xsd" in result.output


def test_kosit_simple_example(corpus: Path) -> None:
    base = corpus / "kosit-simple/src/test/resources/examples/simple"
    _result, data = validate(
        "--schema",
        str(base / "repository/simple.xsd"),
        str(base / "input"),
        str(base / "input/no-xml.file"),
    )
    files = by_name(data)
    assert files["simple.xml"]["valid"] and files["foo.xml"]["valid"]
    assert not files["simple-schema-invalid.xml"]["valid"]
    assert files["simple-schema-invalid.xml"]["errors"][0]["rule"].startswith("xsd:")
    assert [e["rule"] for e in files["simple-not-wellformed.xml"]["errors"]] in (
        ["xml.malformed"],
        ["xml.truncated"],
    )
    assert [e["rule"] for e in files["no-xml.file"]["errors"]] == ["xml.not-xml"]
    assert [e["rule"] for e in files["unknown.xml"]["errors"]] == ["xsd:cvc-elt.1"]
    assert data["summary"]["files"] == len(files) == 10  # 9 *.xml in the folder + the named file
