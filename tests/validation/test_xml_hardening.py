"""The hardened parser refuses hostile input with a clear error, and reads good input."""

from __future__ import annotations

import threading
from pathlib import Path

import attrs
import pytest
from lxml import etree

from kommune_core.xml import (
    DEFAULT_LIMITS,
    Limits,
    XmlInputError,
    parse_bytes,
    parse_file,
    parse_files,
    safe_parser,
)
from kommune_core.xml import parsers as parsers_module

HOSTILE = Path(__file__).parent / "hostile"

EXPECTED = {
    "xxe-file.xml": ("xml.entities", 3),
    "xxe-http.xml": ("xml.entities", 3),
    "parameter-entity.xml": ("xml.entities", 3),
    "billion-laughs.xml": ("xml.entities", 3),
    "quadratic-blowup.xml": ("xml.entities", 3),
    "external-dtd.xml": ("xml.external-dtd", 2),
    "external-dtd-file.xml": ("xml.external-dtd", 2),
    "xinclude.xml": ("xml.xinclude", 3),
    "xinclude-2003.xml": ("xml.xinclude", 3),
    "xinclude-charref-namespace.xml": ("xml.xinclude", 3),
    "deep.xml": ("xml.depth", 2),
    "wrong-encoding.xml": ("xml.encoding", 3),
    "bom-contradicts-declaration.xml": ("xml.encoding", 1),
    "utf16-declared-but-8bit.xml": ("xml.encoding", 1),
    "utf32-with-bom.xml": ("xml.encoding", 1),
    "empty.xml": ("xml.empty", None),
    "whitespace-only.xml": ("xml.empty", None),
    "not-xml.xml": ("xml.not-xml", 1),
    "truncated.xml": ("xml.truncated", 7),
}

MESSAGE = (
    '<?xml version="1.0" encoding="{enc}"?>\n<nachricht xmlns="urn:test">\n'
    "  <name>Gemeinde Großröhrsdorf – Grüße</name>\n</nachricht>\n"
)
TEXT = "Gemeinde Großröhrsdorf – Grüße"


def refused(data: bytes, *, limits: Limits = DEFAULT_LIMITS) -> XmlInputError:
    with pytest.raises(XmlInputError) as info:
        parse_bytes(data, file="in.xml", limits=limits)
    return info.value


# -- every fixture file, with rule and line ----------------------------------------------------


def test_every_hostile_fixture_has_an_expectation():
    on_disk = {p.name for p in HOSTILE.glob("*.xml")}
    assert on_disk == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_hostile_fixture_is_refused_with_rule_and_line(name):
    rule, line = EXPECTED[name]
    with pytest.raises(XmlInputError) as info:
        parse_file(HOSTILE / name)
    err = info.value
    assert (err.rule, err.line) == (rule, line), str(err)
    assert err.file == str(HOSTILE / name)
    assert str(err).startswith(f"{HOSTILE / name}") and f"[{rule}]" in str(err)
    assert "root:" not in str(err)  # no file content (e.g. /etc/passwd) leaks into messages


def test_batch_goes_on_after_bad_files(tmp_path):
    good = tmp_path / "gut.xml"
    good.write_text(MESSAGE.format(enc="UTF-8"), encoding="utf-8")
    files = [
        HOSTILE / "empty.xml",
        good,
        HOSTILE / "truncated.xml",
        tmp_path / "fehlt.xml",
        HOSTILE / "xxe-file.xml",
        good,
    ]
    results = list(parse_files(files))
    assert [r.file for r in results] == [str(f) for f in files]
    assert [r.error.rule if r.error else "ok" for r in results] == [
        "xml.empty",
        "ok",
        "xml.truncated",
        "io",
        "xml.entities",
        "ok",
    ]
    assert results[1].ok and results[1].tree.getroot().findtext("{urn:test}name") == TEXT


# -- entities, DTDs, XInclude: nothing is ever read or fetched ---------------------------------


