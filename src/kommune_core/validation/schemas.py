"""XSD compilation (once per process) and the XSD stage.

The fast path is lxml: the schema is compiled once — with ``attribute_defaults`` when later
stages run — so fixed ``listURI``/``listVersionID`` values of XÖV Code types are filled into
the tree for the code-list check. Only a message that fails is validated again with
xmlschema, whose messages say what was expected where; libxml2's constraint id and line are
kept alongside.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from lxml import etree

from .resources import LocalResolver, XmlCatalog
from .results import ERROR, Issue

__all__ = ["CompiledSchema", "SchemaLoadError", "compile_schema"]

_CVC = re.compile(r"^SCHEMAV_(CVC_[A-Z0-9_]+)$")
#: Stop re-validating with xmlschema after this many messages without a gain (e.g. a schema
#: xmlschema cannot build); libxml2's messages are used then.
_DETAIL_FAILURES = 3
#: Re-validate around at most this many libxml2 errors per message.
_DETAIL_MAX = 10


class SchemaLoadError(ValueError):
    """A schema that cannot be compiled; the message names the file and any import that
    could not be resolved locally (with its URL)."""


#: libxml2 error types that are not named after the W3C constraint they report.
_LIBXML2_ALIASES = {
    "SCHEMAV_ELEMENT_CONTENT": "cvc-complex-type.2.4",
    "SCHEMAV_NOROOT": "cvc-elt.1",
    "SCHEMAV_UNDECLAREDELEM": "cvc-elt.1",
    "SCHEMAV_NOTNILLABLE": "cvc-elt.3.1",
}


def _constraint_id(type_name: str) -> str:
    """libxml2's ``SCHEMAV_CVC_COMPLEX_TYPE_2_4`` → the W3C id ``cvc-complex-type.2.4``."""
    if type_name in _LIBXML2_ALIASES:
        return _LIBXML2_ALIASES[type_name]
    m = _CVC.match(type_name)
    if m:
        words: list[str] = []
        nums: list[str] = []
        for part in m.group(1).lower().split("_"):
            (nums if part.isdigit() or nums else words).append(part)
        return "-".join(words) + ("." + ".".join(nums) if nums else "")
    return type_name.lower().removeprefix("schemav_").replace("_", "-") or "invalid"


