"""The gap analysis: which constructs a schema set uses that libxml2 gets wrong.

libxml2 (through lxml) is the fast path, and on most schemas it agrees with the XSD 1.0
specification. Where it does not, the schema itself says so: an ``xs:ID``/``xs:IDREF``/
``xs:IDREFS`` type (libxml2 never reports an IDREF that matches no ID, nor duplicate IDs in
element content), ``fixed`` on an attribute *reference* (ignored), a pattern with a negated
property ``\\P{..}`` or a class subtraction ``[a-z-[aeiou]]`` (mishandled), identity
constraints (``xs:key``/``xs:keyref``/``xs:unique`` compare lexical forms, not values), a
very large ``maxOccurs`` (compiled into a counting automaton that libxml2 gets wrong or gives
up on). This module reads the schema documents themselves — every document of the set, through
the same resolver the compilation uses — with lxml, in milliseconds (xmlschema needs seconds
to build a real XÖV schema, so it is only built when a gap needs it).

The result, :class:`SchemaGaps`, names the categories found and carries what the cheap
checks need: the element and attribute names whose type derives from ``xs:ID``/``xs:IDREF``/
``xs:IDREFS`` (for :mod:`.idrefs`).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlparse

import attrs
from lxml import etree

__all__ = ["ID_KINDS", "SchemaGaps", "scan_schema"]

XS = "http://www.w3.org/2001/XMLSchema"
_XS = f"{{{XS}}}"
#: the kinds of ID-ness a simple type can have: "ID", "IDREF", "IDREFS" (a list of IDREF) and
#: "IDS" (a list of ID)
ID_KINDS = ("ID", "IDREF", "IDREFS", "IDS")
_BUILTIN_KINDS = {"ID": "ID", "IDREF": "IDREF", "IDREFS": "IDREFS"}
#: maxOccurs above this compiles into counters libxml2 mishandles (and costs its compile time)
LARGE_MAX_OCCURS = 5_000
#: patterns libxml2's regex engine gets wrong: \P{..} (negated property), [..-[..]]
#: (class subtraction), \p{Is..} block escapes
_RISKY_PATTERN = re.compile(r"\\P\{|\[[^\]]*-\[|\\p\{Is")

#: builtin types whose values are their lexical forms (after whitespace handling)
_STRING_LIKE = frozenset(
    {
        "string",
        "normalizedString",
        "token",
        "anyURI",
        "Name",
        "NCName",
        "NMTOKEN",
        "language",
        "ID",
        "IDREF",
        "ENTITY",
        "anyType",
        "anySimpleType",
    }
)

#: categories whose gaps a cheap check on the lxml tree closes (no xmlschema needed)
CHEAP = frozenset({"id-idref"})


@attrs.frozen
class SchemaGaps:
    """What :func:`scan_schema` found in a schema set."""

    documents: tuple[str, ...] = ()
    #: (clark name, kind) of element declarations whose type derives from ID/IDREF/IDREFS
    id_elements: tuple[tuple[str, str], ...] = ()
    #: (clark name, kind) of attribute declarations whose type derives from ID/IDREF/IDREFS
    id_attributes: tuple[tuple[str, str], ...] = ()
    #: names declared both with an ID-ish type and another type (or a union holding an ID
    #: type): the name alone does not tell the type (:mod:`.idrefs` keys by parent, too)
    id_ambiguous: tuple[str, ...] = ()
    #: attribute references with a fixed value: (clark name, value)
    fixed_refs: tuple[tuple[str, str], ...] = ()
    identity_constraints: int = 0
    #: patterns libxml2 mishandles, as written
    patterns: tuple[str, ...] = ()
    large_max_occurs: tuple[int, ...] = ()
    #: schema documents given (a schema set); all are loaded
    roots: int = 1

    @property
    def categories(self) -> tuple[str, ...]:
        """The gap categories, in a fixed order: ``id-idref``, ``fixed-value``,
        ``identity-constraint``, ``pattern``, ``large-maxoccurs``, ``multi-document``."""
        out = []
        if self.id_elements or self.id_attributes or self.id_ambiguous:
            out.append("id-idref")
        if self.fixed_refs:
            out.append("fixed-value")
        if self.identity_constraints:
            out.append("identity-constraint")
        if self.patterns:
            out.append("pattern")
        if self.large_max_occurs:
            out.append("large-maxoccurs")
        if self.roots > 1:
            out.append("multi-document")
        return tuple(out)

    @property
    def needs_xmlschema(self) -> tuple[str, ...]:
        """The categories that only xmlschema closes (a cheap check on the tree cannot):
        an instance that libxml2 finds valid is then checked by xmlschema as well."""
        return tuple(c for c in self.categories if c not in CHEAP and c != "multi-document")


def _location_to_path(url: str) -> str | None:
    parsed = urlparse(url)
    if parsed.scheme in ("", "file"):
        return _url2pathname(parsed.path) if parsed.scheme == "file" else url
    if len(parsed.scheme) == 1:  # a Windows drive letter
        return url
    return None


def _qname(node: etree._Element, value: str | None) -> str | None:
    if not value:
        return None
    prefix, _, local = value.strip().rpartition(":")
    ns = node.nsmap.get(prefix or None)
    if ns is None:
        return local if not prefix else None
    return f"{{{ns}}}{local}"


class _Scan:
    def __init__(self, parser: etree.XMLParser, resolve: Any) -> None:
        self.parser = parser
        self.resolve = resolve
        self.docs: list[tuple[str, etree._Element, str]] = []  # (url, root, target ns)
        self.seen: set[tuple[str, str]] = set()

    def load(self, url: str, chameleon_ns: str | None = None) -> None:
        key = (url, chameleon_ns or "")
        if key in self.seen:
            return
        self.seen.add(key)
        local = self.resolve(url)
        path = _location_to_path(local or url)
        if path is None or not Path(path).is_file():
            return
        try:
            root = etree.parse(path, self.parser).getroot()
        except (OSError, etree.XMLSyntaxError):
            return
        if root.tag != _XS + "schema":
            return
        tns = root.get("targetNamespace")
        if tns is None and chameleon_ns:
            tns = chameleon_ns
        self.docs.append((url, root, tns or ""))
        base = Path(path).resolve().as_uri()
        for child in root:
            if not isinstance(child.tag, str):
                continue
            local_name = child.tag[len(_XS) :] if child.tag.startswith(_XS) else ""
            loc = child.get("schemaLocation")
            if not loc or local_name not in ("include", "import", "redefine", "override"):
                continue
            target = urljoin(base, loc) if "://" not in loc and not loc.startswith("urn:") else loc
            self.load(target, tns if local_name != "import" else None)


class _Types:
    """Named types of the set, and the ID kind a type reference derives to."""

    def __init__(self, docs: Sequence[tuple[str, etree._Element, str]]) -> None:
        self.named: dict[str, tuple[etree._Element, str]] = {}
        self.union_ids = False
        for _url, root, tns in docs:
            for node in root.iter(_XS + "simpleType", _XS + "complexType"):
                name = node.get("name")
                if name and node.getparent() is not None:
                    self.named.setdefault(f"{{{tns}}}{name}" if tns else name, (node, tns))

    def string_like(self, decl: etree._Element) -> bool:
        """Whether ``decl``'s simple type compares by its lexical form (a string type)."""
        base = self._builtin(decl, decl.get("type"), decl.find(_XS + "simpleType"), 0)
        return base in _STRING_LIKE

    def _builtin(self, node: etree._Element, ref: str | None, inner: Any, depth: int) -> str:
        if depth > 50:
            return "?"
        if ref:
            qn = _qname(node, ref)
            if qn is None:
                return "?"
            if qn.startswith(_XS):
                return qn[len(_XS) :]
            hit = self.named.get(qn)
            if hit is None or hit[0].tag != _XS + "simpleType":
                return "?"
            inner = hit[0]
        if inner is None:
            return "anyType"
        for child in inner:
            if child.tag == _XS + "restriction":
                return self._builtin(
                    child, child.get("base"), child.find(_XS + "simpleType"), depth + 1
                )
            if child.tag in (_XS + "union", _XS + "list"):
                return "union"
        return "?"

    def kind_of_ref(self, node: etree._Element, ref: str | None, depth: int = 0) -> str | None:
        qn = _qname(node, ref)
        if qn is None or depth > 50:
            return None
        if qn.startswith(_XS):
            return _BUILTIN_KINDS.get(qn[len(_XS) :])
        hit = self.named.get(qn)
        if hit is None:
            return None
        return self.kind_of_type(hit[0], depth + 1)

    def kind_of_type(self, node: etree._Element, depth: int = 0) -> str | None:
        if depth > 50:
            return None
        for child in node:
            tag = child.tag
            if not isinstance(tag, str):
                continue
            if tag in (_XS + "restriction", _XS + "extension"):
                if child.get("base"):
                    return self.kind_of_ref(child, child.get("base"), depth + 1)
                inner = child.find(_XS + "simpleType")
                return self.kind_of_type(inner, depth + 1) if inner is not None else None
            if tag in (_XS + "simpleContent",):
                return self.kind_of_type(child, depth + 1)
            if tag == _XS + "list":
                item = child.get("itemType")
                if item:
                    kind = self.kind_of_ref(child, item, depth + 1)
                else:
                    inner = child.find(_XS + "simpleType")
                    kind = self.kind_of_type(inner, depth + 1) if inner is not None else None
                return {"IDREF": "IDREFS", "ID": "IDS"}.get(kind or "")
            if tag == _XS + "union":
                kinds = [
                    self.kind_of_ref(child, m, depth + 1)
                    for m in (child.get("memberTypes") or "").split()
                ]
                kinds += [
                    self.kind_of_type(s, depth + 1) for s in child.findall(_XS + "simpleType")
                ]
                if any(kinds):
                    self.union_ids = True
                return None
        return None