def test_xxe_file_is_refused_and_the_parser_alone_never_reads_the_file(tmp_path):
    secret = tmp_path / "geheim.txt"
    secret.write_text("STRENG-GEHEIM", encoding="utf-8")
    doc = (
        f'<?xml version="1.0"?>\n<!DOCTYPE x [\n<!ENTITY s SYSTEM "{secret.as_uri()}">\n]>'
        f"\n<x>&s;</x>"
    ).encode()
    err = refused(doc)
    assert err.rule == "xml.entities" and err.line == 3
    assert "XXE" in err.message and "STRENG-GEHEIM" not in str(err)
    # Defence in depth: even the bare parser leaves the entity unresolved.
    root = etree.fromstring(doc, safe_parser())
    assert "STRENG-GEHEIM" not in etree.tostring(root, encoding="unicode")


@pytest.mark.parametrize(
    "template",
    [
        '<?xml version="1.0"?>\n<!DOCTYPE x [\n<!ENTITY e SYSTEM "{url}/xxe">\n]>\n<x>&e;</x>',
        '<?xml version="1.0"?>\n<!DOCTYPE x [\n<!ENTITY % p SYSTEM "{url}/p.dtd">\n%p;\n]>\n<x/>',
        '<?xml version="1.0"?>\n<!DOCTYPE x SYSTEM "{url}/x.dtd">\n<x/>',
        '<?xml version="1.0"?>\n<!DOCTYPE x PUBLIC "-//T//DE" "{url}/x.dtd">\n<x/>',
        '<x xmlns:xi="http://www.w3.org/2001/XInclude">\n<xi:include href="{url}/teil.xml"/></x>',
    ],
    ids=["xxe-http", "parameter-entity", "external-dtd", "public-dtd", "xinclude-http"],
)
def test_no_network_access_of_any_kind(xrepo_server, template):
    """A live server on 127.0.0.1 must not see a single request."""
    doc = template.format(url=xrepo_server.url).encode()
    err = refused(doc)
    assert err.rule in ("xml.entities", "xml.external-dtd", "xml.xinclude")
    assert xrepo_server.url in str(err) or err.rule == "xml.entities"
    assert xrepo_server.requests == []


def test_tripwire_refuses_if_the_parser_ever_tries_to_load(xrepo_server, monkeypatch):
    """Should a future change switch DTD loading on, the resolver tripwire still stops it."""
    real = parsers_module.new_parser

    def careless(huge):
        _parser, tripwire = real(huge)
        loose = etree.XMLParser(load_dtd=True, no_network=False, resolve_entities=False)
        loose.resolvers.add(tripwire)
        return loose, tripwire

    monkeypatch.setattr(parsers_module, "new_parser", careless)
    monkeypatch.setattr(parsers_module, "_local", threading.local())
    err = refused(f'<!DOCTYPE x SYSTEM "{xrepo_server.url}/x.dtd">\n<x/>'.encode())
    assert err.rule == "xml.external-dtd" and "tried to load" in err.message
    assert xrepo_server.requests == []


def test_billion_laughs_and_quadratic_blowup_name_the_entities():
    err = refused((HOSTILE / "billion-laughs.xml").read_bytes())
    assert "lol" in err.message and "billion laughs" in err.message
    err = refused((HOSTILE / "quadratic-blowup.xml").read_bytes())
    assert "(a)" in err.message


def test_doctype_without_entities_or_external_id_is_harmless_and_accepted():
    tree = parse_bytes(b"<!DOCTYPE x [<!ELEMENT x (#PCDATA)>]>\n<x>ok</x>")
    assert tree.getroot().text == "ok"


def test_xinclude_is_never_processed(tmp_path):
    secret = tmp_path / "teil.txt"
    secret.write_text("STRENG-GEHEIM", encoding="utf-8")
    doc = (
        f'<a xmlns:xi="http://www.w3.org/2001/XInclude">\n\n'
        f'<xi:include href="{secret.as_uri()}" parse="text"/></a>'
    ).encode()
    err = refused(doc)
    assert (err.rule, err.line) == ("xml.xinclude", 3) and "STRENG-GEHEIM" not in str(err)


# -- depth, text size, document size ----------------------------------------------------------


def nested(depth: int) -> bytes:
    return b"<e>" * depth + b"</e>" * depth


def test_default_depth_limit_is_256():
    assert parse_bytes(nested(256)).getroot().tag == "e"
    err = refused(nested(257))
    assert err.rule == "xml.depth" and "256" in err.message


