"""Scenario matching: root element + namespace, message type, XPath, order, and "no scenario"."""

from __future__ import annotations

import pytest
from lxml import etree

from kommune_core.domain import Scenario
from kommune_core.validation.scenarios import (
    ScenarioError,
    ScenarioMatcher,
    message_type,
    message_type_element,
)

NS = "urn:test:nachrichten"


def msg(
    root: str = "antrag.einreichen.1010", mtype: str | None = "1010", ns: str = NS
) -> etree._Element:
    header = ""
    if mtype is not None:
        header = (
            f"<nachrichtenkopf><identifikation.nachricht><nachrichtenUUID>x</nachrichtenUUID>"
            f"<nachrichtentyp listURI='urn:t'><code>{mtype}</code></nachrichtentyp>"
            f"</identifikation.nachricht></nachrichtenkopf>"
        )
    return etree.fromstring(f"<t:{root} xmlns:t='{ns}'>{header}<t:body/></t:{root}>")


def sc(id: str, **kw) -> Scenario:  # type: ignore[no-untyped-def]
    kw.setdefault("namespace", NS)
    return Scenario(id=id, title=id, schema="s", **kw)


def test_matches_by_root_element_and_namespace() -> None:
    m = ScenarioMatcher([sc("a", root="antrag.einreichen.1010"), sc("b", root="other")])
    assert m.match(msg()).id == "a"
    assert m.match(msg(root="other")).id == "b"


def test_namespace_must_match_too() -> None:
    m = ScenarioMatcher([sc("a", root="antrag.einreichen.1010")])
    assert m.match(msg(ns="urn:other")) is None


def test_message_type_selects_among_scenarios_for_the_same_root() -> None:
    m = ScenarioMatcher(
        [
            sc("t1", root="antrag.einreichen.1010", message_type="1010"),
            sc("t2", root="antrag.einreichen.1010", message_type="2020"),
        ]
    )
    assert m.match(msg(mtype="1010")).id == "t1"
    assert m.match(msg(mtype="2020")).id == "t2"
    assert m.match(msg(mtype="9999")) is None
    assert m.match(msg(mtype=None)) is None


def test_no_scenario_is_explained_with_the_expected_types() -> None:
    m = ScenarioMatcher([sc("t1", root="antrag.einreichen.1010", message_type="1010")])
    why = m.explain_no_match(msg(mtype="9999"))
    assert "'9999'" in why and "1010" in why and "antrag.einreichen.1010" in why


def test_no_scenario_for_an_unknown_root_lists_known_roots() -> None:
    m = ScenarioMatcher([sc("a", root="antrag.einreichen.1010")])
    why = m.explain_no_match(msg(root="fremd"))
    assert "fremd" in why and "antrag.einreichen.1010" in why
    assert "no scenarios installed" in ScenarioMatcher([]).explain_no_match(msg())


def test_xpath_match_with_namespaces() -> None:
    m = ScenarioMatcher(
        [sc("x", match="/t:antrag.einreichen.1010[t:body]", namespaces=(("t", NS),))]
    )
    assert m.match(msg()).id == "x"
    assert m.match(msg(root="other")) is None


def test_first_contributed_scenario_wins_across_kinds() -> None:
    first = sc("x", match="/*", namespaces=())
    second = sc("a", root="antrag.einreichen.1010")
    assert ScenarioMatcher([first, second]).match(msg()).id == "x"
    assert ScenarioMatcher([second, first]).match(msg()).id == "a"


def test_a_broken_xpath_is_a_scenario_error_naming_the_scenario() -> None:
    with pytest.raises(ScenarioError, match="'bad'"):
        ScenarioMatcher([sc("bad", match="/t:[")])


def test_message_type_of_the_header_qualified_or_not() -> None:
    assert message_type(msg(mtype="1020")) == "1020"
    qualified = etree.fromstring(
        "<r xmlns='urn:q'><kopf><identifikation.nachricht><nachrichtentyp><code> 77 </code>"
        "</nachrichtentyp></identifikation.nachricht></kopf></r>"
    )
    assert message_type_element(qualified) is not None
    assert message_type(qualified) is None  # the Code's own child is unqualified in XÖV
    assert message_type(etree.fromstring("<r/>")) is None


def test_plugins_contribute_scenarios_for_both_laender(catalog) -> None:  # type: ignore[no-untyped-def]
    assert {"th.antrag", "th.bindung", "sn.antrag", "sn.bindung"} <= set(catalog.scenarios)
    assert catalog.plugin_of("Scenario", "th.antrag") == "thueringen"
    assert catalog.plugin_of("Scenario", "sn.bindung") == "sachsen"
