"""The ID/IDREF table libxml2 does not keep (W3C XSD 1.0, cvc-id.1 and cvc-id.2).

libxml2 checks an ID attribute's uniqueness only against other ID *attributes*; it never
reports an IDREF that matches no ID (cvc-id.1), nor duplicate IDs in element content. Which
nodes are typed ID/IDREF/IDREFS follows from the schema — by element *and* its parent, since a
name alone is ambiguous in real schemas (XWasser's ``probennahmestelle`` is an IDREF in a
``terminplan`` and a structure elsewhere). :func:`derive_table` reads that from xmlschema's
schema model once (the table is cached beside the xmlschema pickle, so a warm run does not
import xmlschema at all); :class:`IdChecker` then needs one C-level ``iter`` over the tree
filtered by the few element names involved, and a dict lookup per hit.
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from ..results import ERROR, Issue

__all__ = ["IdChecker", "derive_table"]

XS = "{http://www.w3.org/2001/XMLSchema}"
KINDS = ("ID", "IDREF", "IDREFS", "IDS")


def _kind(t: Any, ids: tuple[Any, Any, Any], depth: int = 0) -> str | None:
    """The ID kind of an xmlschema type: ID, IDREF, IDREFS, IDS (list of ID), UNION (a
    union with an ID-ish member: ambiguous) or None."""
    if t is None or depth > 20:
        return None
    id_t, idref_t, idrefs_t = ids
    try:
        if t.is_complex():
            if not t.has_simple_content():
                return None
            t = t.content
        if t.is_derived(idrefs_t):  # before is_list(): the builtin has no item_type
            return "IDREFS"
        if t.is_list() and getattr(t, "item_type", None) is not None:
            return {"ID": "IDS", "IDREF": "IDREFS"}.get(_kind(t.item_type, ids, depth + 1) or "")
        if t.is_derived(id_t):
            return "ID"
        if t.is_derived(idref_t):
            return "IDREF"
        if t.is_union() and any(_kind(m, ids, depth + 1) for m in t.member_types):
            return "UNION"
    except Exception:  # pragma: no cover - a type xmlschema models differently
        return None
    return None


def derive_table(schema: Any) -> dict[str, Any]:
    """From an xmlschema schema: ``elements`` [(parent, child, kind)], ``attributes``
    [(element, attribute, kind)] — clark names; parent ``""`` for a document element —
    and ``ambiguous``: a (parent, child) pair declared with an ID-ish type and another, or
    a union with ID members; then only xmlschema can tell."""
    types = schema.maps.types
    ids = (types[XS + "ID"], types[XS + "IDREF"], types[XS + "IDREFS"])
    elements: dict[tuple[str, str], set[str | None]] = {}
    attributes: dict[tuple[str, str], set[str | None]] = {}
    stack: list[Any] = []
    wild: set[str] = set()
    defaults: dict[tuple[str, str], str] = {}
    global_attributes = {}
    for name, attr in schema.maps.attributes.items():
        kind = _kind(attr.type, ids)
        if kind in KINDS:
            global_attributes[name] = kind
    for name, el in schema.maps.elements.items():
        if not name.startswith(XS):
            elements.setdefault(("", name), set()).add(_kind(el.type, ids))
            stack.append(el)
    seen: set[int] = set()
    while stack:
        el = stack.pop()
        key = id(el.type) if el.type is not None else id(el)
        if (id(el), key) in seen or el.name is None:
            continue
        seen.add((id(el), key))  # type: ignore[arg-type]
        t = el.type
        if t is None or not t.is_complex():
            continue
        for aname, attr in t.attributes.items():
            if aname is None or not isinstance(aname, str):
                if getattr(attr, "process_contents", "skip") != "skip":
                    wild.add(el.name)  # global attributes it admits are typed
                continue
            attributes.setdefault((el.name, aname), set()).add(_kind(attr.type, ids))
            value = getattr(attr, "fixed", None) or getattr(attr, "default", None)
            if value is not None:
                defaults[(el.name, aname)] = value
        content = t.content
        if not hasattr(content, "iter_elements"):
            continue
        for child in content.iter_elements():
            if not hasattr(child, "type"):
                continue  # a wildcard
            members = [child]
            subs = getattr(child, "iter_substitutes", None)
            if subs is not None:
                members.extend(subs())
            for m in members:
                if m.name is None:
                    continue
                elements.setdefault((el.name, m.name), set()).add(_kind(m.type, ids))
                stack.append(m)
    ambiguous = any(
        (len(k) > 1 and k & set(KINDS)) or "UNION" in k
        for k in (*elements.values(), *attributes.values())
    )
    return {
        "elements": sorted(
            [p, c, next(iter(k))]
            for (p, c), k in elements.items()
            if len(k) == 1 and next(iter(k)) in KINDS
        ),
        "attributes": sorted(
            [e, a, next(iter(k)), defaults.get((e, a))]
            for (e, a), k in attributes.items()
            if len(k) == 1 and next(iter(k)) in KINDS
        ),
        "wild": sorted(wild),
        "global_attributes": sorted([a, k] for a, k in global_attributes.items()),
        "ambiguous": bool(ambiguous),
    }


class IdChecker:
    """Built once per schema from :func:`derive_table`'s table; :meth:`check` per tree."""

    def __init__(self, table: dict[str, Any]) -> None:
        self.elements: dict[tuple[str, str], str] = {(p, c): k for p, c, k in table["elements"]}
        self.attributes: dict[str, dict[str, str]] = {}
        #: default or fixed values of ID-ish attributes (they count when absent)
        self.defaults: dict[tuple[str, str], str] = {}
        for e, a, k, default in table["attributes"]:
            self.attributes.setdefault(e, {})[a] = k
            if default is not None:
                self.defaults[(e, a)] = default
        #: elements with an attribute wildcard (strict or lax), and the global ID-ish
        #: attributes it may admit
        self.wild = frozenset(table.get("wild", ()))
        self.global_attributes = dict(table.get("global_attributes", ()))
        self.ambiguous = bool(table.get("ambiguous"))
        kinds = [
            *self.elements.values(),
            *(k for d in self.attributes.values() for k in d.values()),
        ]
        #: without IDREFs and without IDs in element content libxml2 misses nothing here
        self.enabled = any(k in ("IDREF", "IDREFS") for k in kinds) or any(
            k in ("ID", "IDS") for k in self.elements.values()
        )
        if self.wild and self.global_attributes:
            self.enabled = True
        wild = set(self.wild) if self.global_attributes else set()
        self.tags = tuple(sorted({c for _p, c in self.elements} | set(self.attributes) | wild))
        #: after libxml2 accepted a message, its own ID table (``id()`` in XPath) holds every
        #: ID *attribute*; only IDREFs, IDs in element content and wildcards are left to find
        self._ref_attributes = {
            e: {a: k for a, k in d.items() if k not in ("ID", "IDS") or (e, a) in self.defaults}
            for e, d in self.attributes.items()
        }
        self._ref_attributes = {e: d for e, d in self._ref_attributes.items() if d}
        self.fast_tags = tuple(
            sorted({c for _p, c in self.elements} | set(self._ref_attributes) | wild)
        )
        self._lookup = etree.XPath("id($ids)")

    def check_valid(self, tree: etree._ElementTree) -> list[Issue]:
        """:meth:`check` for a message libxml2 accepted: the ID attributes are in libxml2's ID
        table already, so one ``iter`` over fewer names and one ``id()`` lookup suffice. Falls
        back to :meth:`check` whenever a reference is not found that way."""
        if not self.enabled:
            return []
        if self.wild and self.global_attributes:
            return self.check(tree, [])
        elements, attributes = self.elements, self._ref_attributes
        element_ids: set[str] = set()
        refs: list[str] = []
        for node in tree.getroot().iter(*self.fast_tags):
            if elements:
                parent = node.getparent()
                kind = elements.get((parent.tag if parent is not None else "", node.tag))
                if kind is not None and not len(node) and node.text:
                    if kind in ("ID", "IDS"):
                        for token in node.text.split():
                            if token in element_ids:
                                return self.check(tree, [])
                            element_ids.add(token)
                    else:
                        refs.extend(node.text.split())
            by_attr = attributes.get(node.tag)
            if by_attr:
                for aname, akind in by_attr.items():
                    value = node.get(aname)
                    if value is None:
                        if (node.tag, aname) in self.defaults:
                            return self.check(tree, [])  # a default value: the full table
                        continue
                    if akind in ("IDREF", "IDREFS"):
                        refs.extend(value.split())
        if element_ids and self._lookup(tree, ids=" ".join(element_ids)):
            return self.check(tree, [])  # an element ID equal to an attribute ID
        missing = {r for r in refs if r not in element_ids}
        if missing and len(self._lookup(tree, ids=" ".join(missing))) < len(missing):
            return self.check(tree, [])
        return []

    def check(self, tree: etree._ElementTree, known: list[Issue]) -> list[Issue]:
        """cvc-id.1 (an IDREF without its ID) and cvc-id.2 (an ID used twice; for attributes
        only where libxml2 did not report it already — ``known`` are its issues)."""
        if not self.enabled:
            return []
        ids: dict[str, Any] = {}
        # (token, owner element, attribute name or None, is an ID)
        seen: list[tuple[str, Any, str | None, bool]] = []
        extra: list[Issue] = []
        elements, attributes = self.elements, self.attributes
        for node in tree.getroot().iter(*self.tags):
            if elements:
                parent = node.getparent()
                kind = elements.get((parent.tag if parent is not None else "", node.tag))
                if kind is not None and not len(node) and node.text:
                    is_id = kind in ("ID", "IDS")
                    for token in node.text.split():
                        seen.append((token, node, None, is_id))
            by_attr = attributes.get(node.tag)
            if by_attr:
                for aname, akind in by_attr.items():
                    value = node.get(aname)
                    if value is None:
                        value = self.defaults.get((node.tag, aname))
                    if value:
                        is_id = akind in ("ID", "IDS")
                        for token in value.split():
                            seen.append((token, node, aname, is_id))
            if node.tag in self.wild and self.global_attributes:
                extra.extend(self._wildcard(node, by_attr, seen, tree))
        out: list[Issue] = extra
        dup: list[tuple[str, Any, str | None, Any]] = []
        for token, owner, where, is_id in seen:
            if is_id:
                first = ids.get(token)
                if first is None:
                    ids[token] = owner
                else:
                    dup.append((token, owner, where, first))
        if dup:
            reported = {i.line for i in known if "xs:ID" in i.message or "cvc-id" in i.rule}
            for token, owner, where, first in dup:
                if where is not None and owner.sourceline in reported:
                    continue  # libxml2 reported this duplicate ID attribute already
                out.append(
                    Issue(
                        owner.sourceline,
                        None,
                        tree.getpath(owner),
                        "xsd:cvc-id.2",
                        ERROR,
                        f"{_label(owner, where)}: the ID {token!r} is not "
                        f"unique; it is already used at line "
                        f"{first.sourceline}.",
                    )
                )
        for token, owner, where, is_id in seen:
            if not is_id and token not in ids:
                out.append(
                    Issue(
                        owner.sourceline,
                        None,
                        tree.getpath(owner),
                        "xsd:cvc-id.1",
                        ERROR,
                        f"{_label(owner, where)}: the IDREF {token!r} matches "
                        "no ID in the document.",
                    )
                )
        if len(out) > 1:
            out.sort(key=lambda i: i.line or 0)
        return out

    def _wildcard(
        self,
        node: Any,
        by_attr: dict[str, str] | None,
        seen: list[tuple[str, Any, str | None, bool]],
        tree: Any,
    ) -> list[Issue]:
        """Global ID-ish attributes an attribute wildcard admits; more than one ID attribute
        on an element is cvc-complex-type.5 (XSD 1.0)."""
        id_attrs = [
            a for a, k in (by_attr or {}).items() if k in ("ID", "IDS") and node.get(a) is not None
        ]
        for aname, value in node.items():
            akind = self.global_attributes.get(aname)
            if akind is None or (by_attr and aname in by_attr):
                continue
            is_id = akind in ("ID", "IDS")
            if is_id:
                id_attrs.append(aname)
            for token in value.split():
                seen.append((token, node, aname, is_id))
        if len(id_attrs) < 2:
            return []
        names = ", ".join(etree.QName(a).localname for a in id_attrs)
        return [
            Issue(
                node.sourceline,
                None,
                tree.getpath(node),
                "xsd:cvc-complex-type.5",
                ERROR,
                f"{_label(node, None)}: more than one attribute of type ID ({names}).",
            )
        ]


def _label(owner: Any, aname: str | None) -> str:
    label = f"Element '{etree.QName(owner).localname}'"
    if aname is not None:
        label += f", attribute '{etree.QName(aname).localname}'"
    return label
