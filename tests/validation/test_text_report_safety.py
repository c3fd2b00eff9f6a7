"""The text report writes a file's findings as they are when every text is printable, and
escapes exactly what :func:`printable` escapes otherwise — the fast path (one
``str.isprintable`` over all of a file's texts) must never let an unsafe character through."""

from __future__ import annotations

import io

import pytest

from kommune_core.reports.validation.base import escape_name, printable
from kommune_core.reports.validation.text import TextWriter
from kommune_core.validation.results import ERROR, WARNING, FileResult, Issue

TRICKY = [
    "plain ASCII",
    "Umlaute äöü ß and a dash —",
    "line one\nline two",  # a line break may stay in a message, nowhere else
    "escape \x1b[31m red",
    "CSI \x9b31m",
    "bidi \u202e reversed",
    "isolate \u2066x\u2069",
    "separator \u2028 here",
    "not UTF-8 \udcff byte",
    "non-character \uffff",
    "tab\tstop",
    "delete \x7f",
]


def _expected(result: FileResult) -> str:
    """The report as the writer wrote it before the fast path: printable() on every text."""
    errors = sum(1 for i in result.errors if i.severity == ERROR)
    counts = [f"{errors} error(s)"] if errors else []
    if len(result.errors) > errors:
        counts.append(f"{len(result.errors) - errors} warning(s)")
    name = escape_name(result.file)
    head = "FAIL" if not result.valid else "ok  "
    lines = [f"{head} {name} ({result.scenario}): {', '.join(counts)}"]
    for i in result.errors:
        pos = f":{i.line}" + (f":{i.column}" if i.column else "") if i.line else ""
        message = printable(i.message, keep=chr(10))
        lines.append(f"  {name}{pos}: {i.severity} [{printable(i.rule)}] {message}")
        if i.xpath:
            lines.append(f"      at {printable(i.xpath)}")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("text", TRICKY)
@pytest.mark.parametrize("field", ["rule", "message", "xpath"])
def test_text_report_escapes_like_printable(text: str, field: str) -> None:
    values = {"rule": "xsd:cvc-x", "message": "a finding", "xpath": "/a/b[2]"}
    values[field] = text
    issues = (
        Issue(3, 7, values["xpath"], values["rule"], ERROR, values["message"]),
        Issue(None, None, None, "codelist:unavailable", WARNING, "another finding"),
    )
    result = FileResult("dir/na\x1bme.xml", "sc", issues)
    out = io.StringIO()
    TextWriter(out).add(result)
    assert out.getvalue() == _expected(result)
    unsafe = {"\x1b", "\x9b", "\u202e", "\u2066", "\u2069", "\u2028", "\udcff", "\uffff"}
    assert not set(out.getvalue()) & (unsafe | {"\x7f", "\t"}), out.getvalue()
