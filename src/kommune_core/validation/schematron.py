"""The Schematron stage, compiled once per process.

Two engines with the same findings:

* **XPath engine** (the fast path): the ISO Schematron's rule contexts and assert/report tests
  are compiled once into ``lxml.etree.XPath`` objects and evaluated directly on the message —
  no XSLT run, no SVRL document. Per message this costs a few XPath evaluations instead of a
  full XSLT transform (measured: ~20× faster for the plugins' rules).
* **isoschematron** (lxml's reference implementation, XSLT 1.0 skeleton): used for schemas
  with features the XPath engine does not cover (``include``, abstract patterns or rules,
  ``extends``, phases), and in tests as the oracle the XPath engine must agree with.
* **Saxon** (XSLT 2.0/3.0, optional dependency ``saxonche``, loaded only here): for
  ``queryBinding="xslt2"``/``"xslt3"`` schemas (compiled to XSLT 2.0 by
  :mod:`.kosit.sch_compile`) and for precompiled Schematron stylesheets (``.xsl``/``.xslt``,
  as KoSIT configurations ship them); their SVRL becomes issues as for isoschematron.

Each finding becomes an issue with the assert's ``id`` as rule (``sch:<id>``), its ``role``
(or ``flag``) as severity and the line and XPath of the context node.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from lxml import etree

from ..xml.parsers import hardened_parser
from .results import ERROR, WARNING, Issue
from .schemas import SchemaLoadError

__all__ = ["CompiledSchematron", "svrl_findings"]

SCH = "http://purl.oclc.org/dsdl/schematron"
SVRL = "http://purl.oclc.org/dsdl/svrl"
_FINDINGS = (f"{{{SVRL}}}failed-assert", f"{{{SVRL}}}successful-report")
_WARNING_ROLES = frozenset({"warning", "warn", "info", "information", "hint"})
_UNSUPPORTED = ("include", "extends", "phase")


class _Unsupported(Exception):
    """The schema uses a feature only the isoschematron engine handles."""


def _severity(el: etree._Element) -> str:
    role = (el.get("role") or el.get("flag") or "error").lower()
    return WARNING if role in _WARNING_ROLES else ERROR


def _truthy(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, float):
        return value == value and value != 0.0
    if isinstance(value, str | list):
        return len(value) > 0
    return bool(value)


def _split_union(pattern: str) -> list[str]:
    """Top-level ``|`` alternatives of an XSLT pattern (not inside [], () or quotes)."""
    parts, depth, quote, start = [], 0, "", 0
    for i, ch in enumerate(pattern):
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch in "[(":
            depth += 1
        elif ch in "])":
            depth -= 1
        elif ch == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
    parts.append(pattern[start:])
    return [p.strip() for p in parts if p.strip()]


def _context_xpath(pattern: str) -> str:
    """An XSLT match pattern as an XPath selecting every node it matches."""
    return " | ".join(p if p.startswith("/") else "//" + p for p in _split_union(pattern))


class _Test:
    """One ``assert`` (fails when false) or ``report`` (fires when true)."""

    def __init__(self, el: etree._Element, ns: dict[str, str]) -> None:
        self.is_assert = etree.QName(el).localname == "assert"
        self.test_src = el.get("test") or "true()"
        self.test = etree.XPath(self.test_src, namespaces=ns)
        self.rule = "sch:" + (el.get("id") or self.test_src)
        self.severity = _severity(el)
        self.el, self.ns = el, ns

    def message(self, node: Any, variables: dict[str, Any]) -> str:
        parts: list[str] = [self.el.text or ""]
        for child in self.el:
            local = etree.QName(child).localname if isinstance(child.tag, str) else ""
            if local == "value-of":
                got = etree.XPath(f"string({child.get('select')})", namespaces=self.ns)(
                    node, **variables
                )
                parts.append(str(got))
            elif local == "name":
                sel = child.get("path")
                if sel:
                    parts.append(str(etree.XPath(f"name({sel})", namespaces=self.ns)(node)))
                else:
                    parts.append(
                        etree.QName(node).localname if isinstance(node, etree._Element) else ""
                    )
            else:
                parts.append("".join(child.itertext()) if isinstance(child.tag, str) else "")
            parts.append(child.tail or "")
        return " ".join("".join(parts).split()) or f"failed: {self.test_src}"


class _Rule:
    def __init__(self, el: etree._Element, ns: dict[str, str]) -> None:
        if el.get("abstract") == "true":
            raise _Unsupported("abstract rule")
        ctx = el.get("context")
        if not ctx:
            raise _Unsupported("rule without context")
        self.context = etree.XPath(_context_xpath(ctx), namespaces=ns)
        self.lets: list[tuple[str, etree.XPath]] = []
        self.tests: list[_Test] = []
        for child in el:
            if not isinstance(child.tag, str):
                continue
            local = etree.QName(child).localname
            if local == "let":
                self.lets.append(
                    (
                        child.get("name") or "",
                        etree.XPath(child.get("value") or "''", namespaces=ns),
                    )
                )
            elif local in ("assert", "report"):
                self.tests.append(_Test(child, ns))
            elif local in _UNSUPPORTED:
                raise _Unsupported(local)
        self.combined = self._combine(ns)

    def _combine(self, ns: dict[str, str]) -> etree.XPath | None:
        """All tests of the rule as one XPath returning the indexes of those that fire
        (``"0,2,"``): one evaluation per context node instead of one per test."""
        if not self.tests:
            return None
        parts = []
        for i, t in enumerate(self.tests):
            fires = f"not(boolean({t.test_src}))" if t.is_assert else f"boolean({t.test_src})"
            token = f"{i},"
            parts.append(f"substring('{token}', 1, {len(token)} * number({fires}))")
        expr = f"concat({', '.join(parts)}, '')"
        try:
            return etree.XPath(expr, namespaces=ns)
        except etree.XPathSyntaxError:  # e.g. a test that only works on its own
            return None


class _XPathEngine:
    def __init__(self, doc: etree._ElementTree) -> None:
        root = doc.getroot()
        if root.tag != f"{{{SCH}}}schema":
            raise _Unsupported("not an ISO Schematron schema")
        if (root.get("queryBinding") or "xslt").lower() not in ("xslt", "xslt1", "xpath"):
            raise _Unsupported(f"queryBinding {root.get('queryBinding')}")
        if root.get("defaultPhase"):
            raise _Unsupported("phases")
        for local in _UNSUPPORTED:
            if root.find(f".//{{{SCH}}}{local}") is not None:
                raise _Unsupported(local)
        if root.find(f"{{{SCH}}}let") is not None:
            raise _Unsupported("schema-level let")
        self.ns = {el.get("prefix", ""): el.get("uri", "") for el in root.iter(f"{{{SCH}}}ns")}
        self.patterns: list[list[_Rule]] = []
        for pattern in root.iter(f"{{{SCH}}}pattern"):
            if pattern.get("abstract") == "true" or pattern.get("is-a"):
                raise _Unsupported("abstract pattern")
            if pattern.find(f"{{{SCH}}}let") is not None:
                raise _Unsupported("pattern-level let")
            self.patterns.append([_Rule(r, self.ns) for r in pattern.iter(f"{{{SCH}}}rule")])

    def check(self, tree: etree._ElementTree, kinds: list[bool] | None = None) -> list[Issue]:
        issues: list[Issue] = []
        for rules in self.patterns:
            fired: set[Any] = set()  # a node fires at most one rule per pattern
            for rule in rules:
                for node in rule.context(tree):
                    if node in fired:
                        continue
                    fired.add(node)
                    variables = {name: xp(node) for name, xp in rule.lets}
                    if rule.combined is not None:
                        fired_tests = rule.combined(node, **variables)
                        if not fired_tests:
                            continue
                        tests = [rule.tests[int(i)] for i in fired_tests.split(",") if i]
                    else:
                        tests = [
                            t
                            for t in rule.tests
                            if _truthy(t.test(node, **variables)) != t.is_assert
                        ]
                    for t in tests:
                        issues.append(
                            _issue(tree, node, t.rule, t.severity, t.message(node, variables))
                        )
                        if kinds is not None:
                            kinds.append(t.is_assert)
        return issues


def _issue(tree: etree._ElementTree, node: Any, rule: str, severity: str, message: str) -> Issue:
    el = node if isinstance(node, etree._Element) else getattr(node, "getparent", lambda: None)()
    if isinstance(el, etree._Element):
        return Issue(el.sourceline, None, tree.getpath(el), rule, severity, message)
    return Issue(None, None, None, rule, severity, message)


_XSLT2_BINDINGS = ("xslt2", "xslt3", "xpath2", "xpath3", "xpath31")
_STYLESHEET_SUFFIXES = (".xsl", ".xslt")


def _xpath1_location(location: str) -> str:
    """An SVRL location as lxml's XPath 1.0 can evaluate it: the XSLT 2 skeletons write
    ``*:name[namespace-uri()='…']`` steps."""
    return _STAR_STEP.sub(r"*[local-name()='\1' and namespace-uri()='\2']", location)


_STAR_STEP = re.compile(r"\*:([^\[/]+)\[namespace-uri\(\)='([^']*)'\]")


def svrl_findings(tree: etree._ElementTree, svrl: etree._Element) -> list[tuple[Issue, bool]]:
    """The failed asserts and successful reports of an SVRL document as issues, each with
    ``True`` for a failed assert (``False``: a successful report)."""
    out: list[tuple[Issue, bool]] = []
    for el in svrl.iter(*_FINDINGS):
        location = el.get("location") or ""
        node: Any = None
        if location:
            try:
                hit = tree.xpath(_xpath1_location(location))
            except etree.XPathError:
                hit = []
            node = hit[0] if isinstance(hit, list) and hit else None
        text = " ".join("".join(t.itertext()) for t in el.iter(f"{{{SVRL}}}text"))
        message = " ".join(text.split()) or f"failed: {el.get('test')}"
        rule = "sch:" + (el.get("id") or el.get("test") or "unnamed")
        is_assert = el.tag == _FINDINGS[0]
        if node is None:
            out.append(
                (Issue(None, None, location or None, rule, _severity(el), message), is_assert)
            )
        else:
            out.append((_issue(tree, node, rule, _severity(el), message), is_assert))
    return out


class _SaxonEngine:
    """A Schematron stylesheet (precompiled ``.xsl`` or compiled from an XSLT 2/3
    Schematron) run by Saxon; its SVRL output is read back."""

    def __init__(self, path: Path, doc: etree._ElementTree | None) -> None:
        from .kosit.saxon import SaxonError, Stylesheet

        try:
            if doc is None:
                self.sheet = Stylesheet(path)
            else:
                from .kosit.sch_compile import compile_to_xslt

                self.sheet = Stylesheet(text=compile_to_xslt(path, doc), base=path)
        except SaxonError as exc:
            raise SchemaLoadError(str(exc)) from None

    def findings(
        self, tree: etree._ElementTree, file: str | None = None
    ) -> list[tuple[Issue, bool]]:
        return svrl_findings(tree, self.svrl(tree, file))

    def svrl(
        self, tree: etree._ElementTree, file: str | None = None, node: Any = None
    ) -> etree._Element:
        from .kosit.saxon import from_lxml

        out = self.sheet.transform(node if node is not None else from_lxml(tree, file))
        parser = hardened_parser(huge=True)
        return etree.fromstring(out.encode("utf-8"), parser)


class CompiledSchematron:
    """``check(tree)`` → issues. ``engine``: ``auto`` (XPath engine where it applies),
    ``xpath`` (fail if it does not) or ``iso`` (lxml's isoschematron). A ``.xsl``/``.xslt``
    file (a compiled Schematron) and a schema with ``queryBinding`` xslt2/xslt3 always run
    on Saxon (``engine == "saxon"``)."""

    def __init__(self, path: Path, engine: str = "auto") -> None:
        self.path = path
        self.name = path.name
        self._iso: Any = None
        self._fast: _XPathEngine | None = None
        self._saxon: _SaxonEngine | None = None
        self.fallback_reason = ""
        if path.suffix.lower() in _STYLESHEET_SUFFIXES:
            if not path.is_file():
                raise SchemaLoadError(f"{path}: Schematron stylesheet not found")
            self._saxon = _SaxonEngine(path, None)
            self.engine = "saxon"
            return
        parser = hardened_parser()
        try:
            self.doc = etree.parse(str(path), parser)
        except (OSError, etree.XMLSyntaxError) as exc:
            raise SchemaLoadError(f"{path}: Schematron cannot be read: {exc}") from None
        binding = (self.doc.getroot().get("queryBinding") or "xslt").lower()
        if binding in _XSLT2_BINDINGS:
            self._saxon = _SaxonEngine(path, self.doc)
            self.engine = "saxon"
            return
        if binding not in ("xslt", "xslt1", "xpath"):
            raise SchemaLoadError(
                f"{path}:{self.doc.getroot().sourceline}: Schematron "
                f"queryBinding {binding!r} is not supported (xslt, xslt2, "
                "xslt3)"
            )
        if engine in ("auto", "xpath"):
            try:
                self._fast = _XPathEngine(self.doc)
            except _Unsupported as exc:
                if engine == "xpath":
                    raise SchemaLoadError(f"{path}: XPath engine cannot run it: {exc}") from None
                self.fallback_reason = str(exc)
            except (etree.XPathSyntaxError, etree.XPathEvalError) as exc:
                raise SchemaLoadError(f"{path}: Schematron XPath does not compile: {exc}") from None
        if self._fast is None:
            self._iso_engine()
        self.engine = "xpath" if self._fast is not None else "iso"

    def _iso_engine(self) -> Any:
        if self._iso is None:
            from lxml import isoschematron  # loads libxslt's skeleton; only when needed

            try:
                self._iso = isoschematron.Schematron(
                    self.doc,
                    store_report=True,
                    error_finder=isoschematron.Schematron.ASSERTS_AND_REPORTS,
                )
            except (etree.SchematronParseError, etree.XSLTParseError) as exc:
                raise SchemaLoadError(
                    f"{self.path}: Schematron cannot be compiled: {exc}"
                ) from None
        return self._iso

    def check(self, tree: etree._ElementTree, file: str | None = None) -> list[Issue]:
        if self._fast is not None:
            return self._fast.check(tree)
        if self._saxon is not None:
            return [issue for issue, _ in self._saxon.findings(tree, file)]
        return self.check_iso(tree)

    def svrl(
        self, tree: etree._ElementTree, file: str | None = None, node: Any = None
    ) -> etree._Element:
        """The SVRL document of a Saxon-run schema (``engine == "saxon"`` only); ``node``:
        the document already in Saxon (else ``tree`` is handed over)."""
        if self._saxon is None:
            raise TypeError(f"{self.path}: SVRL is kept for the Saxon engine only")
        return self._saxon.svrl(tree, file, node)

    def findings(
        self, tree: etree._ElementTree, file: str | None = None
    ) -> list[tuple[Issue, bool]]:
        """As :meth:`check`, each issue with ``True`` when it is a failed assert (``False``:
        a successful report) — the KoSIT validator's acceptance counts failed asserts only."""
        if self._saxon is not None:
            return self._saxon.findings(tree, file)
        if self._fast is not None:
            kinds: list[bool] = []
            issues = self._fast.check(tree, kinds)
            return list(zip(issues, kinds, strict=True))
        iso = self._iso_engine()
        if iso.validate(tree):
            return []
        return svrl_findings(tree, iso.validation_report.getroot())

    def check_iso(self, tree: etree._ElementTree) -> list[Issue]:
        iso = self._iso_engine()
        if iso.validate(tree):
            return []
        return [issue for issue, _ in svrl_findings(tree, iso.validation_report.getroot())]
