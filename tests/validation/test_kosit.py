"""KoSIT validator configurations, used unchanged (``validate --scenarios``): the project's
own small configuration under ``fixtures/kosit`` (XPath 2.0 matches, an XSLT 2 Schematron,
a precompiled Schematron stylesheet, a report stylesheet, ``acceptMatch``, ``customLevel``,
``noScenarioReport``), configurations that cannot be used (exit 2 with file and line),
``--format kosit`` and ``--schematron`` in ``--schema`` mode. The KoSIT validator's own
example is in ``test_kosit_corpus.py``."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from lxml import etree

from kommune_core.cli import main

pytest.importorskip("saxonche", reason="the kosit extra (saxonche) is not installed")
pytest.importorskip("elementpath")

from kommune_core.validation.kosit import (
    KositConfigError,
    KositValidator,
    load_config,
)

from .conftest import well_formed_xml

FIX = Path(__file__).parent / "fixtures" / "kosit"
CONFIG = FIX / "scenarios.xml"
MESSAGES = FIX / "messages"
REP = "http://www.xoev.de/de/validator/varl/1"
NS = {
    "rep": REP,
    "s": "http://www.xoev.de/de/validator/framework/1/scenarios",
    "k": "urn:kommune-interop:validation:kosit",
}

#: file → (recommendation, scenario, the rules of its findings in order)
EXPECTED = {
    "antrag-ok.xml": ("accept", "kosit.1.antrag-ab-version-2", []),
    # AN-02 fails, customLevel makes it a warning; acceptMatch allows AN-02
    "antrag-warnung.xml": ("accept", "kosit.1.antrag-ab-version-2", ["sch:AN-02"]),
    # AN-01 (fatal) fails: acceptMatch is false on the report
    "antrag-zu-hoch.xml": (
        "reject",
        "kosit.1.antrag-ab-version-2",
        ["sch:AN-01", "sch:AN-03", "kosit:reject"],
    ),
    # schema-invalid: Schematron does not run, acceptMatch is not asked
    "antrag-xsd-fehler.xml": (
        "reject",
        "kosit.1.antrag-ab-version-2",
        ["xsd:cvc-datatype-valid.1.2.1"],
    ),
    # version 1.0: the XPath 2.0 match (castable as, ge) is false → no scenario
    "antrag-version-1.xml": ("reject", None, ["scenario:none"]),
    "bescheid-ok.xml": ("accept", "kosit.2.bescheid", []),
    # no acceptMatch: a failed assert rejects
    "bescheid-zukunft.xml": ("reject", "kosit.2.bescheid", ["sch:BE-01"]),
    "kaputt.xml": ("reject", None, ["xml.truncated"]),
}


def run(*args: str) -> Result:
    return CliRunner().invoke(
        main, ["--plugins", "bund", "validate", *args], catch_exceptions=False
    )


@pytest.fixture(scope="module")
def validator() -> KositValidator:
    v = KositValidator(CONFIG)
    v.prepare()
    return v


# -- the configuration -----------------------------------------------------------------------
def test_config_is_read_as_published() -> None:
    cfg = load_config(CONFIG)
    assert [s.name for s in cfg.scenarios] == ["Antrag ab Version 2", "Bescheid"]
    first = cfg.scenarios[0]
    assert first.match.startswith("/a:antrag[@version castable as xs:decimal")
    assert dict(first.namespaces)["a"] == "urn:kommune-interop:test:antrag"
    assert first.schema[0].path == (FIX / "repository/test.xsd").resolve()  # repository/
    assert [r.location for r in first.schematron] == ["antrag.sch"]
    assert first.report is not None and first.report.location == "report.xsl"
    assert first.custom_levels == (("AN-02", "warning"),)
    assert first.accept_match is not None
    assert cfg.scenarios[1].accept_match is None
    assert cfg.no_scenario_report is not None


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_verdicts(validator: KositValidator, name: str) -> None:
    assessment, scenario, rules = EXPECTED[name]
    result = validator.validate_file(str(MESSAGES / name))
    assert (result.assessment, result.scenario) == (assessment, scenario)
    assert [i.rule for i in result.errors] == rules
    assert result.valid is (assessment == "accept")


def test_custom_level_and_messages(validator: KositValidator) -> None:
    warn = validator.validate_file(str(MESSAGES / "antrag-warnung.xml")).errors[0]
    assert warn.severity == "warning"  # customLevel warning; the assert's flag says warning too
    assert warn.message == "Ab 500 ist ein Zweck anzugeben (antrag)."
    assert warn.line == 2
    high = validator.validate_file(str(MESSAGES / "antrag-zu-hoch.xml")).errors
    assert high[0].message == "Der Betrag 5000 übersteigt 1000."  # value-of, let
    assert high[1].message == "Anlagen: Plan, Foto, Angebot"  # report, string-join
    assert high[1].severity == "warning"  # role="info"
    bescheid = validator.validate_file(str(MESSAGES / "bescheid-zukunft.xml")).errors[0]
    assert bescheid.line == 3  # the precompiled stylesheet's location, resolved


def _validator_with(tmp_path: Path, old: str, new: str) -> KositValidator:
    """A validator on the fixture configuration with every ``old`` replaced by ``new``
    (written to ``tmp_path / "scenarios.xml"``), on the fixture repository."""
    cfg = tmp_path / "scenarios.xml"
    cfg.write_text(CONFIG.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    return KositValidator(cfg, repository=str(FIX / "repository"))


def test_a_custom_level_error_upgrades(tmp_path: Path) -> None:
    v = _validator_with(
        tmp_path,
        '<customLevel level="warning">AN-02</customLevel>',
        '<customLevel level="error">AN-02 AN-99</customLevel>',
    )
    result = v.validate_file(str(MESSAGES / "antrag-warnung.xml"))
    assert [(i.rule, i.severity) for i in result.errors] == [("sch:AN-02", "error")]
    assert result.assessment == "accept"  # acceptMatch decides, as in KoSIT


def test_xpath2_match_error_never_crashes(tmp_path: Path) -> None:
    """A match that fails while evaluating (a failed cast) is "no match" with a note."""
    v = _validator_with(
        tmp_path,
        "/a:antrag[@version castable as xs:decimal and xs:decimal(@version) ge 2]",
        "xs:integer(/a:antrag/@version) ge 2",
    )
    ok = v.validate_file(str(MESSAGES / "antrag-warnung.xml"))  # version="2": castable
    assert ok.scenario == "kosit.1.antrag-ab-version-2"
    bad = v.validate_file(str(MESSAGES / "antrag-ok.xml"))  # version="2.1": FORG0001
    assert bad.scenario is None and bad.assessment == "reject"
    assert [i.rule for i in bad.errors] == ["scenario:none", "scenario:match-error"]
    assert "FORG0001" in bad.errors[1].message


def test_more_than_one_matching_scenario_is_no_scenario(tmp_path: Path) -> None:
    v = _validator_with(tmp_path, "exists(/b:bescheid) and", "true() or")
    result = v.validate_file(str(MESSAGES / "antrag-ok.xml"))
    assert result.scenario is None and result.assessment == "reject"
    assert "mehr als ein Szenario" in result.errors[0].message


# -- the CLI -----------------------------------------------------------------------------------
def test_cli_json_verdicts() -> None:
    result = run("--scenarios", str(CONFIG), "--format", "json", str(MESSAGES))
    assert result.exit_code == 1
    files = {Path(f["file"]).name: f for f in json.loads(result.stdout)["files"]}
    assert {n: f["assessment"] for n, f in files.items()} == {n: e[0] for n, e in EXPECTED.items()}
    assert {n: f["valid"] for n, f in files.items()} == {
        n: e[0] == "accept" for n, e in EXPECTED.items()
    }


def test_cli_all_accepted_is_exit_0() -> None:
    result = run(
        "--scenarios",
        str(CONFIG),
        str(MESSAGES / "antrag-ok.xml"),
        str(MESSAGES / "antrag-warnung.xml"),
        str(MESSAGES / "bescheid-ok.xml"),
    )
    assert result.exit_code == 0, result.output


def test_format_kosit_batch() -> None:
    result = run("--scenarios", str(CONFIG), "--format", "kosit", str(MESSAGES))
    assert result.exit_code == 1
    doc = etree.fromstring(result.stdout.encode("utf-8"))
    assert doc.tag == f"{{{NS['k']}}}reports"
    assert (doc.get("files"), doc.get("accepted"), doc.get("rejected")) == ("8", "3", "5")
    reports = {
        Path(r.findtext("rep:documentIdentification/rep:documentReference", namespaces=NS)).name: r
        for r in doc
    }
    assert set(reports) == set(EXPECTED)
    for name, (assessment, scenario, _rules) in EXPECTED.items():
        rep = reports[name]
        assert rep.tag == f"{{{REP}}}report"
        assert rep.find(f"rep:assessment/rep:{assessment}", NS) is not None, name
        assert (
            len(
                rep.findtext(
                    "rep:documentIdentification/rep:documentHash/rep:hashValue", namespaces=NS
                )
            )
            == 44
        )  # base64 SHA-256
        matched = rep.find("rep:scenarioMatched", NS)
        assert (matched is not None) is (scenario is not None), name
    warn = reports["antrag-warnung.xml"].find("rep:scenarioMatched", NS)
    assert warn.findtext("s:scenario/s:name", namespaces=NS) == "Antrag ab Version 2"
    steps = {s.get("id"): s for s in warn.findall("rep:validationStepResult", NS)}
    assert list(steps) == ["val-xsd", "val-sch.1"]
    assert steps["val-xsd"].get("valid") == "true"
    assert steps["val-sch.1"].findtext("s:resource/s:location", namespaces=NS) == "antrag.sch"
    msg = steps["val-sch.1"].find("rep:message", NS)
    assert (msg.get("id"), msg.get("level"), msg.get("code"), msg.get("lineNumber")) == (
        "val-sch.1.1",
        "warning",
        "AN-02",
        "2",
    )
    xsd = reports["antrag-xsd-fehler.xml"].find(
        "rep:scenarioMatched/rep:validationStepResult[@id='val-xsd']", NS
    )
    assert xsd.get("valid") == "false" and xsd.find("rep:message", NS).get("level") == "error"
    high = reports["antrag-zu-hoch.xml"]
    assert "acceptMatch" in "".join(high.find("rep:assessment/rep:reject", NS).itertext())
    none = reports["antrag-version-1.xml"].find("rep:noScenarioMatched", NS)
    assert none is not None
    broken = reports["kaputt.xml"].find("rep:noScenarioMatched/rep:validationStepResult", NS)
    assert (broken.get("id"), broken.get("valid")) == ("val-xml", "false")


def test_format_kosit_single_file_is_the_report_itself(tmp_path: Path) -> None:
    out = tmp_path / "report.xml"
    result = run(
        "--scenarios",
        str(CONFIG),
        "--format",
        "kosit",
        "-o",
        str(out),
        str(MESSAGES / "bescheid-ok.xml"),
    )
    assert result.exit_code == 0
    doc = etree.parse(str(out)).getroot()
    assert doc.tag == f"{{{REP}}}report" and doc.get("valid") == "true"
    assert doc.xpath(
        "/rep:report/rep:scenarioMatched/rep:validationStepResult/@id", namespaces=NS
    ) == ["val-xsd", "val-sch.1"]
    assert doc.find("rep:assessment/rep:accept", NS) is not None


def test_format_kosit_without_configuration() -> None:
    """Any mode can write the KoSIT report; the recommendation is then the verdict."""
    result = run(
        "--schema",
        str(FIX / "repository/test.xsd"),
        "--format",
        "kosit",
        str(MESSAGES / "antrag-xsd-fehler.xml"),
    )
    assert result.exit_code == 1
    doc = etree.fromstring(result.stdout.encode("utf-8"))
    assert doc.find("rep:assessment/rep:reject", NS) is not None
    assert doc.findtext("rep:scenarioMatched/s:scenario/s:name", namespaces=NS) == "cli.schema"


def _broken(tmp_path: Path, old: str, new: str) -> tuple[Path, int]:
    text = CONFIG.read_text(encoding="utf-8")
    assert old in text
    text = text.replace(old, new, 1)
    cfg = tmp_path / "scenarios.xml"
    cfg.write_text(text, encoding="utf-8")
    line = text[: text.index(new)].count("\n") + 1
    return cfg, line


@pytest.mark.parametrize(
    ("old", "new", "says"),
    [
        ("<match>/a:antrag[", "<match>/a:antrag[[", "does not compile"),
        ("<match>/a:antrag[", "<match>/x:antrag[", "does not compile"),  # undeclared prefix
        ("<acceptMatch>every $f", "<acceptMatch>every f", "does not compile"),
        ("<location>antrag.sch</location>", "<location>fehlt.sch</location>", "not found"),
        ('<customLevel level="warning">', '<customLevel level="fatal">', "customLevel level"),
        ("<match>exists", "<matchAll>x</matchAll><match>exists", "unsupported element"),
        ("<noScenarioReport>", "<extra/><noScenarioReport>", "unsupported element <extra>"),
    ],
)
def test_unusable_configuration_is_exit_2_with_file_and_line(
    tmp_path: Path, old: str, new: str, says: str
) -> None:
    cfg, line = _broken(tmp_path, old, new)
    result = run("--scenarios", str(cfg), "--repository", str(FIX / "repository"), str(MESSAGES))
    assert result.exit_code == 2, result.output
    assert says in result.output
    assert f"{cfg}:" in result.output.replace("\n", "")
    with pytest.raises(KositConfigError) as info:
        KositValidator(cfg, repository=str(FIX / "repository")).prepare()
    assert info.value.file == str(cfg)
    # the element at fault (or its enclosing scenario/resource) names the line
    assert info.value.line is not None and abs(info.value.line - line) <= 12


def _repo_copy(tmp_path: Path, name: str, text: str) -> Path:
    repo = tmp_path / "repository"
    repo.mkdir()
    for f in (FIX / "repository").iterdir():
        (repo / f.name).write_bytes(f.read_bytes())
    (repo / name).write_text(text, encoding="utf-8")
    return repo


@pytest.mark.parametrize(
    ("name", "text", "says"),
    [
        (
            "test.xsd",
            '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:element '
            'name="a" type="xs:nichtDa"/></xs:schema>',
            "schema cannot be compiled",
        ),
        (
            "bescheid.xsl",
            '<xsl:stylesheet version="2.0" xmlns:xsl="http://www.w3.org/1999/XSL/'
            'Transform">\n<xsl:template match="/"><xsl:value-of select="f(("/>'
            "</xsl:template></xsl:stylesheet>",
            "XSLT does not compile",
        ),
        (
            "antrag.sch",
            '<schema xmlns="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt2">'
            '\n<pattern abstract="true" id="p"/></schema>',
            "abstract",
        ),
        ("report.xsl", "<kein-xslt/>", "report.xsl"),
    ],
)
def test_unusable_resource_is_exit_2(tmp_path: Path, name: str, text: str, says: str) -> None:
    repo = _repo_copy(tmp_path, name, text)
    result = run("--scenarios", str(CONFIG), "--repository", str(repo), str(MESSAGES))
    assert result.exit_code == 2, result.output
    assert says in result.output
    assert str(CONFIG) in result.output.replace("\n", "")


def test_not_a_kosit_configuration(tmp_path: Path) -> None:
    bad = tmp_path / "scenarios.xml"
    bad.write_text("<scenarios/>", encoding="utf-8")
    result = run("--scenarios", str(bad), str(MESSAGES))
    assert result.exit_code == 2 and "not a KoSIT validator configuration" in result.output


def test_option_conflicts() -> None:
    assert (
        run(
            "--scenarios", str(CONFIG), "--schema", str(FIX / "repository/test.xsd"), str(MESSAGES)
        ).exit_code
        == 2
    )
    assert run("--scenarios", str(CONFIG), "--checks", "xsd", str(MESSAGES)).exit_code == 2
    assert run("--schematron", str(FIX / "repository/antrag.sch"), str(MESSAGES)).exit_code == 2
    assert (
        run(
            "--schema",
            str(FIX / "repository/test.xsd"),
            "--checks",
            "xsd",
            "--schematron",
            str(FIX / "repository/antrag.sch"),
            str(MESSAGES),
        ).exit_code
        == 2
    )
    assert run("--repository", str(FIX / "repository"), str(MESSAGES)).exit_code == 2


def test_jobs_2_gives_the_same_verdicts() -> None:
    one = run("--scenarios", str(CONFIG), "--format", "json", str(MESSAGES))
    two = run("--scenarios", str(CONFIG), "--format", "json", "-j", "2", str(MESSAGES))
    assert json.loads(one.stdout)["files"] == json.loads(two.stdout)["files"]


# -- --schematron in --schema mode -----------------------------------------------------------
@pytest.mark.parametrize(
    ("sch", "message", "rules"),
    [
        ("antrag.sch", "antrag-zu-hoch.xml", ["sch:AN-01", "sch:AN-03"]),  # xslt2 → Saxon
        ("bescheid.xsl", "bescheid-zukunft.xml", ["sch:BE-01"]),  # precompiled → Saxon
    ],
)
def test_schematron_option(sch: str, message: str, rules: list[str]) -> None:
    result = run(
        "--schema",
        str(FIX / "repository/test.xsd"),
        "--schematron",
        str(FIX / "repository" / sch),
        "--format",
        "json",
        str(MESSAGES / message),
    )
    assert result.exit_code == 1
    errors = json.loads(result.stdout)["files"][0]["errors"]
    assert [e["rule"] for e in errors] == rules


def test_schematron_option_xslt1_and_repeatable(tmp_path: Path) -> None:
    sch1 = tmp_path / "eins.sch"
    sch1.write_text(
        '<schema xmlns="http://purl.oclc.org/dsdl/schematron"><ns prefix="a" '
        'uri="urn:kommune-interop:test:antrag"/><pattern><rule context="a:antrag">'
        '<assert id="X-1" test="a:zweck">Zweck fehlt</assert></rule></pattern>'
        "</schema>",
        encoding="utf-8",
    )
    result = run(
        "--schema",
        str(FIX / "repository/test.xsd"),
        "--schematron",
        str(sch1),
        "--schematron",
        str(FIX / "repository/antrag.sch"),
        "--format",
        "json",
        str(MESSAGES / "antrag-warnung.xml"),
    )
    errors = json.loads(result.stdout)["files"][0]["errors"]
    assert [e["rule"] for e in errors] == ["sch:X-1", "sch:AN-02"]


def test_schematron_option_broken_is_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "kaputt.xsl"
    bad.write_text(
        "<xsl:stylesheet version='2.0' xmlns:xsl='http://www.w3.org/1999/XSL/"
        "Transform'><xsl:template match='/'><xsl:value-of select='(('/>"
        "</xsl:template></xsl:stylesheet>",
        encoding="utf-8",
    )
    result = run(
        "--schema",
        str(FIX / "repository/test.xsd"),
        "--schematron",
        str(bad),
        str(MESSAGES / "antrag-ok.xml"),
    )
    assert result.exit_code == 2 and "kaputt.xsl" in result.output


def test_saxon_and_elementpath_are_not_loaded_at_cli_import() -> None:
    code = (
        "import sys, kommune_core.cli, kommune_core.validation; "
        "print(sorted(m for m in ('saxonche', 'elementpath') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


# -- the XSLT 2 Schematron compiler against the reference engines ---------------------------
PLUGIN_SCH = sorted(Path(__file__).parents[2].glob("plugins/*/src/*/exchange/schematron/*.sch"))
EXAMPLES = Path(__file__).parents[2] / "examples" / "messages"


@pytest.mark.parametrize("sch", PLUGIN_SCH, ids=[p.stem for p in PLUGIN_SCH])
def test_xslt2_compiler_agrees_with_the_xpath_engine(tmp_path: Path, sch: Path) -> None:
    """The plugins' XSLT 1 Schematron, declared xslt2, runs on Saxon through the compiler and
    must give the same findings (rule, severity, line, message) as the XPath engine."""
    from kommune_core.validation.schematron import CompiledSchematron

    text = sch.read_text(encoding="utf-8")
    root = etree.fromstring(text.encode("utf-8"))
    assert root.get("queryBinding") in (None, "xslt", "xslt1")
    root.set("queryBinding", "xslt2")
    copy = tmp_path / sch.name
    copy.write_bytes(etree.tostring(root))
    saxon, fast = CompiledSchematron(copy), CompiledSchematron(sch, engine="xpath")
    assert saxon.engine == "saxon"
    seen = 0
    for f, tree in well_formed_xml(EXAMPLES):
        want = fast.findings(tree)
        got = saxon.findings(tree, str(f))
        assert [(i.rule, i.severity, i.line, i.message, a) for i, a in got] == [
            (i.rule, i.severity, i.line, i.message, a) for i, a in want
        ], f.name
        seen += bool(want)
    assert seen >= 2  # findings were compared, not only silence


def test_xslt2_compiler_refuses_what_it_does_not_compile(tmp_path: Path) -> None:
    from kommune_core.validation.schemas import SchemaLoadError
    from kommune_core.validation.schematron import CompiledSchematron

    sch = tmp_path / "x.sch"
    sch.write_text(
        '<schema xmlns="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt2">\n'
        '<pattern id="p">\n<rule context="a"><extends rule="r"/></rule></pattern></schema>',
        encoding="utf-8",
    )
    with pytest.raises(SchemaLoadError, match=r"x\.sch:3: .*<extends>"):
        CompiledSchematron(sch)


# -- stylesheets may read local files only, and write nothing --------------------------------
_SHEET = (
    '<xsl:stylesheet version="2.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" '
    'xmlns:svrl="http://purl.oclc.org/dsdl/svrl">\n{body}\n</xsl:stylesheet>'
)


@pytest.mark.parametrize(
    ("body", "says"),
    [
        (
            '<xsl:template match="/"><xsl:result-document href="weg.xml"><x/>'
            "</xsl:result-document><svrl:schematron-output/></xsl:template>",
            "result-document",
        ),
        ('<xsl:include href="http://127.0.0.1:1/evil.xsl"/>', "only local files"),
        ('<xsl:import href="fehlt.xsl"/>', "not found"),
    ],
)
def test_unsafe_stylesheet_is_refused(tmp_path: Path, body: str, says: str) -> None:
    repo = _repo_copy(tmp_path, "bescheid.xsl", _SHEET.format(body=body))
    result = run("--scenarios", str(CONFIG), "--repository", str(repo), str(MESSAGES))
    assert result.exit_code == 2, result.output
    assert says in result.output and "bescheid.xsl:2" in result.output.replace("\n", "")
    assert not (repo / "weg.xml").exists()


def test_stylesheet_cannot_reach_the_network(tmp_path: Path) -> None:
    body = (
        '<xsl:template match="/"><svrl:schematron-output><svrl:failed-assert id="N" '
        'location="/*"><svrl:text><xsl:value-of select="document(\'http://127.0.0.1:1/x.xml\')"/>'
        "</svrl:text></svrl:failed-assert></svrl:schematron-output></xsl:template>"
    )
    repo = _repo_copy(tmp_path, "bescheid.xsl", _SHEET.format(body=body))
    v = KositValidator(CONFIG, repository=str(repo))
    result = v.validate_file(str(MESSAGES / "bescheid-ok.xml"))
    assert result.assessment == "undefined"
    assert [i.rule for i in result.errors] == ["kosit:processing"]
    assert "prohibited" in result.errors[0].message
    assert "bescheid.xsl line 2" in result.errors[0].message  # Saxon's location, kept


def test_xslt3_schematron_with_function_phase_and_attribute_context(tmp_path: Path) -> None:
    from kommune_core.validation.schematron import CompiledSchematron

    sch = tmp_path / "f.sch"
    sch.write_text(
        '<schema xmlns="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt3" '
        'xmlns:xsl="http://www.w3.org/1999/XSL/Transform" defaultPhase="kurz">\n'
        '<ns prefix="f" uri="urn:f"/><ns prefix="xs" uri="http://www.w3.org/2001/XMLSchema"/>\n'
        '<xsl:function name="f:doppelt" as="xs:integer"><xsl:param name="n" as="xs:integer"/>'
        '<xsl:sequence select="2 * $n"/></xsl:function>\n'
        '<phase id="kurz"><active pattern="p1"/></phase>\n'
        '<pattern id="p1"><rule context="@n"><assert id="F-1" test="f:doppelt(xs:integer(.)) '
        'lt 10">n=<value-of select="."/> ist zu groß</assert></rule>\n'
        '<rule context="@*"><assert id="F-X" test="false()">nie: die erste Regel gewinnt'
        "</assert></rule></pattern>\n"
        '<pattern id="p2"><rule context="a"><assert id="F-2" test="false()">inaktiv</assert>'
        "</rule></pattern></schema>",
        encoding="utf-8",
    )
    c = CompiledSchematron(sch)
    tree = etree.ElementTree(etree.fromstring('<a n="7"><b n="2"/></a>'))
    got = [(i.rule, i.message, i.xpath) for i in c.check(tree)]
    assert got == [("sch:F-1", "n=7 ist zu groß", "/a")]


def test_without_saxon_the_error_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    from kommune_core.validation.kosit import saxon
    from kommune_core.validation.schemas import SchemaLoadError
    from kommune_core.validation.schematron import CompiledSchematron

    monkeypatch.setattr(saxon, "_PROCESSOR", None)
    monkeypatch.setitem(sys.modules, "saxonche", None)  # import saxonche → ImportError
    with pytest.raises(SchemaLoadError, match=r"kommune-core\[kosit\]"):
        CompiledSchematron(FIX / "repository/bescheid.xsl")