@pytest.mark.parametrize("limit", [10, 100, 1000])
def test_configurable_depth_limit(limit):
    limits = Limits(max_depth=limit)
    assert parse_bytes(nested(limit), limits=limits) is not None
    err = refused(nested(limit + 1), limits=limits)
    assert err.rule == "xml.depth" and str(limit) in err.message


def test_default_text_limit_is_ten_million_bytes():
    assert len(parse_bytes(b"<a>" + b"x" * 10_000_000 + b"</a>").getroot().text) == 10_000_000
    err = refused(b"<a>" + b"x" * 10_000_001 + b"</a>")
    assert err.rule == "xml.text-size" and "10000000" in err.message
    assert refused(b'<a b="' + b"x" * 10_000_001 + b'"/>').rule == "xml.text-size"


def test_configurable_text_limit_counts_utf8_bytes_in_text_tail_and_attributes():
    limits = Limits(max_text=100)
    assert parse_bytes(b"<a>" + b"x" * 100 + b"</a>", limits=limits) is not None
    assert parse_bytes(("<a>" + "ä" * 50 + "</a>").encode(), limits=limits) is not None
    for doc in (
        b"<a>" + b"x" * 101 + b"</a>",
        ("<a>" + "ä" * 51 + "</a>").encode(),  # 51 characters, 102 bytes
        b"<a><b/>" + b"x" * 101 + b"</a>",
        b'<a>\n<b c="' + b"x" * 101 + b'"/></a>',
    ):
        err = refused(doc, limits=limits)
        assert err.rule == "xml.text-size" and "100" in err.message, doc[:20]
    assert refused(b'<a>\n<b c="' + b"x" * 101 + b'"/></a>', limits=limits).line == 2


def test_raised_text_limit_switches_libxml2_to_huge_mode():
    limits = Limits(max_text=12_000_000)
    assert limits.huge
    assert parse_bytes(b"<a>" + b"x" * 11_000_000 + b"</a>", limits=limits) is not None
    assert refused(b"<a>" + b"x" * 12_000_001 + b"</a>", limits=limits).rule == "xml.text-size"


def test_document_size_limit_checked_before_reading(tmp_path):
    limits = Limits(max_bytes=100)
    assert refused(b"<a>" + b"x" * 100 + b"</a>", limits=limits).rule == "xml.too-large"
    big = tmp_path / "gross.xml"
    big.write_bytes(b"<a>" + b"x" * 1000 + b"</a>")
    with pytest.raises(XmlInputError) as info:
        parse_file(big, limits=limits)
    assert info.value.rule == "xml.too-large" and "1007 bytes" in info.value.message


@pytest.mark.parametrize(
    "kwargs",
    [
        {"max_depth": 0},
        {"max_depth": 5000},
        {"max_text": -1},
        {"max_text": 2_000_000_000},
        {"max_bytes": 0},
        {"max_depth": True},
    ],
)
def test_limits_are_validated(kwargs):
    with pytest.raises(ValueError, match="Limits.max_"):
        Limits(**kwargs)


def test_default_limits_need_no_python_walk():
    assert not DEFAULT_LIMITS.huge and not DEFAULT_LIMITS.needs_walk
    assert attrs.evolve(DEFAULT_LIMITS, max_depth=64).needs_walk


# -- encodings and byte order marks -----------------------------------------------------------


@pytest.mark.parametrize(
    ("bom", "codec", "declared"),
    [
        (b"", "utf-8", "UTF-8"),
        (b"\xef\xbb\xbf", "utf-8", "UTF-8"),
        (b"\xef\xbb\xbf", "utf-8", "utf8"),
        (b"\xff\xfe", "utf-16-le", "UTF-16"),
        (b"\xfe\xff", "utf-16-be", "UTF-16"),
        (b"\xff\xfe", "utf-16-le", "UTF-16LE"),
        (b"", "utf-16-le", "UTF-16LE"),
        (b"", "iso-8859-15", "ISO-8859-15"),
    ],
    ids=[
        "utf8",
        "utf8-bom",
        "utf8-bom-lowercase",
        "utf16le-bom",
        "utf16be-bom",
        "utf16le-bom-explicit",
        "utf16le-declared-no-bom",
        "latin9-declared",
    ],
)
def test_consistent_encodings_and_boms_are_accepted(bom, codec, declared):
    message = MESSAGE if codec != "iso-8859-15" else MESSAGE.replace("–", "-")
    data = bom + message.format(enc=declared).encode(codec)
    name = parse_bytes(data).getroot().findtext("{urn:test}name")
    assert name == (TEXT if codec != "iso-8859-15" else TEXT.replace("–", "-"))


