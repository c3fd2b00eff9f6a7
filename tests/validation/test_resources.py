"""Local schema resolution: OASIS catalogs, the core schemas, the schema's folder, and the
error when an import cannot be resolved (it names the URL; the network is never used)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kommune_core.validation.resources import (
    CatalogError,
    LocalResolver,
    XmlCatalog,
    core_catalog_path,
    core_schema_dir,
)
from kommune_core.validation.schemas import SchemaLoadError, _constraint_id, compile_schema

IMPORTING = """<?xml version="1.0"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:t"
           xmlns:b="urn:base" elementFormDefault="qualified">
  <xs:import namespace="urn:base" schemaLocation="{location}"/>
  <xs:element name="m" type="b:T"/>
</xs:schema>"""
BASE = """<?xml version="1.0"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:base">
  <xs:simpleType name="T"><xs:restriction base="xs:string"><xs:maxLength value="3"/>
  </xs:restriction></xs:simpleType>
</xs:schema>"""


def test_core_schemas_and_catalog_are_found() -> None:
    folder = core_schema_dir()
    assert (folder / "kommune-code.xsd").is_file()
    assert (folder / "kommune-nachrichtenkopf.xsd").is_file()
    cat = XmlCatalog.from_file(core_catalog_path())
    assert cat.lookup("urn:kommune-interop:xoev:code:1") == str(folder / "kommune-code.xsd")


def test_catalog_entries_rewrites_and_next_catalog(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "next.xml").write_text(
        '<catalog xmlns="urn:oasis:names:tc:entity:xmlns:xml:catalog">'
        '<system systemId="http://x.test/s.xsd" uri="s.xsd"/></catalog>',
        encoding="utf-8",
    )
    main = tmp_path / "catalog.xml"
    main.write_text(
        '<catalog xmlns="urn:oasis:names:tc:entity:xmlns:xml:catalog">'
        '<uri name="http://x.test/a.xsd" uri="local/a.xsd"/>'
        '<rewriteURI uriStartString="http://x.test/lib/" rewritePrefix="lib/"/>'
        '<rewriteURI uriStartString="http://x.test/lib/deep/" rewritePrefix="deep/"/>'
        '<nextCatalog catalog="sub/next.xml"/></catalog>',
        encoding="utf-8",
    )
    cat = XmlCatalog.from_file(main)
    assert cat.lookup("http://x.test/a.xsd") == str(tmp_path / "local" / "a.xsd")
    assert cat.lookup("http://x.test/lib/x/y.xsd") == str(tmp_path / "lib") + "/x/y.xsd"
    assert cat.lookup("http://x.test/lib/deep/z.xsd") == str(tmp_path / "deep") + "/z.xsd"
    assert cat.lookup("http://x.test/s.xsd") == str(tmp_path / "sub" / "s.xsd")
    assert cat.lookup("http://elsewhere.test/") is None


def test_a_file_that_is_no_catalog_is_refused_with_its_name(tmp_path: Path) -> None:
    bad = tmp_path / "cat.xml"
    bad.write_text("<notacatalog/>", encoding="utf-8")
    with pytest.raises(CatalogError, match="cat.xml"):
        XmlCatalog.from_file(bad)
    broken = tmp_path / "broken.xml"
    broken.write_text("<catalog", encoding="utf-8")
    with pytest.raises(CatalogError, match="broken.xml"):
        XmlCatalog.from_file(broken)


def test_import_resolved_through_a_catalog(tmp_path: Path) -> None:
    (tmp_path / "base.xsd").write_text(BASE, encoding="utf-8")
    entry = tmp_path / "entry" / "m.xsd"
    entry.parent.mkdir()
    entry.write_text(IMPORTING.format(location="https://schemas.test/base.xsd"), encoding="utf-8")
    cat = tmp_path / "catalog.xml"
    cat.write_text(
        '<catalog xmlns="urn:oasis:names:tc:entity:xmlns:xml:catalog">'
        '<uri name="https://schemas.test/base.xsd" uri="base.xsd"/></catalog>',
        encoding="utf-8",
    )
    schema = compile_schema(entry, XmlCatalog.from_file(cat))
    from lxml import etree

    assert schema.validate_tree(etree.ElementTree(etree.fromstring("<m xmlns='urn:t'>ab</m>")))
    bad = etree.ElementTree(etree.fromstring("<m xmlns='urn:t'>abcd</m>"))
    assert not schema.validate_tree(bad)
    (issue,) = schema.issues(bad)
    assert issue.rule == "xsd:cvc-maxlength-valid" and issue.line == 1 and issue.xpath == "/*"


def test_remote_import_found_beside_the_schema(tmp_path: Path) -> None:
    (tmp_path / "base.xsd").write_text(BASE, encoding="utf-8")
    entry = tmp_path / "m.xsd"
    entry.write_text(IMPORTING.format(location="http://schemas.test/v1/base.xsd"), encoding="utf-8")
    schema = compile_schema(entry, XmlCatalog())  # the file of that name is beside it
    from lxml import etree

    assert schema.resolver.missing == []
    # the imported type is in force: its length limit decides
    assert schema.validate_tree(etree.ElementTree(etree.fromstring("<m xmlns='urn:t'>ab</m>")))
    assert not schema.validate_tree(
        etree.ElementTree(etree.fromstring("<m xmlns='urn:t'>abcd</m>"))
    )


def test_unresolvable_import_names_the_url(tmp_path: Path) -> None:
    entry = tmp_path / "m.xsd"
    entry.write_text(
        IMPORTING.format(location="https://schemas.test/missing/base.xsd"), encoding="utf-8"
    )
    with pytest.raises(SchemaLoadError) as err:
        compile_schema(entry, XmlCatalog())
    text = str(err.value)
    assert "https://schemas.test/missing/base.xsd" in text and str(entry) in text
    assert "--catalog" in text and "network is never used" in text


def test_resolver_maps_percent_encoded_locations_for_xmlschema() -> None:
    r = LocalResolver(XmlCatalog.from_file(core_catalog_path()))
    assert r.map_uri("urn:kommune-interop%3Axoev%3Acode%3A1").endswith("kommune-code.xsd")
    assert r.map_uri("relative.xsd") == "relative.xsd"


@pytest.mark.parametrize(
    "libxml2, w3c",
    [
        ("SCHEMAV_CVC_COMPLEX_TYPE_2_4", "cvc-complex-type.2.4"),
        ("SCHEMAV_CVC_DATATYPE_VALID_1_2_1", "cvc-datatype-valid.1.2.1"),
        ("SCHEMAV_CVC_AU", "cvc-au"),
        ("SCHEMAV_ELEMENT_CONTENT", "cvc-complex-type.2.4"),
        ("SCHEMAV_MISC", "misc"),
    ],
)
def test_libxml2_error_types_become_w3c_constraint_ids(libxml2: str, w3c: str) -> None:
    assert _constraint_id(libxml2) == w3c
