"""The per-message pipeline, stage by stage, on the bundled example messages and on hostile
input: hardened parse → scenario → XSD → Schematron → code lists → Nachrichtentyp → plugin
checks. Every finding must carry file, line, XPath, rule, severity and message."""

from __future__ import annotations

from pathlib import Path

import pytest

from kommune_core.domain import MessageCheck
from kommune_core.validation import FileResult, ValidationConfig, Validator, iter_files
from kommune_core.validation.schematron import CompiledSchematron

from .conftest import well_formed_xml

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "messages"
TH_SCH = ROOT / "plugins/thueringen/src/kommune_thueringen/exchange/schematron/th-nachrichten.sch"
SN_SCH = ROOT / "plugins/sachsen/src/kommune_sachsen/exchange/schematron/sn-nachrichten.sch"


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KOMMUNE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("KOMMUNE_XREPOSITORY_URL", raising=False)


@pytest.fixture
def validator(catalog, tmp_path: Path) -> Validator:  # type: ignore[no-untyped-def]
    return Validator(ValidationConfig(offline=True, cache_dir=str(tmp_path / "c")), catalog)


def run(validator: Validator, name: str) -> FileResult:
    return validator.validate_file(str(EXAMPLES / name))


def rules(result: FileResult) -> list[str]:
    return [i.rule for i in result.errors]


@pytest.mark.parametrize(
    "name",
    ["th-antrag-valid.xml", "th-bindung-valid.xml", "sn-antrag-valid.xml", "sn-bindung-valid.xml"],
)
def test_valid_examples_have_no_findings(validator: Validator, name: str) -> None:
    r = run(validator, name)
    assert r.valid and r.processed and r.errors == (), r.errors
    assert r.scenario == ("th." if name.startswith("th") else "sn.") + name.split("-")[1]


def test_xsd_errors_name_line_xpath_and_constraint(validator: Validator) -> None:
    r = run(validator, "th-antrag-invalid-xsd.xml")
    assert not r.valid and r.processed
    by_rule = {i.rule: i for i in r.errors}
    pattern = by_rule["xsd:cvc-pattern-valid"]
    assert pattern.line == 31 and pattern.severity == "error"
    assert pattern.xpath.endswith("/th:leistung/th:leikaSchluessel")
    assert "12050012104000" in pattern.message
    content = by_rule["xsd:cvc-complex-type.2.4"]
    assert content.line == 48 and content.xpath.endswith("/th:anschrift/th:ort")
    assert "postleitzahl" in content.message


def test_xsd_messages_without_xmlschema_detail_come_from_libxml2(catalog, tmp_path) -> None:  # type: ignore[no-untyped-def]
    v = Validator(ValidationConfig(offline=True, xsd_detail=False), catalog)
    r = run(v, "th-antrag-invalid-xsd.xml")
    assert [(i.rule, i.line) for i in r.errors] == [
        ("xsd:cvc-pattern-valid", 31),
        ("xsd:cvc-complex-type.2.4", 48),
    ]
    assert all(i.xpath for i in r.errors)
    assert "This element is not expected" in r.errors[1].message


def test_schematron_errors_carry_the_assert_id(validator: Validator) -> None:
    r = run(validator, "th-antrag-invalid-schematron.xml")
    assert rules(r) == ["sch:th-antrag-01", "sch:th-antrag-02"]
    assert all(i.line == 25 and i.xpath == "/th:antrag.einreichen.1010/th:antrag" for i in r.errors)
    assert "14612000" in r.errors[0].message  # <value-of> is evaluated


def test_schematron_warning_keeps_the_message_valid(validator: Validator) -> None:
    r = run(validator, "th-bindung-valid-kisa-warning.xml")
    assert r.valid
    assert [(i.rule, i.severity) for i in r.errors] == [("sch:th-bindung-04", "warning")]


def test_unknown_code_names_list_version_and_allowed_codes(validator: Validator) -> None:
    r = run(validator, "th-bindung-invalid-code.xml")
    (issue,) = r.errors
    assert issue.rule == "codelist:unknown-code" and issue.line == 31
    assert issue.xpath == "/th:bindung.mitteilen.1020/th:bindung/th:art"
    assert "'kooperation'" in issue.message and "bindungsart version 1" in issue.message
    assert "mitgliedschaft" in issue.message