def test_bom_without_declaration_is_accepted():
    assert parse_bytes(b"\xef\xbb\xbf<a>\xc3\xa4</a>").getroot().text == "ä"
    assert parse_bytes(b"\xff\xfe" + "<a>ä</a>".encode("utf-16-le")).getroot().text == "ä"


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"\xef\xbb\xbf" + MESSAGE.format(enc="ISO-8859-1").encode(), "UTF-8"),
        (b"\xff\xfe" + MESSAGE.format(enc="UTF-8").encode("utf-16-le"), "UTF-16-LE"),
        (b"\xfe\xff" + MESSAGE.format(enc="UTF-16LE").encode("utf-16-be"), "UTF-16-BE"),
        (MESSAGE.format(enc="UTF-16").encode("utf-8"), "8-bit"),
        (MESSAGE.format(enc="UTF-8").encode("utf-16-le"), "UTF-16-LE"),
        ("<a>ä</a>".encode("utf-16-le"), "without byte order mark"),
    ],
    ids=[
        "utf8-bom-vs-latin1",
        "utf16-bom-vs-utf8",
        "utf16be-bom-vs-le",
        "utf16-decl-8bit",
        "utf16-bytes-utf8-decl",
        "utf16-undeclared",
    ],
)
def test_contradicting_bom_or_declaration_is_refused(data, says):
    err = refused(data)
    assert (err.rule, err.line) == ("xml.encoding", 1) and says in err.message


def test_undecodable_bytes_are_reported_with_their_line():
    data = MESSAGE.format(enc="UTF-8").encode("latin-1", errors="replace")
    err = refused(data)
    assert (err.rule, err.line) == ("xml.encoding", 3) and "UTF-8" in err.message
    undeclared = b"<a>\n\n<b>Gr\xfc\xdfe</b></a>"  # no declaration: UTF-8 is assumed
    err = refused(undeclared)
    assert (err.rule, err.line) == ("xml.encoding", 3) and "no encoding declared" in err.message


def test_unknown_encoding_name_is_an_encoding_error():
    err = refused(b'<?xml version="1.0" encoding="KLINGONISCH-1"?>\n<a/>')
    assert err.rule == "xml.encoding" and "KLINGONISCH-1" in err.message


# -- empty, not XML, truncated, malformed, unreadable ------------------------------------------


@pytest.mark.parametrize(
    "data", [b"", b"   \n\t ", b"\xef\xbb\xbf", b"\xef\xbb\xbf \n", b"\xff\xfe"]
)
def test_empty_documents(data):
    assert refused(data).rule == "xml.empty"


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b'{"a": 1}', "JSON"),
        (b"%PDF-1.7\n%\xe2\xe3", "PDF"),
        (b"PK\x03\x04\x14\x00", "ZIP"),
        (b"Hallo Welt\n", "text"),
        (b"\x00\x01\x02\x03binary", "binary"),
        (b"\xef\xbb\xbfHallo", "text"),
        ("Hallo".encode("utf-16"), "text"),
    ],
)
def test_non_xml_is_recognised(data, kind):
    err = refused(data)
    assert err.rule == "xml.not-xml" and kind in err.message


def test_every_cut_of_a_message_is_reported_as_truncated():
    data = (
        b'<?xml version="1.0" encoding="UTF-8"?>\n<!-- Kopf -->\n<nachricht xmlns="urn:t" '
        b'id="4711">\n  <name>Gro\xc3\x9fr\xc3\xb6hrsdorf &amp; Umland</name>\n'
        b"  <daten><![CDATA[a < b]]></daten>\n  <?verarbeitung x?>\n  <leer/>\n"
        b"</nachricht>\n"
    )
    assert parse_bytes(data) is not None
    end = data.rindex(b">") + 1  # the complete document ends here
    rules = {}
    for cut in range(1, end):
        try:
            parse_bytes(data[:cut])
            rules[cut] = "ok"
        except XmlInputError as exc:
            rules[cut] = exc.rule
    wrong = {cut: rule for cut, rule in rules.items() if rule != "xml.truncated"}
    assert wrong == {}, {c: data[:c][-12:] for c in wrong}


