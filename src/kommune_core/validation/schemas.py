"""XSD compilation (once per process) and the XSD stage.

The fast path is lxml: the schema is compiled once — with ``attribute_defaults`` when later
stages run — so fixed ``listURI``/``listVersionID`` values of XÖV Code types are filled into
the tree for the code-list check. Only a message that fails is validated again with
xmlschema, whose messages say what was expected where; libxml2's constraint id and line are
kept alongside.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import attrs
from lxml import etree

from .resources import LocalResolver, XmlCatalog
from .results import ERROR, WARNING, Issue
from .xsd import detail
from .xsd.gaps import scan_schema
from .xsd.idrefs import IdChecker, derive_table

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
    """One XSD (or schema set) ``path``, compiled once; imports resolve through ``catalog`` and
    the schema's own folder. :meth:`check` returns the XSD issues of a tree (empty when
    valid): libxml2's verdict, completed where the gap analysis (:mod:`.xsd.gaps`) found
    constructs libxml2 gets wrong.

    ``attribute_defaults``: validation fills fixed and default attribute values (XÖV code
    types' ``listURI``/``listVersionID``) into the tree, for the stages after XSD. Without
    them (``--checks xsd``: no later stage) the verdict and the errors are the same and each
    message costs ~2.5 % fewer instructions."""

    def __init__(
        self,
        path: Path | Sequence[Path],
        catalog: XmlCatalog,
        *,
        detail: bool = True,
        attribute_defaults: bool = True,
        cache_dir: str | None = None,
    ) -> None:
        paths = [Path(path)] if isinstance(path, (str, Path)) else [Path(p) for p in path]
        if not paths:
            raise SchemaLoadError("no schema document given")
        self.paths = tuple(paths)
        self.path = paths[0]
        self.resolver = resolver = LocalResolver(
            catalog, folders=tuple(dict.fromkeys(p.parent for p in paths))
        )
        self.detail = detail
        self.cache_dir = cache_dir
        self._xmlschema: Any = None
        self._decls: dict[str, Any] = {}
        self._detail_failures = 0
        #: notes on how this schema is validated (gaps closed, engine), for ``--verbose``
        self.notes: list[str] = []
        parser = resolver.lxml_parser()
        self.engine = "lxml"
        try:
            doc = _driver(self.paths, parser)
            self.xsd: Any = etree.XMLSchema(doc, attribute_defaults=attribute_defaults)
            _drop_temp_drivers()
        except (OSError, etree.XMLSyntaxError) as exc:
            raise SchemaLoadError(f"{self.path}: cannot read schema: {exc}") from None
        except etree.XMLSchemaParseError as exc:
            _drop_temp_drivers()
            if resolver.missing:
                raise SchemaLoadError(self._explain(exc)) from None
            # libxml2 cannot compile it; xmlschema may (e.g. a very large maxOccurs)
            try:
                self._xmlschema_schema()
            except Exception:
                raise SchemaLoadError(self._explain(exc)) from None
            self.engine = "xmlschema"
            self.xsd = None
            self.notes.append(
                f"libxml2 cannot compile the schema ({_first_line(exc)}); "
                "xmlschema validates alone (slower)"
            )
        if resolver.missing:  # libxml2 only warns and skips an import it cannot load
            raise SchemaLoadError(self._explain(None))
        self.gaps = scan_schema(
            [str(p) for p in self.paths], parser, lambda url: resolver.resolve(url)
        )
        self.ids: IdChecker | None = None
        by_xmlschema = list(self.gaps.needs_xmlschema) if self.engine == "lxml" else []
        if self.engine == "lxml" and "id-idref" in self.gaps.categories:
            table = self._id_table()
            if table is None:
                self.notes.append(
                    "ID/IDREF: xmlschema cannot build the schema; IDREFs that "
                    "match no ID are not reported"
                )
            else:
                ids = IdChecker(table)
                if ids.ambiguous:
                    by_xmlschema.append("id-idref")
                elif ids.enabled:
                    self.ids = ids
                    self.notes.append("ID/IDREF: checked on the tree (cvc-id.1, cvc-id.2)")
        self.by_xmlschema = tuple(by_xmlschema)
        for cat in self.by_xmlschema:
            self.notes.append(f"{cat}: libxml2's verdict is checked with xmlschema")
        #: libxml2's verdict alone is the answer (no gap in this schema)
        self.plain = self.engine == "lxml" and self.ids is None and not self.by_xmlschema
        self.validate_tree = self.xsd.validate if self.xsd is not None else self._valid_xs

    def _id_table(self) -> dict[str, Any] | None:
        """Which (parent, element) and (element, attribute) pairs are typed ID/IDREF/IDREFS —
        from xmlschema's model, cached as JSON (keyed like the xmlschema pickle)."""
        import json

        try:
            key = detail.schema_key([str(p) for p in self.paths], self.gaps.documents)
        except Exception:
            return None
        target = detail.cache_file(key, ".ids2.json", self.cache_dir)
        if target is not None and target.is_file():
            try:
                table = json.loads(target.read_text(encoding="utf-8"))
                if isinstance(table, dict) and "elements" in table:
                    return table
            except (OSError, ValueError):
                pass
        try:
            table = derive_table(self._xmlschema_schema())
        except Exception:
            return None
        if target is not None:
            detail.write_atomic(target, json.dumps(table).encode("utf-8"))
        return table

    def _valid_xs(self, tree: etree._ElementTree) -> bool:
        return not self.check(tree)

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

    # -- the XSD stage --------------------------------------------------------------------
    def check(self, tree: etree._ElementTree) -> list[Issue]:
        """All XSD issues of ``tree`` (empty: valid)."""
        if self.engine == "xmlschema":
            return self._by_xmlschema_only(tree)
        try:
            ok = self.xsd.validate(tree)
        except etree.XMLSchemaValidateError as exc:  # libxml2: "Internal error in XML Schema"
            return self._libxml2_failed(tree, exc)
        if self.plain and (ok or tree.getroot().get(_XSI_TYPE) is None):
            return [] if ok else self.issues(tree)
        issues = [] if ok else self.issues(tree)
        if self.ids is not None:
            issues.extend(self.ids.check_valid(tree) if ok else self.ids.check(tree, issues))
        if self.by_xmlschema or (not ok and _xsi_typed_root(tree, issues)):
            issues = self._gap_verdict(tree, ok, issues)
        issues.sort(key=_by_line)  # stable: libxml2's order within a line
        return issues

    def issues(self, tree: etree._ElementTree) -> list[Issue]:
        """The errors of the last failed libxml2 validation, as issues (with xmlschema's
        path-accurate messages where the detail pass is on and within its bounds)."""
        lxml_issues = [
            Issue(
                e.line or None,
                e.column or None,
                e.path or None,
                "xsd:" + _constraint_id(e.type_name),
                ERROR,
                e.message,
            )
            for e in self.xsd.error_log
        ]
        if not self.detail or self._detail_failures >= _DETAIL_FAILURES:
            return lxml_issues
        if len(lxml_issues) > detail.MAX_LXML_ERRORS:
            return _noted(
                lxml_issues,
                f"{len(lxml_issues)} libxml2 errors, more than {detail.MAX_LXML_ERRORS}",
            )
        detailed = self._detailed(tree, lxml_issues)
        return detailed or lxml_issues

    def _detailed(self, tree: etree._ElementTree, lxml_issues: list[Issue]) -> list[Issue]:
        """Messages from xmlschema, which say what was expected where. Only the subtree around
        each libxml2 error is re-validated (the parent of the failing element), against its
        declaration in the schema, within the bounds of :mod:`.xsd.detail`."""
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
            if issue.rule not in _DETAIL_RULES:
                out.append(issue)  # libxml2's message says it all already
                continue
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
            size = detail.count_nodes(scope, detail.MAX_SCOPE_NODES)
            if size > detail.MAX_SCOPE_NODES:
                out.extend(
                    _noted(
                        [
                            i
                            for i in lxml_issues[:_DETAIL_MAX]
                            if i.xpath and issue.xpath and i.xpath.startswith(tree.getpath(scope))
                        ]
                        or [issue],
                        f"the element holds more than {detail.MAX_SCOPE_NODES:,} "
                        "elements and attributes",
                    )
                )
                continue
            try:
                path = _clark_path(scope)
                decl = self._decls.get(path, _MISSING)
                if decl is _MISSING:  # elementpath parses the path each time: keep it
                    decl = self._decls[path] = schema.find(path)
                # the scope's own content model and its children: deeper errors have their
                # own libxml2 issue and scope (max_depth: ~40 % of xmlschema's work)
                errors, complete = (
                    detail.first_errors(decl.iter_errors(scope, max_depth=detail.SCOPE_DEPTH))
                    if decl is not None
                    else ([], True)
                )
            except Exception:
                errors, complete = [], True
            if not errors:
                out.append(issue)
                continue
            for err in errors:
                out.append(detail.to_issue(tree, err, lxml_issues, issue))
            if not complete:
                out[-1] = _noted(
                    [out[-1]],
                    f"more than {detail.MAX_ERRORS} errors in this element; the first are listed",
                )[0]
        if not any(i.rule in _DETAIL_RULES for i in lxml_issues[:_DETAIL_MAX]):
            return lxml_issues
        out.extend(lxml_issues[_DETAIL_MAX:])
        seen: set[tuple[Any, ...]] = set()
        unique = []
        for i in out:
            key = (i.line, i.xpath, i.rule, i.message)
            if key not in seen:
                seen.add(key)
                unique.append(i)
        return unique

    def _gap_verdict(self, tree: etree._ElementTree, ok: bool, issues: list[Issue]) -> list[Issue]:
        """xmlschema's verdict where the schema uses constructs libxml2 gets wrong."""
        root = tree.getroot()
        if not ok and (
            len(issues) > detail.MAX_LXML_ERRORS
            or detail.count_nodes(root, detail.MAX_INVALID_NODES) > detail.MAX_INVALID_NODES
        ):
            # libxml2 rejects it anyway; xmlschema could only clear a false error, and on a
            # message with thousands of errors it takes minutes (one error object each)
            return issues
        if detail.count_nodes(root, detail.MAX_DOCUMENT_NODES) > detail.MAX_DOCUMENT_NODES:
            return [
                *issues,
                self._unchecked(
                    f"the message has more than {detail.MAX_DOCUMENT_NODES:,} nodes, so xmlschema "
                    "did not check it"
                ),
            ]
        try:
            schema = self._xmlschema_schema()
            errors, complete = detail.first_errors(schema.iter_errors(tree))
        except Exception as exc:
            return [*issues, self._unchecked(f"xmlschema failed: {type(exc).__name__}: {exc}")]
        if ok:
            known = {(i.line, i.rule) for i in issues}
            for err in errors:
                new = detail.to_issue(tree, err, issues, None)
                if (new.line, new.rule) not in known:
                    issues.append(new)
            return issues
        if complete and not errors:
            # libxml2 rejects what the specification (and xmlschema) accepts: a pattern it
            # mishandles, an identity constraint it compares lexically, a large maxOccurs
            return []
        return issues

    def _libxml2_failed(self, tree: etree._ElementTree, exc: Exception) -> list[Issue]:
        """libxml2 gave up on this message (an internal error, e.g. with attribute defaults):
        xmlschema validates it instead, with a note."""
        note = Issue(
            None,
            None,
            None,
            "xsd:engine",
            WARNING,
            f"libxml2 could not validate this message ({exc}); xmlschema did",
        )
        try:
            return [*self._by_xmlschema_only(tree), note]
        except Exception as exc2:
            return [
                Issue(
                    None,
                    None,
                    None,
                    "xsd:internal",
                    ERROR,
                    f"neither libxml2 ({exc}) nor xmlschema ({type(exc2).__name__}: "
                    f"{exc2}) could validate this message",
                )
            ]

    def _unchecked(self, why: str) -> Issue:
        return Issue(
            None,
            None,
            None,
            "xsd:gap-unchecked",
            WARNING,
            f"the schema uses {', '.join(self.by_xmlschema) or 'xsi:type'}, which "
            f"libxml2 does not check fully; {why}",
        )

    def _by_xmlschema_only(self, tree: etree._ElementTree) -> list[Issue]:
        schema = self._xmlschema_schema()
        errors, complete = detail.first_errors(schema.iter_errors(tree), detail.MAX_ERRORS)
        out = [detail.to_issue(tree, e, [], None) for e in errors]
        if not complete:
            out = out[:-1] + _noted(
                out[-1:], f"more than {detail.MAX_ERRORS} errors; the first are listed"
            )
        return out

    def _xmlschema_schema(self) -> Any:
        if self._xmlschema is None:
            docs = getattr(self, "gaps", None)
            self._xmlschema = detail.build_xmlschema(
                [str(p) for p in self.paths],
                docs.documents if docs is not None else [p.resolve().as_uri() for p in self.paths],
                self.resolver.map_uri,
                self.cache_dir,
            )
        return self._xmlschema


_MISSING = object()
#: libxml2 errors whose message is incomplete: a content model it stopped checking at the
#: first unexpected child. The others — a fixed value, a facet, a datatype, an attribute not
#: allowed or missing — name the value and the constraint already, and xmlschema (~2 ms a
#: message) would only restate them.
_DETAIL_RULES = frozenset(
    {
        "xsd:cvc-complex-type.2.4",
        "xsd:cvc-complex-type.2.3",
        "xsd:cvc-complex-type.2.2",
        "xsd:cvc-complex-type.2.1",
        "xsd:cvc-elt.1",
        "xsd:cvc-type.2",
        "xsd:cvc-elt.4.2",
        "xsd:cvc-elt.4.3",
    }
)


def _by_line(issue: Issue) -> int:
    return issue.line or 0


def _first_line(exc: Exception) -> str:
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__


def _noted(issues: list[Issue], why: str) -> list[Issue]:
    """libxml2's messages, the first with a note why xmlschema's detail is not there."""
    if not issues:
        return issues
    first = issues[0]
    note = f" [detail: libxml2's message kept — {why}]"
    return [attrs.evolve(first, message=first.message + note), *issues[1:]]


def _xsi_typed_root(tree: etree._ElementTree, issues: list[Issue]) -> bool:
    """An undeclared root that names its type with ``xsi:type``: libxml2 refuses it, the
    specification validates it against that type."""
    return tree.getroot().get(_XSI_TYPE) is not None and any(
        i.rule == "xsd:cvc-elt.1" for i in issues
    )


_XSI_TYPE = "{http://www.w3.org/2001/XMLSchema-instance}type"


def _driver(paths: Sequence[Path], parser: etree.XMLParser) -> etree._ElementTree:
    """The document to compile: the schema itself, or — for a schema *set* — a driver that
    includes (same or no target namespace) and imports (other namespaces) every document.
    libxml2 imports each namespace once, so the documents of a namespace are included by a
    per-namespace driver, held in memory."""
    if len(paths) == 1:
        return etree.parse(str(paths[0]), parser)
    by_ns: dict[str, list[Path]] = {}
    for p in paths:
        root = etree.parse(str(p), parser).getroot()
        by_ns.setdefault(root.get("targetNamespace") or "", []).append(p.resolve())
    xs = "http://www.w3.org/2001/XMLSchema"
    first_ns = etree.parse(str(paths[0]), parser).getroot().get("targetNamespace") or ""
    top = etree.Element(f"{{{xs}}}schema", nsmap={"xs": xs})
    if first_ns:
        top.set("targetNamespace", first_ns)
    for ns, docs in by_ns.items():
        if ns == first_ns or not ns:
            for d in docs:
                if ns == first_ns or not first_ns:
                    etree.SubElement(top, f"{{{xs}}}include", schemaLocation=d.as_uri())
            continue
        if len(docs) == 1:
            etree.SubElement(top, f"{{{xs}}}import", namespace=ns, schemaLocation=docs[0].as_uri())
        else:
            import tempfile

            sub = etree.Element(f"{{{xs}}}schema", nsmap={"xs": xs}, targetNamespace=ns)
            for d in docs:
                etree.SubElement(sub, f"{{{xs}}}include", schemaLocation=d.as_uri())
            fd, name = tempfile.mkstemp(suffix=".xsd", prefix="kommune-set-")
            with os.fdopen(fd, "wb") as fh:
                fh.write(etree.tostring(sub))
            _TEMP_DRIVERS.append(name)
            etree.SubElement(
                top, f"{{{xs}}}import", namespace=ns, schemaLocation=Path(name).as_uri()
            )
    # no-namespace documents under a namespaced driver: a chameleon include would change
    # their namespace, so they are imported without namespace
    if first_ns and "" in by_ns:
        for d in by_ns[""]:
            etree.SubElement(top, f"{{{xs}}}import", schemaLocation=d.as_uri())
    base = paths[0].resolve().parent / "__kommune_schema_set__.xsd"
    return etree.ElementTree(etree.fromstring(etree.tostring(top), parser, base_url=base.as_uri()))


_TEMP_DRIVERS: list[str] = []


def _drop_temp_drivers() -> None:
    while _TEMP_DRIVERS:
        with contextlib.suppress(OSError):
            os.unlink(_TEMP_DRIVERS.pop())


def _clark_path(el: etree._Element) -> str:
    parts = []
    node: etree._Element | None = el
    while node is not None:
        parts.append(node.tag)
        node = node.getparent()
    return "/" + "/".join(reversed(parts))


#: Compile ``path`` (the name callers use; see :class:`CompiledSchema`).
compile_schema = CompiledSchema
