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
                continue  # a wildcard
            attributes.setdefault((el.name, aname), set()).add(_kind(attr.type, ids))
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
            [e, a, next(iter(k))]
            for (e, a), k in attributes.items()
            if len(k) == 1 and next(iter(k)) in KINDS
        ),
        "ambiguous": bool(ambiguous),
    }


class IdChecker:
    """Built once per schema from :func:`derive_table`'s table; :meth:`check` per tree."""

    def __init__(self, table: dict[str, Any]) -> None:
        self.elements: dict[tuple[str, str], str] = {(p, c): k for p, c, k in table["elements"]}
        self.attributes: dict[str, dict[str, str]] = {}
        for e, a, k in table["attributes"]:
            self.attributes.setdefault(e, {})[a] = k
        self.ambiguous = bool(table.get("ambiguous"))
        kinds = [
            *self.elements.values(),
            *(k for d in self.attributes.values() for k in d.values()),
        ]
        #: without IDREFs and without IDs in element content libxml2 misses nothing here
        self.enabled = any(k in ("IDREF", "IDREFS") for k in kinds) or any(
            k in ("ID", "IDS") for k in self.elements.values()
        )
        self.tags = tuple(sorted({c for _p, c in self.elements} | set(self.attributes)))

    def check(self, tree: etree._ElementTree, known: list[Issue]) -> list[Issue]:
        """cvc-id.1 (an IDREF without its ID) and cvc-id.2 (an ID used twice; for attributes
        only where libxml2 did not report it already — ``known`` are its issues)."""
        if not self.enabled:
            return []
        ids: dict[str, Any] = {}
        refs: list[tuple[str, Any, str]] = []
        out: list[Issue] = []
        reported = {i.line for i in known if "xs:ID" in i.message or "cvc-id" in i.rule}
        elements, attributes = self.elements, self.attributes
        root = tree.getroot()
        for node in root.iter(*self.tags):
            parent = node.getparent()
            kind = elements.get((parent.tag if parent is not None else "", node.tag))
            if kind is not None and not len(node):
                label = f"Element '{etree.QName(node).localname}'"
                self._take(
                    kind, node.text or "", node, label, ids, refs, out, tree, False, reported
                )
            by_attr = attributes.get(node.tag)
            if by_attr:
                for aname, akind in by_attr.items():
                    value = node.get(aname)
                    if value is not None:
                        label = (
                            f"Element '{etree.QName(node).localname}', attribute "
                            f"'{etree.QName(aname).localname}'"
                        )
                        self._take(akind, value, node, label, ids, refs, out, tree, True, reported)
        for token, owner, label in refs:
            if token not in ids:
                out.append(
                    Issue(
                        owner.sourceline,
                        None,
                        tree.getpath(owner),
                        "xsd:cvc-id.1",
                        ERROR,
                        f"{label}: the IDREF {token!r} matches no ID in the document.",
                    )
                )
        out.sort(key=lambda i: i.line or 0)
        return out

    @staticmethod
    def _take(
        kind: str,
        value: str,
        owner: Any,
        label: str,
        ids: dict[str, Any],
        refs: list[tuple[str, Any, str]],
        out: list[Issue],
        tree: Any,
        is_attr: bool,
        reported: set[int | None],
    ) -> None:
        if kind in ("ID", "IDS"):
            for token in value.split():
                first = ids.get(token)
                if first is None:
                    ids[token] = owner
                elif not (is_attr and owner.sourceline in reported):
                    out.append(
                        Issue(
                            owner.sourceline,
                            None,
                            tree.getpath(owner),
                            "xsd:cvc-id.2",
                            ERROR,
                            f"{label}: the ID {token!r} is not unique; it is already "
                            f"used at line {first.sourceline}.",
                        )
                    )
        else:
            for token in value.split():
                refs.append((token, owner, label))
