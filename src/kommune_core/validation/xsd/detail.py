"""xmlschema where libxml2 is not enough: path-accurate messages after libxml2 fails (the
detail pass), and the verdict on the constructs libxml2 gets wrong (:mod:`.gaps`).

Both are bounded by *work*, never by time, so a file's findings do not depend on the machine,
its load or the batch the file is in:

* :data:`MAX_LXML_ERRORS` — a message with more libxml2 errors keeps libxml2's messages;
* :data:`MAX_SCOPE_NODES` — a subtree (elements plus attributes) larger than this is not
  re-validated (a 40 KB message with 4,000 unexpected attributes, or 40,000 unexpected
  siblings, took xmlschema minutes: it builds one error object, with a rendering of the whole
  element, per offending node);
* :data:`MAX_ERRORS` — xmlschema's errors are taken lazily from ``iter_errors`` and the
  iteration stops after this many per subtree;
* :data:`MAX_DOCUMENT_NODES` — the verdict pass over a whole document is skipped above this
  (a warning ``xsd:gap-unchecked`` says so); :data:`MAX_INVALID_NODES` for a message libxml2
  rejected already.

Where a bound stops the work, libxml2's messages stay and a note says why.

The built xmlschema schema (seconds for an XÖV standard) is kept in the user cache as a
pickle keyed by the schema documents' bytes and xmlschema's version, so a second run — and
every worker — loads it in tens of milliseconds.
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

from lxml import etree

from ..results import ERROR, Issue

__all__ = [
    "MAX_DOCUMENT_NODES",
    "MAX_ERRORS",
    "MAX_INVALID_NODES",
    "MAX_LXML_ERRORS",
    "MAX_SCOPE_NODES",
    "build_xmlschema",
    "count_nodes",
    "first_errors",
    "rule_for",
    "to_issue",
]

MAX_LXML_ERRORS = 50
#: xmlschema's ``max_depth`` for a re-validated subtree: its content model and its children
SCOPE_DEPTH = 1
MAX_SCOPE_NODES = 2_000
MAX_ERRORS = 10
MAX_DOCUMENT_NODES = 50_000
#: a message libxml2 rejects is re-checked by xmlschema (to clear a false error in a gap
#: category) only up to this size and :data:`MAX_LXML_ERRORS`
MAX_INVALID_NODES = 20_000

#: rules an xmlschema error's kind tells for certain: libxml2's rule for another error on
#: the same line must not replace them (a fixed value is not cvc-complex-type.2.4)
_DISTINCT = frozenset(
    {
        "cvc-au",
        "cvc-elt.5.2.2",
        "cvc-id.1",
        "cvc-id.2",
        "cvc-complex-type.2.4",
        "cvc-complex-type.2.3",
        "cvc-complex-type.3.2.2",
        "cvc-complex-type.4",
        "cvc-identity-constraint.4.1",
        "cvc-identity-constraint.4.3",
        "cvc-elt.1",
    }
)
_EXPECTED = re.compile(r"Expected is (?:one of )?\(\s*([^)]*)\)")


def count_nodes(el: etree._Element, limit: int) -> int:
    """Elements and attributes in ``el``'s subtree, counting stops just above ``limit``."""
    n = 0
    for node in el.iter():
        n += 1 + len(node.attrib) if isinstance(node.tag, str) else 1
        if n > limit:
            break
    return n


def first_errors(errors: Iterable[Any], limit: int = MAX_ERRORS) -> tuple[list[Any], bool]:
    """Up to ``limit`` errors from a lazy ``iter_errors``; ``complete`` is False when more
    were left unread."""
    out: list[Any] = []
    it: Iterator[Any] = iter(errors)
    for err in it:
        if len(out) == limit:
            return out, False
        out.append(err)
    return out, True


class _Rule(NamedTuple):
    """A row of :data:`_RULES`: ``rule`` when every word of one of ``any_of`` occurs in the
    lower-cased reason (and ``validator`` in the validator's class name, where set)."""

    rule: str
    any_of: tuple[tuple[str, ...], ...]
    validator: str = ""


