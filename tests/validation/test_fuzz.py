"""Property-based fuzzing (hypothesis) of the hardened parser, the pipeline and the report
writers — in CI: bounded examples, no per-example deadline, derandomized, so a run is the
same every time and cannot flake.

The properties are what "never crash" means here:

* ``parse_bytes`` returns a tree or raises :class:`XmlInputError` with a known rule id —
  never any other exception — for arbitrary bytes and for mutants of real messages
  (bytes flipped, cut, duplicated; hostile snippets spliced in: DOCTYPEs, entities,
  XInclude, BOMs, UTF-16/32, NUL bytes, deep nesting);
* ``Validator.validate_bytes`` returns one result for the name it was given; a result that
  is not processed carries an error; a valid result has no error;
* every report format writes any such result — under any file name, bytes that are not
  UTF-8 and control characters included — as text that encodes to UTF-8, and the JSON and
  JUnit reports parse back.
"""

from __future__ import annotations

import functools
import io
import json
import os
import tempfile
from pathlib import Path

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from lxml import etree  # noqa: E402

from kommune_core.reports.validation import FORMATS, make_writer  # noqa: E402
from kommune_core.reports.validation.base import escape_name, unescape_name  # noqa: E402
from kommune_core.validation import (  # noqa: E402
    ERROR,
    FileResult,
    Summary,
    ValidationConfig,
    Validator,
)
from kommune_core.xml import XmlInputError, parse_bytes  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
SEEDS = tuple(p.read_bytes() for p in sorted((ROOT / "examples" / "messages").glob("*.xml")))
RULES = {
    "xml.empty",
    "xml.not-xml",
    "xml.encoding",
    "xml.truncated",
    "xml.malformed",
    "xml.entities",
    "xml.external-dtd",
    "xml.xinclude",
    "xml.depth",
    "xml.text-size",
    "xml.too-large",
    "io",
    "io.special-file",
}
SNIPPETS = (
    b'<!DOCTYPE a [<!ENTITY e "x">]>',
    b'<!DOCTYPE a SYSTEM "file:///etc/passwd">',
    b"&e;",
    b'<!ENTITY % p SYSTEM "http://127.0.0.1/x">',
    b"\x00",
    b"\xff\xfe",
    b"\xef\xbb\xbf",
    b"\x00\x00\xfe\xff",
    b'<?xml version="1.0" encoding="UTF-32"?>',
    b'<?xml version="1.0" encoding="UTF-16"?>',
    b'<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="/etc/passwd"/>',
    b"<![CDATA[",
    b"]]>",
    b"<a" * 300,
    b"&#x1B;",
    b"&#0;",
    b"\xc3",
    b"\x9b",
    b'listURI="urn:x"',
    b"<code>",
)
FUZZ = settings(
    max_examples=120,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@st.composite
def mutants(draw: st.DrawFn) -> bytes:
    data = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(("flip", "cut", "insert", "splice", "duplicate")))
        at = draw(st.integers(0, max(0, len(data) - 1)))
        if kind == "flip" and data:
            data[at] = draw(st.integers(0, 255))
        elif kind == "cut":
            del data[at:]
        elif kind == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=8))
        elif kind == "splice":
            data[at:at] = draw(st.sampled_from(SNIPPETS))
        else:
            end = draw(st.integers(at, min(len(data), at + 200)))
            data[at:at] = data[at:end]
    return bytes(data)


inputs = st.one_of(
    mutants(),
    st.binary(max_size=300),
    st.builds(lambda s, tail: s + tail, st.sampled_from(SNIPPETS), st.binary(max_size=50)),
)


@FUZZ
@given(inputs)
def test_parser_returns_a_tree_or_a_refusal(data: bytes) -> None:
    try:
        tree = parse_bytes(data, file="fuzz.xml")
    except XmlInputError as exc:
        assert exc.rule in RULES, exc
        assert exc.message and exc.file == "fuzz.xml"
    else:
        assert tree.getroot() is not None


@functools.cache
def _validator() -> Validator:
    from kommune_core.catalog import load_catalog

    catalog = load_catalog(["thueringen", "sachsen"], strict=True).load_all()
    cache = Path(tempfile.gettempdir()) / "kommune-fuzz-cache"  # offline: only read
    return Validator(ValidationConfig(offline=True, cache_dir=str(cache)), catalog)


names = st.one_of(
    st.text(max_size=30).map(lambda t: f"in/{t}.xml"),
    st.binary(max_size=30).map(lambda b: "in/" + os.fsdecode(b) + ".xml"),
)


@FUZZ
@given(inputs, names)
def test_pipeline_and_every_report_survive_anything(data: bytes, name: str) -> None:
    result = _validator().validate_bytes(data, name)
    assert isinstance(result, FileResult) and result.file == name
    if not result.processed:
        assert any(i.severity == ERROR for i in result.errors)
    if result.valid:
        assert not any(i.severity == ERROR for i in result.errors)
    for issue in result.errors:
        assert issue.rule and isinstance(issue.message, str)
    summary = Summary(files=1, valid=int(result.valid), invalid=int(not result.valid), seconds=0.01)
    for fmt in FORMATS:
        out = io.StringIO()
        writer = make_writer(fmt, out, verbose=True)
        writer.add(result)
        writer.finish(summary)
        text = out.getvalue()
        text.encode("utf-8")  # a report that can be written
        assert "\x1b" not in text  # JSON escapes it as \u001b, the others as \x1b
        if fmt not in ("json", "sarif"):  # C1 controls (CSI) are valid JSON, escaped elsewhere
            assert "\x9b" not in text
        if fmt == "json":
            (entry,) = json.loads(text)["files"]
            assert unescape_name(entry["file"]) == name
        elif fmt == "junit":
            (case,) = etree.fromstring(text.encode()).iter("testcase")
            assert case.get("name") == escape_name(name)