def _form(decl: etree._Element, root: etree._Element, attr: str) -> bool:
    form = decl.get("form") or root.get(attr) or "unqualified"
    return form == "qualified"


def scan_schema(roots: Iterable[str], parser: etree.XMLParser, resolve: Any) -> SchemaGaps:
    """Reads every document of the schema set whose entry documents are ``roots`` (paths or
    URLs); ``resolve(url)`` maps a location to a local path (or ``None``: as given)."""
    roots = list(roots)
    scan = _Scan(parser, resolve)
    for root in roots:
        scan.load(Path(root).resolve().as_uri() if "://" not in root else root)
    types = _Types(scan.docs)
    elements: dict[str, set[str | None]] = {}
    attributes: dict[str, set[str | None]] = {}
    fixed_refs: list[tuple[str, str]] = []
    patterns: list[str] = []
    large: list[int] = []
    idc = 0
    for _url, root, tns in scan.docs:
        for decl in root.iter(_XS + "element", _XS + "attribute"):
            is_elem = decl.tag == _XS + "element"
            if decl.get("ref"):
                if not is_elem and decl.get("fixed") is not None:
                    name = _qname(decl, decl.get("ref"))
                    if name:
                        fixed_refs.append((name, decl.get("fixed") or ""))
                continue
            name = decl.get("name")
            if not name:
                continue
            parent = decl.getparent()
            is_global = parent is not None and parent.tag in (
                _XS + "schema",
                _XS + "redefine",
                _XS + "override",
            )
            qualified = is_global or _form(
                decl, root, "elementFormDefault" if is_elem else "attributeFormDefault"
            )
            clark = f"{{{tns}}}{name}" if qualified and tns else name
            if decl.get("type"):
                kind = types.kind_of_ref(decl, decl.get("type"))
            else:
                inner = decl.find(_XS + "simpleType")
                if inner is None:
                    inner = decl.find(_XS + "complexType")
                kind = types.kind_of_type(inner) if inner is not None else None
            (elements if is_elem else attributes).setdefault(clark, set()).add(kind)
            if decl.get("fixed") is not None and not types.string_like(decl):
                # libxml2 compares a fixed value lexically: '1' and 'true' (a boolean), '1'
                # and '1.0' (a decimal) differ for it, not for the specification
                fixed_refs.append((clark, decl.get("fixed") or ""))
        for pat in root.iter(_XS + "pattern"):
            value = pat.get("value") or ""
            if _RISKY_PATTERN.search(value):
                patterns.append(value)
        for node in root.iter(
            _XS + "element", _XS + "sequence", _XS + "choice", _XS + "any", _XS + "group"
        ):
            mo = node.get("maxOccurs")
            if mo and mo.strip().isdigit() and int(mo) > LARGE_MAX_OCCURS:
                large.append(int(mo))
        idc += sum(1 for _ in root.iter(_XS + "key", _XS + "keyref", _XS + "unique"))
    ambiguous = sorted(
        n
        for table in (elements, attributes)
        for n, kinds in table.items()
        if len(kinds) > 1 and kinds & set(ID_KINDS)
    )
    if types.union_ids:
        ambiguous.append("(union)")
    return SchemaGaps(
        documents=tuple(url for url, _r, _t in scan.docs),
        id_elements=tuple(
            sorted(
                (n, kind)
                for n, k in elements.items()
                if len(k) == 1 and (kind := next(iter(k))) is not None
            )
        ),
        id_attributes=tuple(
            sorted(
                (n, kind)
                for n, k in attributes.items()
                if len(k) == 1 and (kind := next(iter(k))) is not None
            )
        ),
        id_ambiguous=tuple(ambiguous),
        fixed_refs=tuple(fixed_refs),
        identity_constraints=idc,
        patterns=tuple(patterns),
        large_max_occurs=tuple(large),
        roots=len(roots),
    )


def _url2pathname(path: str) -> str:
    """``urllib.request.url2pathname`` without importing ``urllib.request`` (which pulls in
    http.client, ssl and email: ~10 ms of every run's start-up); on POSIX it unquotes."""
    if os.name == "posix":
        return unquote(path)
    from urllib.request import url2pathname  # pragma: no cover - Windows drive letters

    return url2pathname(path)  # pragma: no cover
