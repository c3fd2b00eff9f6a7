"""The code-list stage of the pipeline: where lists come from (plugin → --codelists folder →
cache → XRepository unless offline), versions, unavailable lists, and the Nachrichtentyp
check. Uses a tiny ad-hoc schema (``--schema`` mode) that imports the core header."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import attrs
import pytest

from kommune_core.catalog import load_catalog
from kommune_core.validation import FileResult, ValidationConfig, Validator
from kommune_core.validation.codelists import CodeListResolver

SCHEMA = """<?xml version="1.0"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:test:m"
    xmlns:t="urn:test:m"
    xmlns:kopf="urn:kommune-interop:xoev:nachrichtenkopf:1"
    xmlns:code="urn:kommune-interop:xoev:code:1" elementFormDefault="qualified">
  <xs:import namespace="urn:kommune-interop:xoev:nachrichtenkopf:1"
             schemaLocation="urn:kommune-interop:xoev:nachrichtenkopf:1"/>
  <xs:import namespace="urn:kommune-interop:xoev:code:1"
             schemaLocation="urn:kommune-interop:xoev:code:1"/>
  <xs:complexType name="M"><xs:complexContent><xs:extension base="kopf:NachrichtType">
    <xs:sequence><xs:element name="wert" type="code:Code" maxOccurs="10"/></xs:sequence>
  </xs:extension></xs:complexContent></xs:complexType>
  <xs:element name="test.anfrage.0001" type="t:M"/>
  <xs:element name="test.antwort.0002" type="t:M"/>
</xs:schema>"""

TYPES = "urn:test:codeliste:nachrichtentyp"
WERTE = "urn:test:codeliste:werte"


def message(
    root: str = "test.anfrage.0001",
    mtype: str = "0001",
    values: tuple[tuple[str, str | None, str], ...] = ((WERTE, "1", "001"),),
) -> str:
    codes = "".join(
        f'<t:wert listURI="{u}"{f" listVersionID={v!r}" if v is not None else ""}>'
        f"<code>{c}</code></t:wert>"
        for u, v, c in values
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<t:{root} xmlns:t="urn:test:m" produkt="p" produkthersteller="h" standard="Test" version="1">
  <nachrichtenkopf>
    <identifikation.nachricht>
      <nachrichtenUUID>3f6c1a52-8e0b-4c1e-9a47-2b1d6f0e5c11</nachrichtenUUID>
      <nachrichtentyp listURI="{TYPES}" listVersionID="1"><code>{mtype}</code></nachrichtentyp>
      <erstellungszeitpunkt>2026-01-01T00:00:00Z</erstellungszeitpunkt>
    </identifikation.nachricht>
    <leser><verzeichnisdienst><code>DVDV</code></verzeichnisdienst><kennung>a</kennung><name>A</name></leser>
    <autor><verzeichnisdienst><code>DVDV</code></verzeichnisdienst><kennung>b</kennung><name>B</name></autor>
  </nachrichtenkopf>
  {codes}
</t:{root}>"""


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KOMMUNE_XREPOSITORY_URL", raising=False)
    for var in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY"):
        monkeypatch.delenv(var, raising=False)


@pytest.fixture
def setup(tmp_path: Path, make_genericode) -> dict[str, Path]:  # type: ignore[no-untyped-def]
    (tmp_path / "m.xsd").write_text(SCHEMA, encoding="utf-8")
    lists = tmp_path / "lists"
    lists.mkdir()
    (lists / "types.xml").write_bytes(
        make_genericode(TYPES, "1", [("0001", "test.anfrage.0001"), ("0002", "test.antwort.0002")])
    )
    (lists / "werte.xml").write_bytes(make_genericode(WERTE, "1"))
    (lists / "notes.xml").write_text("<not-a-code-list/>", encoding="utf-8")
    return {"schema": tmp_path / "m.xsd", "lists": lists, "root": tmp_path}


def validate(setup: dict[str, Path], text: str, **config: Any) -> FileResult:
    config.setdefault("codelist_dirs", (str(setup["lists"]),))
    config.setdefault("cache_dir", str(setup["root"] / "cache"))
    v = Validator(
        ValidationConfig(schema=str(setup["schema"]), **config),
        load_catalog([], entry_points=False),
    )
    f = setup["root"] / "msg.xml"
    f.write_text(text, encoding="utf-8")
    return v.validate_file(str(f))


def test_codes_in_the_list_pass(setup) -> None:  # type: ignore[no-untyped-def]
    r = validate(setup, message())
    assert r.valid and r.errors == ()


def test_a_code_not_in_the_list_is_an_error(setup) -> None:  # type: ignore[no-untyped-def]
    r = validate(setup, message(values=((WERTE, "1", "001"), (WERTE, "1", "999"))))
    (issue,) = r.errors
    assert issue.rule == "codelist:unknown-code" and issue.severity == "error"
    assert issue.xpath == "/t:test.anfrage.0001/t:wert[2]" and issue.line == 12
    assert "'999'" in issue.message and "001, 002, 003" in issue.message


def test_unavailable_list_is_one_warning_per_list_and_message(setup) -> None:  # type: ignore[no-untyped-def]
    r = validate(
        setup,
        message(
            values=(
                ("urn:test:unknown", "1", "a"),
                ("urn:test:unknown", "1", "b"),
                (WERTE, "1", "001"),
            )
        ),
        offline=True,
    )
    assert r.valid
    (issue,) = r.errors
    assert issue.rule == "codelist:unavailable" and issue.severity == "warning"
    assert "urn:test:unknown version 1" in issue.message and "offline" in issue.message


