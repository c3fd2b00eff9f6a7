"""Report writers on synthetic results: every format parses back, keeps every file (a file that
could not be processed is ``valid: false`` with its error), escapes what it must, and handles
an empty batch."""

from __future__ import annotations

import io
import json

import pytest
from lxml import etree

from kommune_core.reports.validation import FORMATS, make_writer
from kommune_core.validation import FileResult, Issue, Summary

NASTY = "Wert <\"&'> ist „ungültig“ ]]> </failure>"
RESULTS = [
    FileResult("a/ok.xml", "th.antrag"),
    FileResult(
        "a/bad & ugly.xml",
        "th.antrag",
        (
            Issue(12, 4, "/th:a/th:b[2]", "xsd:cvc-pattern-valid", "error", NASTY),
            Issue(3, None, "/th:a", "sch:th-antrag-03", "warning", "nur eine Warnung"),
        ),
    ),
    FileResult(
        "b/broken.xml",
        None,
        (Issue(1, 1, None, "xml.malformed", "error", "kaputt"),),
        processed=False,
    ),
    FileResult(
        "b/warn.xml",
        "sn.bindung",
        (Issue(None, None, None, "codelist:unavailable", "warning", "Liste fehlt"),),
    ),
]
SUMMARY = Summary(files=4, valid=2, invalid=2, seconds=0.5, warnings=2, unprocessed=1)


def render(fmt: str, results: list[FileResult] = RESULTS, summary: Summary = SUMMARY) -> str:
    out = io.StringIO()
    writer = make_writer(fmt, out)
    for r in results:
        writer.add(r)
    writer.finish(summary)
    return out.getvalue()


def test_result_validity_rules() -> None:
    ok, bad, broken, warn = RESULTS
    assert ok.valid and not bad.valid and not broken.valid and warn.valid
    assert (bad.error_count, bad.warning_count) == (1, 1)
    assert broken.as_dict()["valid"] is False


def test_json() -> None:
    data = json.loads(render("json"))
    assert data["summary"] == {"files": 4, "valid": 2, "invalid": 2, "seconds": 0.5}
    assert [f["file"] for f in data["files"]] == [r.file for r in RESULTS]
    assert data["files"][0] == {
        "file": "a/ok.xml",
        "valid": True,
        "scenario": "th.antrag",
        "errors": [],
    }
    err = data["files"][1]["errors"][0]
    assert err == {
        "line": 12,
        "column": 4,
        "xpath": "/th:a/th:b[2]",
        "rule": "xsd:cvc-pattern-valid",
        "severity": "error",
        "message": NASTY,
    }
    assert data["files"][2]["valid"] is False and data["files"][2]["scenario"] is None


def test_junit() -> None:
    root = etree.fromstring(render("junit").encode())
    suite = root.find("testsuite")
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("4", "1", "1")
    cases = suite.findall("testcase")
    assert [c.get("name") for c in cases] == [r.file for r in RESULTS]
    failure = cases[1].find("failure")
    assert NASTY in failure.text and "line 12" in failure.text
    assert "nur eine Warnung" in cases[1].findtext("system-out")
    assert cases[2].find("error").get("type") == "xml.malformed"
    assert cases[2].get("classname") == "no-scenario"
    assert cases[3].find("failure") is None and "Liste fehlt" in cases[3].findtext("system-out")


def test_sarif() -> None:
    sarif = json.loads(render("sarif"))
    (run,) = sarif["runs"]
    results = run["results"]
    assert len(results) == 4
    first = results[0]
    assert first["ruleId"] == "xsd:cvc-pattern-valid" and first["level"] == "error"
    assert first["message"]["text"] == NASTY
    region = first["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 12, "startColumn": 4}
    physical = first["locations"][0]["physicalLocation"]
    # relative to the checkout root, percent-encoded (GitHub code scanning)
    assert physical["artifactLocation"] == {
        "uri": "a/bad%20%26%20ugly.xml",
        "uriBaseId": "%SRCROOT%",
    }
    root = run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
    assert root.startswith("file:///") and root.endswith("/")
    unavailable = results[3]
    assert unavailable["level"] == "warning"
    # a finding about the whole file still has a line: GitHub needs one
    assert unavailable["locations"][0]["physicalLocation"]["region"] == {"startLine": 1}
    rules = run["tool"]["driver"]["rules"]
    assert {r["id"] for r in rules} == {r["ruleId"] for r in results}
    for rule in rules:
        assert rule["name"] and rule["shortDescription"]["text"] and rule["help"]["text"]
    by_id = {r["id"]: r for r in rules}
    assert by_id["xsd:cvc-pattern-valid"]["name"] == "XsdCvcPatternValid"
    assert "cvc-pattern-valid" in by_id["xsd:cvc-pattern-valid"]["shortDescription"]["text"]
    assert "toolExecutionNotifications" not in run["invocations"][0]


def test_html_escapes_everything() -> None:
    html = render("html")
    doc = etree.HTML(html)
    assert NASTY in "".join(doc.itertext())
    assert "<\"&'>" not in html  # escaped, not raw
    assert len(doc.findall(".//section")) == 3  # ok.xml has no findings


def test_text() -> None:
    text = render("text")
    assert "a/ok.xml" not in text
    assert "FAIL a/bad & ugly.xml (th.antrag): 1 error(s), 1 warning(s)" in text
    assert "  a/bad & ugly.xml:12:4: error [xsd:cvc-pattern-valid]" in text
    assert "ERROR b/broken.xml: 1 error(s)" in text
    assert "ok   b/warn.xml (sn.bindung): 1 warning(s)" in text
    assert (
        text.rstrip()
        .splitlines()[-1]
        .startswith("4 files: 2 valid, 2 invalid (1 not processed), 2 warning(s)")
    )


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_empty_batch(fmt: str) -> None:
    out = render(fmt, [], Summary(files=0, valid=0, invalid=0, seconds=0.0))
    if fmt in ("json", "sarif"):
        json.loads(out)
    elif fmt == "junit":
        assert etree.fromstring(out.encode()).find("testsuite").get("tests") == "0"
    elif fmt == "html":
        assert etree.HTML(out).find(".//section") is None
    elif fmt == "kosit":
        assert etree.fromstring(out.encode()).get("files") == "0"
    else:
        assert out.startswith("0 files")


def test_large_batches_spool_to_disk_not_memory() -> None:
    from kommune_core.reports.validation.json import JsonWriter

    out = io.StringIO()
    writer = JsonWriter(out)
    for k in range(70_000):
        writer.add(FileResult(f"f/{k:06d}.xml", "th.antrag"))
    assert writer._spool._rolled  # type: ignore[attr-defined]  # past 4 MB: on disk
    writer.finish(Summary(files=70_000, valid=70_000, invalid=0, seconds=1.0))
    assert len(json.loads(out.getvalue())["files"]) == 70_000


def test_plugin_report_format_receives_summary_and_every_result() -> None:
    from kommune_core.domain import ReportFormat
    from kommune_core.reports.validation import PluginWriter as _PluginWriter
    from kommune_core.reports.validation import ValidationReport

    def render_csv(report: ValidationReport) -> str:
        assert report.summary is SUMMARY
        return "".join(f"{r.file};{r.valid}\n" for r in report.files)

    out = io.StringIO()
    writer = _PluginWriter(
        ReportFormat(id="csv", kind="validation", title="CSV", render=render_csv), out
    )
    for r in RESULTS:
        writer.add(r)
    writer.finish(SUMMARY)
    assert out.getvalue().splitlines() == [f"{r.file};{r.valid}" for r in RESULTS]