class CompiledSchema:
    """One XSD, compiled once. ``validate(tree)`` returns the XSD issues (empty when valid)."""

    def __init__(self, path: Path, resolver: LocalResolver, *, detail: bool = True,
                 attribute_defaults: bool = True) -> None:
        self.path = path
        self.resolver = resolver
        self.detail = detail
        self._xmlschema: Any = None
        self._detail_failures = 0
        parser = resolver.lxml_parser()
        try:
            doc = etree.parse(str(path), parser)
        except (OSError, etree.XMLSyntaxError) as exc:
            raise SchemaLoadError(f"{path}: cannot read schema: {exc}") from None
        try:
            self.xsd = etree.XMLSchema(doc, attribute_defaults=attribute_defaults)
        except etree.XMLSchemaParseError as exc:
            raise SchemaLoadError(self._explain(exc)) from None
        if resolver.missing:  # libxml2 only warns and skips an import it cannot load
            raise SchemaLoadError(self._explain(None))
        self.validate_tree = self.xsd.validate

    def _explain(self, exc: etree.XMLSchemaParseError | None) -> str:
        lines = [f"{self.path}: schema cannot be compiled"]
        for url, base in self.resolver.missing:
            where = f" (referenced from {base})" if base else ""
            lines.append(
                f"  import {url!r}{where} could not be resolved locally; map it in an XML "
                "catalog (--catalog) or place the file beside the schema — the network is "
                "never used"
            )
        for entry in list(exc.error_log)[:5] if exc is not None else ():
            lines.append(f"  {entry.filename}:{entry.line}: {entry.message}")
        return "\n".join(lines)

    def issues(self, tree: etree._ElementTree) -> list[Issue]:
        """The errors of the last failed :meth:`validate_tree` call, as issues."""
        entries = [e for e in self.xsd.error_log]
        lxml_issues = [
            Issue(e.line or None, e.column or None, e.path or None,
                  "xsd:" + _constraint_id(e.type_name), ERROR, e.message)
            for e in entries
        ]
        if not self.detail or self._detail_failures >= _DETAIL_FAILURES:
            return lxml_issues
        detailed = self._detailed(tree, lxml_issues)
        return detailed or lxml_issues

    def _detailed(self, tree: etree._ElementTree, lxml_issues: list[Issue]) -> list[Issue]:
        """Messages from xmlschema, which say what was expected where. Only the subtree around
        each libxml2 error is re-validated (the parent of the failing element), against its
        declaration in the schema — a whole-document re-validation costs milliseconds."""
        try:
            schema = self._xmlschema_schema()
        except Exception:  # xmlschema cannot build this schema: keep libxml2's messages
            self._detail_failures = _DETAIL_FAILURES
            return []
        root = tree.getroot()
        nsmap = {k: v for k, v in root.nsmap.items() if k}
        out: list[Issue] = []
        done: set[Any] = set()
        for issue in lxml_issues[:_DETAIL_MAX]:
            try:
                found = tree.xpath(issue.xpath, namespaces=nsmap) if issue.xpath else []
            except etree.XPathError:
                found = []
            if not found or not isinstance(found[0], etree._Element):
                out.append(issue)
                continue
            el = found[0]
            scope = el.getparent() if el.getparent() is not None else el
            if scope in done:
                continue
            done.add(scope)
            try:
                decl = schema.find(_clark_path(scope))
                errors = list(decl.iter_errors(scope)) if decl is not None else []
            except Exception:
                errors = []
            if not errors:
                out.append(issue)
                continue
            for err in errors:
                out.append(self._from_xmlschema(tree, err, lxml_issues, issue))
        out.extend(lxml_issues[_DETAIL_MAX:])
        return out

    @staticmethod
    def _from_xmlschema(tree: etree._ElementTree, err: Any, lxml_issues: list[Issue],
                        fallback: Issue) -> Issue:
        elem = getattr(err, "elem", None)
        index = getattr(err, "index", None)
        if isinstance(elem, etree._Element) and isinstance(index, int) and 0 <= index < len(elem):
            # a content-model error: point at the offending child, not at its parent
            child = elem[index]
            if isinstance(child.tag, str):
                elem = child
        line = getattr(elem, "sourceline", None) or getattr(err, "sourceline", None)
        xpath = tree.getpath(elem) if isinstance(elem, etree._Element) else fallback.xpath
        twin = next((i for i in lxml_issues if i.line == line), None)
        if twin is None:
            twin = next((i for i in lxml_issues if i.xpath and xpath
                         and i.xpath.startswith(xpath)), fallback)
        reason = (err.reason or err.message or "").strip()
        value = err.obj if isinstance(err.obj, str) else None
        if value is not None and value not in reason and len(value) <= 200:
            reason += f" (value {value!r})"
        return Issue(line, twin.column if twin.line == line else None, xpath, twin.rule,
                     ERROR, reason)

    def _xmlschema_schema(self) -> Any:
        if self._xmlschema is None:
            import warnings

            import xmlschema

            with warnings.catch_warnings():
                # lxml compiled this schema already; xmlschema's notes on imports it skips
                # (e.g. an annotation-only namespace) are noise here
                warnings.simplefilter("ignore")
                self._xmlschema = xmlschema.XMLSchema(
                    str(self.path), uri_mapper=self.resolver.map_uri, allow="local",
                    defuse="always",
                )
        return self._xmlschema


def _clark_path(el: etree._Element) -> str:
    parts = []
    node: etree._Element | None = el
    while node is not None:
        parts.append(node.tag)
        node = node.getparent()
    return "/" + "/".join(reversed(parts))


def compile_schema(path: Path, catalog: XmlCatalog, *, detail: bool = True,
                   attribute_defaults: bool = True) -> CompiledSchema:
    """Compile ``path``; imports resolve through ``catalog`` and the schema's own folder.

    ``attribute_defaults``: validation fills fixed and default attribute values (XÖV code
    types' ``listURI``/``listVersionID``) into the tree, for the stages after XSD. Without
    them (``--checks xsd``: no later stage) the verdict and the errors are the same and each
    message costs ~2.5 % fewer instructions."""
    resolver = LocalResolver(catalog, folders=(path.parent,))
    return CompiledSchema(path, resolver, detail=detail, attribute_defaults=attribute_defaults)