def test_missing_version_uses_the_only_one_available_and_says_so(setup) -> None:  # type: ignore[no-untyped-def]
    r = validate(setup, message(values=((WERTE, None, "002"),)))
    assert r.valid
    assert [(i.rule, i.severity) for i in r.errors] == [("codelist:version", "warning")]
    bad = validate(setup, message(values=((WERTE, None, "777"),)))
    assert [i.rule for i in bad.errors] == ["codelist:unknown-code"]


def test_missing_version_with_several_available_is_not_guessed(setup, make_genericode) -> None:  # type: ignore[no-untyped-def]
    (setup["lists"] / "werte-2.xml").write_bytes(make_genericode(WERTE, "2", [("x", "X")]))
    r = validate(setup, message(values=((WERTE, None, "001"),)), offline=True)
    (issue,) = r.errors
    assert issue.rule == "codelist:unavailable" and "versions 1, 2" in issue.message


def test_plugin_code_lists_come_before_the_folder(setup, make_genericode, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from kommune_core.domain import CodeListSpec

    plugin_file = tmp_path / "plugin-werte.xml"
    plugin_file.write_bytes(make_genericode(WERTE, "1", [("p", "P")]))
    resolver = CodeListResolver(
        [CodeListSpec(urn=WERTE, version="1", path=plugin_file)], [setup["lists"]]
    )
    assert resolver.resolve(WERTE, "1").codes == frozenset({"p"})
    assert CodeListResolver([], [setup["lists"]]).resolve(WERTE, "1").codes == frozenset(
        {"001", "002", "003"}
    )


@attrs.define
class FakeClient:
    path: Path
    calls: list[tuple[str, str | None]] = attrs.field(factory=list)

    def fetch_codelist(self, urn: str, version: str | None = None) -> Any:
        self.calls.append((urn, version))
        return attrs.make_class("R", ["path", "warning"])(self.path, None)


def test_offline_never_asks_the_client(setup) -> None:  # type: ignore[no-untyped-def]
    client = FakeClient(setup["lists"] / "werte.xml")
    r = CodeListResolver([], [], client=client, offline=True)
    assert r.resolve("urn:test:elsewhere", "1").codelist is None and client.calls == []
    online = CodeListResolver([], [], client=client)
    assert online.resolve("urn:test:elsewhere", "1").codes == frozenset({"001", "002", "003"})
    online.resolve("urn:test:elsewhere", "1")
    assert client.calls == [("urn:test:elsewhere", "1")]  # once per process


def test_lists_are_fetched_from_xrepository_when_not_local(
    setup,
    xrepo_server,  # type: ignore[no-untyped-def]
    make_genericode,
) -> None:
    xrepo_server.add_codelist(make_genericode("urn:test:remote", "3", [("r1", "R")]))
    xrepo_server.start()
    text = message(values=(("urn:test:remote", "3", "r1"), ("urn:test:remote", "3", "zz")))
    r = validate(setup, text, xrepository=xrepo_server.url)
    assert [i.rule for i in r.errors] == ["codelist:unknown-code"]
    assert "urn:test:remote version 3" in r.errors[0].message
    assert xrepo_server.requests_to("version_codeliste")
    offline = validate(
        setup,
        text,
        xrepository=xrepo_server.url,
        offline=True,
        cache_dir=str(setup["root"] / "empty-cache"),
    )
    assert [i.rule for i in offline.errors] == ["codelist:unavailable"]


def test_a_failing_fetch_is_a_warning_naming_the_reason(setup, xrepo_server) -> None:  # type: ignore[no-untyped-def]
    xrepo_server.start()
    xrepo_server.fail("status", status=404, times=None)
    r = validate(
        setup, message(values=(("urn:test:remote", "3", "r1"),)), xrepository=xrepo_server.url
    )
    (issue,) = r.errors
    assert issue.rule == "codelist:unavailable" and "fetch failed" in issue.message


def test_nachrichtentyp_code_must_name_the_root(setup) -> None:  # type: ignore[no-untyped-def]
    r = validate(setup, message(root="test.antwort.0002", mtype="0001"))
    (issue,) = r.errors
    assert issue.rule == "xoev:nachrichtentyp" and issue.line == 6
    assert "the code for test.antwort.0002 is '0002'" in issue.message
    assert validate(setup, message(root="test.antwort.0002", mtype="0002")).valid


def test_nachrichtentyp_not_checked_when_the_list_names_no_elements(setup, make_genericode) -> None:  # type: ignore[no-untyped-def]
    (setup["lists"] / "types.xml").write_bytes(
        make_genericode(TYPES, "1", [("0001", "Anfrage"), ("0002", "Antwort")])
    )
    assert validate(setup, message(root="test.antwort.0002", mtype="0001")).valid


def test_nachrichtentyp_not_checked_without_the_list(setup) -> None:  # type: ignore[no-untyped-def]
    (setup["lists"] / "types.xml").unlink()
    r = validate(setup, message(root="test.antwort.0002", mtype="0001"), offline=True)
    assert r.valid and [i.rule for i in r.errors] == ["codelist:unavailable"]