#: xmlschema error reasons → W3C constraint ids; the first matching row wins, so the order
#: matters (a missing required *attribute* before any missing required content; minLength
#: and maxLength before any other length)
_RULES: tuple[_Rule, ...] = (
    _Rule("cvc-au", (("fixed", "value"),), validator="Attribute"),
    _Rule("cvc-elt.5.2.2", (("fixed", "value"),)),
    _Rule("cvc-id.1", (("idref", "not found"),)),
    _Rule("cvc-id.2", (("duplicated xs:id",),)),
    _Rule("cvc-complex-type.4", (("missing required attribute",),)),
    _Rule("cvc-complex-type.3.2.2", (("not an attribute of",), ("attribute", "not allowed"))),
    _Rule(
        "cvc-complex-type.2.4",
        (("unexpected child",), ("missing required",), ("content", "expected")),
    ),
    _Rule("cvc-complex-type.2.3", (("character data", "not allowed"),)),
    _Rule("cvc-pattern-valid", (("pattern",),)),
    _Rule("cvc-enumeration-valid", (("enumeration",),)),
    _Rule("cvc-identity-constraint.4.1", (("duplicate key",), ("duplicated value", "unique"))),
    _Rule("cvc-identity-constraint.4.3", (("key", "not found"), ("keyref",))),
    _Rule("cvc-minLength-valid", (("minlength",),)),
    _Rule("cvc-maxLength-valid", (("maxlength",),)),
    _Rule("cvc-length-valid", (("length",),)),
    _Rule("cvc-elt.1", (("not an element of the schema",),)),
    _Rule("cvc-elt.4.2", (("xsi:type",),)),
    _Rule("cvc-elt.3.1", (("nil",),)),
)


def rule_for(err: Any) -> str | None:
    """The W3C constraint id an xmlschema error stands for, where its kind tells it (the first
    row of :data:`_RULES` that matches its reason)."""
    reason = (getattr(err, "reason", None) or "").lower()
    validator = type(getattr(err, "validator", None)).__name__
    for row in _RULES:
        if row.validator in validator and any(
            all(word in reason for word in words) for words in row.any_of
        ):
            return row.rule
    return None


def to_issue(
    tree: etree._ElementTree, err: Any, lxml_issues: list[Issue], fallback: Issue | None
) -> Issue:
    """An xmlschema error as an issue: line and XPath of the offending node, the W3C rule
    (libxml2's, where it reported the same kind of error on that line), and the names
    libxml2 listed as expected, where xmlschema's message lost some."""
    elem = getattr(err, "elem", None)
    index = getattr(err, "index", None)
    if isinstance(elem, etree._Element) and isinstance(index, int) and 0 <= index < len(elem):
        child = elem[index]  # a content-model error: point at the offending child
        if isinstance(child.tag, str):
            elem = child
    line = getattr(elem, "sourceline", None) or getattr(err, "sourceline", None)
    if isinstance(elem, etree._Element):
        try:
            xpath: str | None = tree.getpath(elem)
        except ValueError:
            xpath = fallback.xpath if fallback else None
    else:
        xpath = fallback.xpath if fallback else None
    guess = rule_for(err)
    same_line = [i for i in lxml_issues if i.line == line]
    twin = None
    if guess is not None:
        family = guess.split(".")[0]
        twin = next(
            (i for i in same_line if i.rule.removeprefix("xsd:").split(".")[0] == family), None
        )
    if twin is None and same_line and (guess is None or guess not in _DISTINCT):
        twin = same_line[0]  # a facet or datatype error: libxml2 names it precisely
    if twin is not None:
        rule = twin.rule
    elif guess is not None:
        rule = f"xsd:{guess}"
    else:
        rule = fallback.rule if fallback else "xsd:invalid"
    reason = (getattr(err, "reason", None) or getattr(err, "message", "") or "").strip()
    value = err.obj if isinstance(getattr(err, "obj", None), str) else None
    if value is not None and value not in reason and len(value) <= 200:
        reason += f" (value {value!r})"
    for other in same_line:  # alternatives libxml2 named and xmlschema did not
        m = _EXPECTED.search(other.message)
        if m:
            names = [n.strip() for n in m.group(1).split(",") if n.strip()]
            local = [n.rsplit("}", 1)[-1] for n in names]
            if any(n not in reason for n in local):
                reason += f" Expected is one of ({', '.join(local)})."
            break
    column = twin.column if twin is not None and twin.line == line else None
    return Issue(line, column, xpath, rule, ERROR, reason)