@pytest.mark.corpus
def test_every_cut_of_a_real_namespaced_message_is_truncated(corpus):
    data = (corpus / "xwasser" / "samples" / "olb_report_minimal.xml").read_bytes()
    end = data.rindex(b">") + 1
    wrong = {}
    for cut in range(1, end, 3):
        try:
            parse_bytes(data[:cut])
            wrong[cut] = "ok"
        except XmlInputError as exc:
            if exc.rule != "xml.truncated":
                wrong[cut] = f"{exc.rule}: {exc.message}"
    assert wrong == {}


@pytest.mark.parametrize(
    "data",
    [
        b"<a>&am;</a>",
        b"<a>\n&unbekannt;\n</a>",
        b'<a xmlns:p="u"><p:b/><q:c/></a>',
        b"<a>\n<q:c/>\n</a>",
        b"<a></b>",
        b"<a/>x",
        b"<a>\x01</a>",
        b'<a b="1" b="2"/>',
    ],
)
def test_complete_but_broken_documents_are_malformed_not_truncated(data):
    assert refused(data).rule == "xml.malformed"


def test_truncated_utf16_document():
    data = MESSAGE.format(enc="UTF-16").encode("utf-16")
    err = refused(data[: len(data) // 2])
    assert err.rule == "xml.truncated" and "truncated" in err.message


def test_malformed_document_names_line_and_column():
    err = refused(b"<a>\n  <b>\n  </c>\n</a>")
    assert (err.rule, err.line) == ("xml.malformed", 3) and err.column
    assert "in.xml:3:" in str(err)
    assert refused(b"<a/><b/>").rule == "xml.malformed"
    assert refused(b"<a>&unbekannt;</a>").rule == "xml.malformed"


def test_unreadable_files_are_io_errors(tmp_path):
    for path in (tmp_path / "fehlt.xml", tmp_path):
        with pytest.raises(XmlInputError) as info:
            parse_file(path)
        assert info.value.rule == "io" and info.value.file == str(path)


def test_parse_bytes_accepts_bytearray_and_refuses_str():
    assert parse_bytes(bytearray(b"<a/>")).getroot().tag == "a"
    with pytest.raises(TypeError, match="needs bytes"):
        parse_bytes("<a/>")  # type: ignore[arg-type]


# -- real artifacts still parse ---------------------------------------------------------------


@pytest.mark.corpus
def test_corpus_messages_and_code_lists_parse(corpus):
    files = (
        sorted((corpus / "xwasser" / "samples").glob("*.xml"))
        + sorted((corpus / "xwasser" / "codelists").glob("*.xml"))[:20]
    )
    assert files
    results = list(parse_files(files))
    assert [r.error for r in results if not r.ok] == []


@pytest.mark.corpus
def test_corpus_xmldsig_schema_with_entities_is_refused(corpus):
    """The W3C xmldsig schema declares entities in its DOCTYPE: the hardened parser refuses
    it, so schema loading must treat it as trusted local input (see docs/security.md)."""
    with pytest.raises(XmlInputError) as info:
        parse_file(corpus / "xoev-base" / "xmldsig-core-schema.xsd")
    assert info.value.rule == "xml.entities"


@pytest.mark.parametrize("huge", [False, True])
def test_hardened_parser_resolves_no_external_entity(tmp_path: Path, huge: bool) -> None:
    # the parser every other reader of XML in the core builds (KoSIT configurations,
    # stylesheets, SVRL, Schematron, schema documents): the HARDENED switches
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET", encoding="utf-8")
    doc = f'<!DOCTYPE r [<!ENTITY e SYSTEM "{secret.as_uri()}">]><r>&e;</r>'
    root = etree.fromstring(doc.encode(), parsers_module.hardened_parser(huge=huge))
    assert "SECRET" not in etree.tostring(root, encoding="unicode")
    loose = etree.XMLParser(resolve_entities=True, huge_tree=huge)  # the test can fail
    assert "SECRET" in etree.tostring(etree.fromstring(doc.encode(), loose), encoding="unicode")