def test_fixed_list_uri_from_the_schema_is_used_for_codes_without_one(
    validator: Validator, tmp_path: Path
) -> None:
    # th-bindung-valid.xml gives no listURI on <art>: the schema's fixed value applies.
    text = (EXAMPLES / "th-bindung-valid.xml").read_text(encoding="utf-8")
    bad = tmp_path / "bad.xml"
    bad.write_text(
        text.replace("<code>gesellschafteranteil</code>", "<code>x</code>"), encoding="utf-8"
    )
    r = validator.validate_file(str(bad))
    assert rules(r) == ["codelist:unknown-code"]
    assert "urn:kommune-interop:th:codeliste:bindungsart" in r.errors[0].message


def test_nachrichtentyp_must_name_the_root_element(validator: Validator) -> None:
    r = run(validator, "sn-antrag-invalid-nachrichtentyp.xml")
    (issue,) = r.errors
    assert issue.rule == "xoev:nachrichtentyp" and issue.line == 8
    assert "'2020'" in issue.message and "bindung.mitteilen.2020" in issue.message
    assert "the code for antrag.einreichen.2010 is '2010'" in issue.message


def test_plugin_check_runs_and_is_attributed(validator: Validator) -> None:
    r = run(validator, "th-antrag-invalid-kommune.xml")
    assert rules(r) == ["sch:th-antrag-03", "check:th.kommune-bekannt"]
    check = r.errors[1]
    assert check.line == 35 and check.xpath.endswith("/th:kommune/th:ags")
    assert "[thueringen]" in check.message and "16099999" in check.message


def test_no_scenario_is_reported_not_passed(validator: Validator) -> None:
    r = run(validator, "other-no-scenario.xml")
    assert not r.valid and not r.processed and r.scenario is None
    assert rules(r) == ["scenario:none"] and r.errors[0].line == 3


def test_truncated_file_is_reported_with_its_position(validator: Validator) -> None:
    r = run(validator, "th-antrag-truncated.xml")
    assert not r.valid and not r.processed
    assert rules(r) == ["xml.truncated"] and r.errors[0].line == 35


HOSTILE = {
    "empty.xml": (b"", "xml.empty"),
    "bom-only.xml": (b"\xef\xbb\xbf", "xml.empty"),
    "json.xml": (b'{"antrag": 1}', "xml.not-xml"),
    "latin1-declared-utf8.xml": (
        '<?xml version="1.0" encoding="UTF-8"?><a>Gr\xfc\xdfe</a>'.encode("latin-1"),
        "xml.encoding",
    ),
    "bom-vs-declaration.xml": (
        b'\xef\xbb\xbf<?xml version="1.0" encoding="ISO-8859-1"?><a/>',
        "xml.encoding",
    ),
    "entities.xml": (
        b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>',
        "xml.entities",
    ),
    "truncated.xml": (b"<?xml version='1.0'?><a><b>text</b", "xml.truncated"),
}


