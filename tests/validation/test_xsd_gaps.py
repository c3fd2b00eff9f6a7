"""The gaps libxml2 leaves in XSD 1.0 validation, and how CompiledSchema closes them
(validation/xsd/gaps.py, idrefs.py, detail.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from kommune_core.validation.resources import XmlCatalog
from kommune_core.validation.schemas import compile_schema

XS = 'xmlns:xs="http://www.w3.org/2001/XMLSchema"'

ID_SCHEMA = f"""<xs:schema {XS}>
 <xs:element name="r"><xs:complexType><xs:sequence>
  <xs:element name="a" minOccurs="0" maxOccurs="unbounded"><xs:complexType>
    <xs:attribute name="id" type="xs:ID"/><xs:attribute name="ref" type="xs:IDREF"/>
    <xs:attribute name="refs" type="xs:IDREFS"/></xs:complexType></xs:element>
  <xs:element name="key" type="MyId" minOccurs="0" maxOccurs="unbounded"/>
  <xs:element name="link" type="xs:IDREF" minOccurs="0" maxOccurs="unbounded"/>
  <xs:element name="box" minOccurs="0" maxOccurs="unbounded"><xs:complexType><xs:sequence>
    <xs:element name="link" type="xs:string"/></xs:sequence></xs:complexType></xs:element>
 </xs:sequence></xs:complexType></xs:element>
 <xs:simpleType name="MyId"><xs:restriction base="xs:ID"><xs:maxLength value="20"/>
 </xs:restriction></xs:simpleType>
