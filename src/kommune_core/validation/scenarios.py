"""Scenario matching (KoSIT style): which scenario applies to a parsed message.

A scenario matches by root element (``{namespace}root``) and, if it names a
``message_type``, by the header's ``nachrichtentyp`` code; or by an XPath ``match``
expression. Root-element scenarios are indexed by tag, so matching costs one dict look-up for
the common case. Scenarios are tried in contribution order; the first match wins (as in the
KoSIT validator). A message that no scenario matches gets ``None`` — reported, never passed.
"""

from __future__ import annotations

from collections.abc import Iterable

from lxml import etree

from ..domain.exchange import Scenario
from .results import ERROR, Issue

__all__ = ["HEADER_TYPE_PATH", "ScenarioError", "ScenarioMatcher", "message_type_element"]

#: The header's message type Code, for the core header and XÖV's Nachrichtenkopf G2G alike:
#: ``<root><nachrichtenkopf…><identifikation.nachricht><nachrichtentyp>``.
HEADER_TYPE_PATH = "*/{*}identifikation.nachricht/{*}nachrichtentyp"


class ScenarioError(ValueError):
    """A scenario whose ``match`` XPath does not compile; names the scenario."""


def message_type_element(root: etree._Element) -> etree._Element | None:
    # Fast path: the header is the root's first element and its parts are unqualified (XÖV
    # "unqualified" Basisnachricht); otherwise the namespace-agnostic (slower) search.
    for head in root.iterchildren("*"):
        hit = head.find("identifikation.nachricht/nachrichtentyp")
        if hit is not None:
            return hit
        break
    return root.find(HEADER_TYPE_PATH)


def message_type(root: etree._Element) -> str | None:
    el = message_type_element(root)
    if el is None:
        return None
    code = el.findtext("code")
    return code.strip() if code else None


class ScenarioMatcher:
    """Picks the scenario for a root element. Build once, call :meth:`match` per message."""

    def __init__(self, scenarios: Iterable[Scenario]) -> None:
        self.scenarios = tuple(scenarios)
        self._by_tag: dict[str, list[tuple[int, Scenario]]] = {}
        self._by_xpath: list[tuple[int, Scenario, etree.XPath]] = []
        for order, sc in enumerate(self.scenarios):
            if sc.match is not None:
                try:
                    xp = etree.XPath(sc.match, namespaces=dict(sc.namespaces))
                except etree.XPathSyntaxError as exc:
                    raise ScenarioError(
                        f"scenario {sc.id!r}: match XPath {sc.match!r} does not compile: {exc}"
                    ) from None
                self._by_xpath.append((order, sc, xp))
            else:
                tag = f"{{{sc.namespace}}}{sc.root}" if sc.namespace else str(sc.root)
                self._by_tag.setdefault(tag, []).append((order, sc))

    def match(self, root: etree._Element) -> Scenario | None:
        best: tuple[int, Scenario] | None = None
        candidates = self._by_tag.get(root.tag)
        if candidates:
            mtype: str | bool | None = False  # not looked up yet
            for order, sc in candidates:
                if sc.message_type is not None:
                    if mtype is False:
                        mtype = message_type(root)
                    if mtype != sc.message_type:
                        continue
                best = (order, sc)
                break
        for order, sc, xp in self._by_xpath:
            if best is not None and order > best[0]:
                break
            try:
                hit = xp(root)
            except etree.XPathEvalError:
                continue
            if (
                hit is True
                or (isinstance(hit, list) and hit)
                or (isinstance(hit, float | str) and bool(hit))
            ):
                best = (order, sc)
                break
        return best[1] if best else None

    def explain_no_match(self, root: etree._Element) -> str:
        """Why nothing matched — for the "no scenario" finding."""
        qn = etree.QName(root)
        ns = f"{{{qn.namespace}}}" if qn.namespace else ""
        if self._by_tag.get(root.tag):
            wanted = sorted({sc.message_type or "" for _, sc in self._by_tag[root.tag]})
            return (
                f"no scenario matches root element {ns}{qn.localname} with message type "
                f"{message_type(root)!r} (scenarios for this element expect: "
                f"{', '.join(wanted)})"
            )
        known = sorted({sc.root or sc.match or "" for sc in self.scenarios})
        hint = f"; known roots: {', '.join(known[:8])}" if known else "; no scenarios installed"
        return f"no scenario matches root element {ns}{qn.localname}{hint}"

    def no_match(self, tree: etree._ElementTree) -> Issue:
        """The "no scenario" finding for a message nothing matched, at its root element."""
        root = tree.getroot()
        why = self.explain_no_match(root)
        return Issue(root.sourceline, None, tree.getpath(root), "scenario:none", ERROR, why)