def test_hostile_inputs_are_reported_per_file_and_the_batch_goes_on(
    validator: Validator, tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for name, (data, _rule) in HOSTILE.items():
        (folder / name).write_bytes(data)
    (folder / "zz-valid.xml").write_bytes((EXAMPLES / "th-antrag-valid.xml").read_bytes())
    results = {
        Path(r.file).name: r for r in map(validator.validate_file, iter_files([str(folder)]))
    }
    assert len(results) == len(HOSTILE) + 1
    for name, (_data, rule) in HOSTILE.items():
        r = results[name]
        assert not r.valid and not r.processed, name
        assert [i.rule for i in r.errors] == [rule], (name, r.errors)
        assert r.errors[0].severity == "error" and r.errors[0].message
    assert results["zz-valid.xml"].valid


def test_a_utf8_bom_alone_is_fine(validator: Validator, tmp_path: Path) -> None:
    f = tmp_path / "bom.xml"
    f.write_bytes(b"\xef\xbb\xbf" + (EXAMPLES / "sn-antrag-valid.xml").read_bytes())
    assert validator.validate_file(str(f)).valid


def test_unreadable_path_is_an_io_error(validator: Validator, tmp_path: Path) -> None:
    r = validator.validate_file(str(tmp_path / "missing.xml"))
    assert not r.valid and rules(r) == ["io"]


def test_checks_xsd_skips_the_other_stages(catalog) -> None:  # type: ignore[no-untyped-def]
    v = Validator(ValidationConfig(offline=True, checks="xsd"), catalog)
    for name in (
        "th-antrag-invalid-schematron.xml",
        "th-bindung-invalid-code.xml",
        "sn-antrag-invalid-nachrichtentyp.xml",
        "th-antrag-invalid-kommune.xml",
    ):
        assert run(v, name).valid, name
    assert not run(v, "th-antrag-invalid-xsd.xml").valid


def test_forced_scenario_skips_matching(catalog) -> None:  # type: ignore[no-untyped-def]
    v = Validator(ValidationConfig(offline=True, scenario="th.antrag"), catalog)
    r = run(v, "sn-antrag-valid.xml")
    assert r.scenario == "th.antrag" and not r.valid
    assert r.errors[0].rule == "xsd:cvc-elt.1" and "antrag.einreichen.2010" in r.errors[0].message


def test_crashing_plugin_check_is_an_error_for_that_file_only(catalog) -> None:  # type: ignore[no-untyped-def]
    v = Validator(ValidationConfig(offline=True), catalog)

    def boom(tree, scenario):  # type: ignore[no-untyped-def]
        raise RuntimeError("kaputt")

    v._checks["th.antrag"] = [("testplugin", MessageCheck(id="t.boom", title="t", check=boom))]
    r = run(v, "th-antrag-valid.xml")
    assert rules(r) == ["internal:check:t.boom"] and "kaputt" in r.errors[0].message
    assert run(v, "sn-antrag-valid.xml").valid


def test_missing_required_code_list_is_a_configuration_error(catalog) -> None:  # type: ignore[no-untyped-def]
    import attrs

    v = Validator(ValidationConfig(offline=True), catalog)
    sc = attrs.evolve(v.scenarios["sn.bindung"], codelists=("urn:missing:liste_1",))
    v.scenarios["sn.bindung"] = sc
    v.matcher = type(v.matcher)(v.scenarios.values())
    r = run(v, "sn-bindung-valid.xml")
    assert rules(r) == ["scenario:codelist-missing"]
    assert "urn:missing:liste_1" in r.errors[0].message


@pytest.mark.parametrize("sch", [TH_SCH, SN_SCH], ids=["th", "sn"])
def test_xpath_schematron_engine_agrees_with_isoschematron(sch: Path) -> None:
    fast, iso = CompiledSchematron(sch, engine="xpath"), CompiledSchematron(sch, engine="iso")
    assert fast.engine == "xpath" and iso.engine == "iso"
    seen = 0
    for f, tree in well_formed_xml(EXAMPLES):
        got, want = fast.check(tree), iso.check(tree)
        assert got == want, f.name
        seen += bool(want)
    assert seen >= 2  # the comparison covered findings, not only silence


def test_schematron_with_unsupported_features_falls_back_to_isoschematron(tmp_path: Path) -> None:
    sch = tmp_path / "abstract.sch"
    sch.write_text(
        """<schema xmlns="http://purl.oclc.org/dsdl/schematron">
      <pattern abstract="true" id="need"><rule context="$el"><assert id="a1" test="$child">
        missing</assert></rule></pattern>
      <pattern is-a="need" id="n1"><param name="el" value="a"/><param name="child" value="b"/>
      </pattern></schema>""",
        encoding="utf-8",
    )
    c = CompiledSchematron(sch)
    assert c.engine == "iso" and "abstract" in c.fallback_reason
    from lxml import etree

    issues = c.check(etree.ElementTree(etree.fromstring("<a/>")))
    assert [i.rule for i in issues] == ["sch:a1"] and issues[0].line == 1
