"""The code-list stage: every XÖV ``Code`` element's value must be in the genericode list its
``listURI``/``listVersionID`` name; and, where the header's ``nachrichtentyp`` list is known,
the message type code must name the message's root element.

Lists are found, in this order: plugin :class:`~kommune_core.domain.CodeListSpec` s → a
``--codelists`` folder → the local XRepository cache → (unless offline) a fetch from the
configured XRepository. Each list is read once per process; a list that cannot be found is one
warning per message and list (the codes are then unchecked — said so, never silently passed).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
from lxml import etree

from .results import ERROR, WARNING, Issue
from .scenarios import message_type_element

if TYPE_CHECKING:
    from ..codelists.genericode import CodeList

__all__ = ["CodeListResolver", "check_codes", "check_nachrichtentyp"]

_SHOWN = 12


@attrs.frozen
class Resolved:
    """A code list found (``codelist``) or why not (``reason``)."""

    codelist: CodeList | None
    codes: frozenset[str] = frozenset()
    reason: str = ""
    note: str = ""  # e.g. "no listVersionID; used the only version available"


_GC_ROOT = "{http://docs.oasis-open.org/codelist/ns/genericode/1.0/}CodeList"
#: elements after ``Identification`` in a genericode list: met them, the header is over
_AFTER_IDENT = frozenset({"ColumnSet", "ColumnSetRef", "SimpleCodeList"})


def _identity(path: Path) -> tuple[str, str] | None:
    """CanonicalUri and Version of a genericode file, read from its header with an
    ``iterparse`` that stops at the end of ``Identification`` — wherever that stands (an
    ``Annotation`` before it may be any size) — without building the rows. ``None`` for
    anything else: another XML document, no file, a FIFO (never opened for reading)."""
    from ..xml import XmlInputError, open_regular

    try:
        fd = open_regular(path)
    except XmlInputError:
        return None
    urn = version = None
    with os.fdopen(fd, "rb") as fh:
        events = etree.iterparse(
            fh,
            events=("start", "end"),
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            huge_tree=False,
        )
        depth, in_ident = 0, False
        try:
            for event, el in events:
                if event == "start":
                    depth += 1
                    if depth == 1 and el.tag != _GC_ROOT:
                        return None
                    if depth == 2:
                        local = etree.QName(el).localname
                        if local in _AFTER_IDENT:
                            break
                        in_ident = local == "Identification"
                    continue
                depth -= 1
                local = etree.QName(el).localname
                if depth == 2 and in_ident and local == "CanonicalUri" and urn is None:
                    urn = (el.text or "").strip() or None
                elif depth == 2 and in_ident and local == "Version" and version is None:
                    version = (el.text or "").strip() or None
                elif depth == 1:
                    if local == "Identification":
                        break
                    el.clear()  # an Annotation of any size costs no memory
        except etree.XMLSyntaxError:
            return None
    return (urn, version) if urn and version else None


class CodeListResolver:
    """Finds and memoises code lists by (urn, version)."""

    def __init__(
        self,
        specs: Iterable[Any] = (),
        folders: Iterable[Path] = (),
        *,
        cache: Any = None,
        client: Any = None,
        offline: bool = False,
    ) -> None:
        self._files: dict[tuple[str, str], Path] = {}
        for spec in specs:
            self._files.setdefault((spec.urn, spec.version), Path(str(spec.path)))
        for folder in folders:
            for root, _dirs, names in os.walk(folder):
                for name in sorted(names):
                    if name.endswith(".xml"):
                        path = Path(root) / name
                        ident = _identity(path)
                        if ident:
                            self._files.setdefault(ident, path)
        self.cache = cache
        self.client = client
        self.offline = offline
        self._memo: dict[tuple[str, str | None], Resolved] = {}
        #: the text of a list's "not available" warning, built once per run
        self._texts: dict[tuple[str, str | None], str] = {}
        self._type_indexes: dict[tuple[str, str], Any] = {}

    def type_index(self, cl: CodeList) -> tuple[dict[str, tuple[str, ...]], dict[str, str]]:
        """The Nachrichtentyp look-ups of ``cl`` (built once per resolver and list)."""
        key = (cl.urn, cl.version)
        got = self._type_indexes.get(key)
        if got is None:
            got = self._type_indexes[key] = _type_index(cl)
        return got  # type: ignore[no-any-return]

    def versions(self, urn: str) -> list[str]:
        return sorted(v for u, v in self._files if u == urn)

    def resolve(self, urn: str, version: str | None) -> Resolved:
        key = (urn, version or None)
        hit = self._memo.get(key)
        if hit is None:
            hit = self._memo[key] = self._find(urn, version or None)
        return hit

    def _find(self, urn: str, version: str | None) -> Resolved:
        note = ""
        if version is None:
            known = self.versions(urn)
            if len(known) == 1:
                version, note = (
                    known[0],
                    (f"no listVersionID; checked against the only version available ({known[0]})"),
                )
            elif len(known) > 1:
                return Resolved(
                    None,
                    reason=(f"no listVersionID, and versions {', '.join(known)} are available"),
                )
        path = self._files.get((urn, version)) if version else None
        reason = ""
        if path is None and self.cache is not None:
            try:
                path = self.cache.get(urn, version)
            except Exception as exc:  # a broken cache entry must not stop the batch
                reason = f"cache: {exc}"
        if path is None and self.client is not None and not self.offline:
            try:
                result = self.client.fetch_codelist(urn, version)
                path = Path(result.path)
                if getattr(result, "warning", None):
                    note = (note + "; " if note else "") + str(result.warning)
            except Exception as exc:  # FetchError and any transport problem
                reason = f"fetch failed: {exc}"
        if path is None:
            where = "plugins, --codelists folders, the cache"
            if self.client is not None and not self.offline:
                where += " and XRepository"
            elif self.offline:
                where += " (offline: XRepository not asked)"
            return Resolved(None, reason=reason or f"not found in {where}")
        # Imported here: ``kommune_core.codelists`` pulls in the XRepository client
        # (requests), which an XSD-only run never needs.
        from ..codelists.genericode import GenericodeError, read_genericode

        try:
            cl = read_genericode(path)
        except GenericodeError as exc:
            return Resolved(None, reason=f"unreadable: {exc}")
        return Resolved(cl, cl.codes(), note=note)


def check_codes(tree: etree._ElementTree, resolver: CodeListResolver) -> list[Issue]:
    """Every ``Code`` element (an element with an unqualified ``code`` child and a ``listURI``
    — given in the message or filled in from the schema's fixed value). The header's
    ``nachrichtentyp`` Code is met on the way and gets :func:`check_nachrichtentyp` too."""
    issues: list[Issue] = []
    warned: set[tuple[str, str | None]] = set()
    memo = resolver._memo
    texts = resolver._texts
    getpath = tree.getpath
    for code_el in tree.getroot().iter("code"):
        parent = code_el.getparent()
        if parent is None:
            continue
        urn = parent.get("listURI")
        if not urn:
            continue
        key = (urn, parent.get("listVersionID") or None)
        found = memo.get(key) or resolver.resolve(*key)
        value = (code_el.text or "").strip()
        if parent.tag.endswith("nachrichtentyp"):
            header = parent.getparent()
            if header is not None and header.tag.endswith("identifikation.nachricht"):
                issues.extend(check_nachrichtentyp(tree, resolver, parent, value, found))
        if found.codelist is not None and value in found.codes and not found.note:
            continue  # the common case ends here
        if found.codelist is None:
            if key not in warned:
                warned.add(key)
                text = texts.get(key)
                if text is None:  # the same for every message of the run: built once
                    text = texts[key] = (
                        f"code list {_label(key)} is not available ({found.reason}); "
                        f"codes from it are not checked"
                    )
                issues.append(
                    Issue(
                        code_el.sourceline,
                        None,
                        getpath(parent),
                        "codelist:unavailable",
                        WARNING,
                        text,
                    )
                )
        elif value not in found.codes:
            allowed = sorted(found.codes)
            shown = ", ".join(allowed[:_SHOWN]) + (" …" if len(allowed) > _SHOWN else "")
            name = found.codelist.short_name or found.codelist.long_name or ""
            issues.append(
                Issue(
                    code_el.sourceline,
                    None,
                    getpath(parent),
                    "codelist:unknown-code",
                    ERROR,
                    f"code {value!r} is not in code list {_label(key)}"
                    f"{f' ({name})' if name else ''}; allowed: {shown}",
                )
            )
        elif key not in warned:
            warned.add(key)
            issues.append(
                Issue(
                    code_el.sourceline,
                    None,
                    getpath(parent),
                    "codelist:version",
                    WARNING,
                    f"{_label(key)}: {found.note}",
                )
            )
    return issues


def _label(key: tuple[str, str | None]) -> str:
    urn, version = key
    return f"{urn} version {version}" if version else urn


def _type_index(cl: CodeList) -> tuple[dict[str, tuple[str, ...]], dict[str, str]]:
    """code → the list's other values (message names), and value → code."""
    key_idx = cl.columns.index(cl.key_column)
    names_of: dict[str, tuple[str, ...]] = {}
    owner_of: dict[str, str] = {}
    for row in cl.rows:
        code = row[key_idx][1] or ""
        names = tuple(v for i, (_c, v) in enumerate(row) if i != key_idx and v)
        names_of[code] = names
        for n in names:
            owner_of.setdefault(n, code)
    return names_of, owner_of


def check_nachrichtentyp(
    tree: etree._ElementTree,
    resolver: CodeListResolver,
    el: etree._Element | None = None,
    code: str | None = None,
    found: Resolved | None = None,
) -> list[Issue]:
    """The header's message type code must name the root element in the standard's
    Nachrichtentyp list (XWasser: ``0020`` → ``administration.quittung.0020``). Checked only
    when that list is available and maps codes to element names. ``check_codes`` passes the
    element, its code and its list, which it has at hand."""
    root = tree.getroot()
    if el is None:
        el = message_type_element(root)
    if el is None or not el.get("listURI"):
        return []
    if found is None:
        found = resolver.resolve(el.get("listURI", ""), el.get("listVersionID") or None)
    cl = found.codelist
    if code is None:
        code = (el.findtext("code") or "").strip()
    if cl is None or code not in found.codes:
        return []  # unavailable or unknown code: check_codes reports it already
    local = root.tag.rpartition("}")[2]
    names_of, owner_of = resolver.type_index(cl)
    names = names_of.get(code, ())
    if local in names:
        return []
    owner = owner_of.get(local)
    if owner is None and not any("." in n and " " not in n for n in names):
        return []  # this list does not map codes to element names; nothing to compare
    expected = f"; the code for {local} is {owner!r}" if owner else ""
    return [
        Issue(
            el.sourceline,
            None,
            tree.getpath(el),
            "xoev:nachrichtentyp",
            ERROR,
            f"header nachrichtentyp {code!r} names {' / '.join(names)!r} in "
            f"{cl.urn} version {cl.version}, but the root element is {local!r}"
            f"{expected}",
        )
    ]
