"""The KoSIT validator's own example configuration (``../shared/corpus/kosit-simple``, skipped
where it is absent), used unchanged with ``validate --scenarios``.

The expected recommendations are the KoSIT validator's own, from its test suite
(``src/test/java/de/kosit/validationtool/impl/DefaultCheckTest.java`` in itplr-kosit/validator
@ 6ac5167f, the commit the corpus copy comes from): ``testHappyCase`` (simple.xml
ACCEPTABLE), ``testWithoutAcceptMatch`` (foo.xml ACCEPTABLE), ``testNoScenario`` (unknown.xml
REJECT), ``testNotWellFormed`` (REJECT), ``testRejectAcceptMatch`` (withManualReject.xml
REJECT), ``testSchematronFailed`` (simple-schematron-invalid.xml ACCEPTABLE: "acceptMatch
overrules schematron"), ``testSchematronFailedWithoutAcceptMatch`` (foo-schematron-invalid.xml
REJECT) and, with ``scenarios-with-errors.xml``, ``testSchematronExecutionError`` (simple.xml
UNDEFINED) and ``testCustomFailedAssertsWarning`` (foo-custom-level-error.xml ACCEPTABLE,
content-2 at level warning). The rest follow from the same rules (``ComputeAcceptanceAction``):
a schema-invalid document is rejected; without acceptMatch a failed assert rejects.

The example's ``assertions.xml`` holds a single assertion, about a report of
``ubl-0001.xml`` — a file that is not among the example's inputs — so it cannot decide a
verdict here; the recommendations above are what the KoSIT validator gives for these inputs.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from lxml import etree

from kommune_core.cli import main

pytestmark = pytest.mark.corpus
pytest.importorskip("saxonche", reason="the kosit extra (saxonche) is not installed")

EXPECTED = {
    "scenarios.xml": {
        "simple.xml": "accept",
        "foo.xml": "accept",
        "unknown.xml": "reject",
        "simple-not-wellformed.xml": "reject",
        "withManualReject.xml": "reject",
        "simple-schematron-invalid.xml": "accept",
        "foo-schematron-invalid.xml": "reject",
        "simple-schema-invalid.xml": "reject",
        "foo-custom-level-error.xml": "reject",  # two <inner>: content-2, no acceptMatch
    },
    "scenarios-with-errors.xml": {
        "simple.xml": "undefined",  # its Schematron calls error()
        "foo-custom-level-error.xml": "accept",
        "unknown.xml": "reject",
        "simple-not-wellformed.xml": "reject",
        "simple-schema-invalid.xml": "reject",  # Schematron does not run on it
    },
    "scenarios-with-relative-paths.xml": {
        "simple.xml": "accept",
        "withManualReject.xml": "reject",
        "simple-schematron-invalid.xml": "accept",
    },
}


def validate_with_scenarios(scenarios: Path, fmt: str, target: Path) -> Result:
    """``kommune --plugins bund validate --scenarios SCENARIOS --format FMT TARGET``."""
    return CliRunner().invoke(
        main,
        [
            "--plugins",
            "bund",
            "validate",
            "--scenarios",
            str(scenarios),
            "--format",
            fmt,
            str(target),
        ],
        catch_exceptions=False,
    )


@pytest.fixture()
def example(corpus: Path) -> Path:
    base = corpus / "kosit-simple/src/test/resources/examples/simple"
    if not (base / "scenarios.xml").is_file():
        pytest.skip("kosit-simple is not in the corpus")
    return base


@pytest.mark.parametrize("config", sorted(EXPECTED))
def test_recommendations_agree_with_the_kosit_validator(example: Path, config: str) -> None:
    result = validate_with_scenarios(example / config, "json", example / "input")
    assert result.exit_code == 1  # some are rejected
    files = {Path(f["file"]).name: f for f in json.loads(result.stdout)["files"]}
    got = {name: files[name]["assessment"] for name in EXPECTED[config]}
    assert got == EXPECTED[config]
    if config == "scenarios-with-errors.xml":
        custom = files["foo-custom-level-error.xml"]["errors"]
        assert [(e["rule"], e["severity"]) for e in custom] == [("sch:content-2", "warning")]
        error = files["simple.xml"]["errors"][0]  # the stylesheet's error(), located
        assert error["rule"] == "kosit:processing"
        assert "simple-schematron-error.xsl line 212 column 46" in error["message"]
    if config == "scenarios.xml":
        sch = files["simple-schematron-invalid.xml"]["errors"]
        assert [(e["rule"], e["line"]) for e in sch] == [("sch:content-1", 19)]
        assert files["unknown.xml"]["errors"][0]["rule"] == "scenario:none"


def test_kosit_report_of_the_example(example: Path) -> None:
    result = validate_with_scenarios(
        example / "scenarios.xml", "kosit", example / "input/simple-schematron-invalid.xml"
    )
    assert result.exit_code == 0  # accepted: acceptMatch overrules the Schematron error
    ns = {
        "rep": "http://www.xoev.de/de/validator/varl/1",
        "s": "http://www.xoev.de/de/validator/framework/1/scenarios",
    }
    doc = etree.fromstring(result.stdout.encode("utf-8"))
    assert doc.get("valid") == "false"  # a step failed …
    assert doc.find("rep:assessment/rep:accept", ns) is not None  # … and yet: accept
    assert (
        doc.findtext("rep:scenarioMatched/s:scenario/s:acceptMatch", namespaces=ns)
        == "count(//test:rejected) = 0"
    )
    msg = doc.find("rep:scenarioMatched/rep:validationStepResult[@id='val-sch.1']/rep:message", ns)
    assert (msg.get("code"), msg.get("level")) == ("content-1", "error")