def _cache_dir(explicit: str | None) -> Path | None:
    if explicit:
        return Path(explicit)
    try:
        from ...codelists.cache import default_cache_dir

        return default_cache_dir()
    except Exception:  # pragma: no cover - no cache: build every time
        return None


def _xmlschema_version() -> str:
    """xmlschema's installed version without importing it (~0.1 s of start-up otherwise)."""
    from importlib.util import find_spec

    spec = find_spec("xmlschema")
    origin = spec.origin if spec is not None else None
    if origin is None:
        return "none"
    init = Path(origin)
    try:
        head = init.read_text(encoding="utf-8", errors="replace")[:4000]
    except OSError:
        return "unknown"
    m = re.search(r"__version__\s*=\s*['\"]([^'\"]+)", head)
    return m.group(1) if m else f"{init.stat().st_mtime_ns}"


def schema_key(sources: list[str], documents: Iterable[str]) -> str:
    """A key for a schema set: xmlschema's version, Python's, the entry documents and every
    document's bytes."""
    h = hashlib.sha256(f"{_xmlschema_version()}|{sys.version_info[:2]}".encode())
    for src in sources:
        h.update(f"|root:{src}".encode())
    for doc in sorted(set(documents)):
        h.update(f"|{doc}|".encode())
        path = url_to_path(doc)
        try:
            h.update(Path(path).read_bytes())
        except OSError:
            h.update(b"?")
    return h.hexdigest()[:40]


def url_to_path(doc: str) -> str:
    if doc.startswith("file:"):
        from urllib.parse import urlparse

        from .gaps import _url2pathname

        return _url2pathname(urlparse(doc).path)
    return doc


def cache_file(key: str, suffix: str, cache_dir: str | None) -> Path | None:
    folder = _cache_dir(cache_dir)
    return folder / "xsd" / f"{key}{suffix}" if folder is not None else None


def write_atomic(target: Path, data: bytes) -> None:
    """Writes ``data`` to ``target`` atomically; a cache that cannot be written is skipped."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f"{target.name}.{os.getpid()}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, target)
    except OSError:
        pass


_FROZEN = False


def build_xmlschema(
    sources: list[str], documents: Iterable[str], uri_mapper: Any, cache_dir: str | None = None
) -> Any:
    """The xmlschema schema of ``sources`` — from the cache when the documents are
    unchanged; the cache is written atomically and a broken entry is rebuilt."""
    import gc
    import pickle
    import warnings

    # Importing xmlschema and unpickling a schema create ~10^5 objects and no garbage: the
    # cyclic collector would only walk them again and again (~20 % of the load time).
    paused = gc.isenabled()
    gc.disable()
    try:
        import xmlschema

        target = cache_file(schema_key(sources, documents), ".pickle", cache_dir)
        if target is not None and target.is_file():
            try:
                with open(target, "rb") as fh:
                    loaded = pickle.load(fh)
                # kept for the life of the process: out of the collector's sight (a full
                # collection would walk them every time). Once per process only: frozen
                # objects are never collected, and a process that builds many validators
                # (tests, a service) must not keep every schema it ever loaded
                global _FROZEN
                if not _FROZEN:
                    _FROZEN = True
                    gc.freeze()
                return loaded
            except Exception:
                pass
    finally:
        if paused:
            gc.enable()
    with warnings.catch_warnings():
        # lxml compiled this schema already; xmlschema's notes on imports it skips
        # (e.g. an annotation-only namespace) are noise here
        warnings.simplefilter("ignore")
        source: Any = sources if len(sources) > 1 else sources[0]
        schema = xmlschema.XMLSchema(
            source,
            uri_mapper=uri_mapper,
            allow="local",
            defuse="always",
        )
    if target is not None:
        old = sys.getrecursionlimit()
        sys.setrecursionlimit(max(old, 20_000))
        try:
            data = pickle.dumps(schema, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:
            data = b""
        finally:
            sys.setrecursionlimit(old)
        if data:
            write_atomic(target, data)
    return schema