</xs:schema>"""


def schema_from(tmp_path: Path, text: str, name: str = "s.xsd"):  # type: ignore[no-untyped-def]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return compile_schema(path, XmlCatalog(), cache_dir=str(tmp_path / "cache"))


def tree(text: str) -> etree._ElementTree:
    return etree.ElementTree(etree.fromstring(text))


def rules(issues) -> list[tuple[int | None, str]]:  # type: ignore[no-untyped-def]
    return [(i.line, i.rule) for i in issues]


def test_gap_analysis_names_the_categories(tmp_path: Path) -> None:
    schema = schema_from(tmp_path, ID_SCHEMA)
    assert schema.gaps.categories == ("id-idref",)
    assert schema.ids is not None and not schema.plain
    plain = schema_from(tmp_path, f'<xs:schema {XS}><xs:element name="r"/></xs:schema>', "p.xsd")
    assert plain.gaps.categories == () and plain.plain


def test_dangling_idref_and_duplicate_ids_in_element_content(tmp_path: Path) -> None:
    schema = schema_from(tmp_path, ID_SCHEMA)
    ok = tree(
        '<r><a id="x"/><a ref="x" refs="x k1"/><key>k1</key><link>x</link>'
        "<box><link>nothing</link></box></r>"
    )
    assert schema.check(ok) == []  # box/link is a string, not an IDREF
    bad = tree(
        '<r>\n<a id="x" ref="nope"/>\n<a refs="x gone"/>\n<key>k1</key>\n'
        "<key>k1</key>\n<link>missing</link>\n</r>"
    )
    got = schema.check(bad)
    assert rules(got) == [
        (2, "xsd:cvc-id.1"),
        (3, "xsd:cvc-id.1"),
        (5, "xsd:cvc-id.2"),
        (6, "xsd:cvc-id.1"),
    ]
    assert "'nope'" in got[0].message and "'gone'" in got[1].message
    assert "line 4" in got[2].message and got[2].xpath == "/r/key[2]"


def test_duplicate_id_attribute_is_reported_once(tmp_path: Path) -> None:
    schema = schema_from(tmp_path, ID_SCHEMA)
    got = schema.check(tree('<r>\n<a id="x"/>\n<a id="x"/>\n</r>'))
    assert [i.line for i in got] == [3]  # libxml2's own report, not a second one


def test_fixed_value_on_an_attribute_reference(tmp_path: Path) -> None:
    schema = schema_from(
        tmp_path,
        """<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"
      targetNamespace="urn:f" xmlns:f="urn:f">
      <xs:attribute name="a" type="xs:string"/>
      <xs:element name="r"><xs:complexType><xs:attribute ref="f:a" fixed="x"/></xs:complexType>
      </xs:element></xs:schema>""",
    )
    assert "fixed-value" in schema.gaps.categories
    assert schema.check(tree('<f:r xmlns:f="urn:f" f:a="x"/>')) == []
    (issue,) = schema.check(tree('<f:r xmlns:f="urn:f" f:a="y"/>'))
    assert issue.rule == "xsd:cvc-au" and "fixed" in issue.message  # not cvc-complex-type.2.4


def test_risky_patterns_are_found_and_checked(tmp_path: Path) -> None:
    schema = schema_from(
        tmp_path,
        f"""<xs:schema {XS}><xs:element name="r"><xs:simpleType>
      <xs:restriction base="xs:string"><xs:pattern value="[a-z-[aeiou]]+"/></xs:restriction>
      </xs:simpleType></xs:element></xs:schema>""",
    )
    assert schema.gaps.patterns == ("[a-z-[aeiou]]+",)
    assert schema.check(tree("<r>bcd</r>")) == []
    assert [i.rule for i in schema.check(tree("<r>bad</r>"))] == ["xsd:cvc-pattern-valid"]
    uuid = schema_from(
        tmp_path,
        f"""<xs:schema {XS}><xs:element name="r"><xs:simpleType>
      <xs:restriction base="xs:string"><xs:pattern value="[0-9]{{2}}-[a-f]{{2}}"/>
      </xs:restriction></xs:simpleType></xs:element></xs:schema>""",
        "u.xsd",
    )
    assert uuid.gaps.patterns == ()  # a hyphen between classes is no subtraction


def test_every_document_of_a_schema_set_is_loaded(tmp_path: Path) -> None:
    (tmp_path / "a.xsd").write_text(
        f'<xs:schema {XS} targetNamespace="urn:a"><xs:element name="a"/></xs:schema>'
    )
    (tmp_path / "b.xsd").write_text(
        f'<xs:schema {XS} targetNamespace="urn:b"><xs:element name="b" type="xs:int"/></xs:schema>'
    )
    (tmp_path / "b2.xsd").write_text(
        f'<xs:schema {XS} targetNamespace="urn:b"><xs:element name="c"/></xs:schema>'
    )
    schema = compile_schema(
        [tmp_path / "a.xsd", tmp_path / "b.xsd", tmp_path / "b2.xsd"],
        XmlCatalog(),
        cache_dir=str(tmp_path / "cache"),
    )
    assert "multi-document" in schema.gaps.categories
    assert schema.check(tree('<b xmlns="urn:b">7</b>')) == []
    assert schema.check(tree('<c xmlns="urn:b"/>')) == []
    assert [i.rule for i in schema.check(tree('<b xmlns="urn:b">x</b>'))] == [
        "xsd:cvc-datatype-valid.1.2.1"
    ]


def test_xmlschema_build_is_cached(tmp_path: Path) -> None:
    schema_from(tmp_path, ID_SCHEMA)
    cached = sorted(p.suffix for p in (tmp_path / "cache" / "xsd").iterdir())
    assert cached == [".json", ".pickle"]  # .ids2.json: the ID table
    again = schema_from(tmp_path, ID_SCHEMA)  # from the cache: same table
    assert again.ids is not None
    assert rules(again.check(tree("<r><link>q</link></r>"))) == [(1, "xsd:cvc-id.1")]


@pytest.mark.parametrize("broken", ["not a pickle", ""])
def test_a_broken_cache_entry_is_rebuilt(tmp_path: Path, broken: str) -> None:
    schema_from(tmp_path, ID_SCHEMA)
    for p in (tmp_path / "cache" / "xsd").iterdir():
        p.write_text(broken)
    again = schema_from(tmp_path, ID_SCHEMA)
    assert rules(again.check(tree("<r><link>q</link></r>"))) == [(1, "xsd:cvc-id.1")]


def test_fixed_value_compared_by_value_not_lexically(tmp_path: Path) -> None:
    schema = schema_from(
        tmp_path,
        f"""<xs:schema {XS}>
      <xs:element name="r" type="xs:boolean" fixed="1"/></xs:schema>""",
    )
    assert schema.gaps.categories == ("fixed-value",)
    assert schema.check(tree("<r>true</r>")) == []  # libxml2 alone: "does not match"
    assert [i.rule for i in schema.check(tree("<r>false</r>"))] == ["xsd:cvc-elt.5.2.2.2.2"]
    text = schema_from(
        tmp_path,
        f"""<xs:schema {XS}>
      <xs:element name="r" type="xs:token" fixed="1"/></xs:schema>""",
        "t.xsd",
    )
    assert text.gaps.categories == ()  # a string type: libxml2 compares right
