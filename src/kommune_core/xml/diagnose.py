"""Turn a libxml2 syntax error into a refusal with the right rule id (error path only).

Order matters: entity declarations first (libxml2 may stop an expansion bomb with its own
amplification error), then libxml2's resource limits, then truncation (decided by the push
parser), then encodings; everything else is ``xml.malformed``.
"""

from __future__ import annotations

import re

from lxml import etree

from .errors import XmlInputError
from .parsers import new_parser

__all__ = ["syntax_error"]

_POSITION_SUFFIX = re.compile(r",? line \d+, column \d+\s*$")

_E = etree.ErrorTypes
_ENCODING_CODES = frozenset(
    {
        _E.ERR_INVALID_ENCODING,
        _E.ERR_UNSUPPORTED_ENCODING,
        _E.ERR_UNKNOWN_ENCODING,
        _E.ERR_ENCODING_NAME,
        _E.WAR_ENCODING_MISMATCH,
    }
)
_DECLARATION_CODES = frozenset(
    {_E.ERR_UNSUPPORTED_ENCODING, _E.ERR_UNKNOWN_ENCODING, _E.ERR_ENCODING_NAME}
)
# Errors libxml2's push parser only reports at close(): they are no sign of truncation.
_DEFERRED_CODES = frozenset(
    {_E.ERR_UNDECLARED_ENTITY, _E.WAR_UNDECLARED_ENTITY}
    | {getattr(_E, n) for n in dir(_E) if n.startswith("NS_ERR_")}
)


def _is_prefix(data: bytes, huge: bool) -> bool:
    """Whether ``data`` is the beginning of some well-formed document, i.e. was cut off.

    libxml2's push parser tells exactly that: it raises while being fed only on content
    that no continuation could fix, and complains at ``close()`` about what is missing."""
    parser = new_parser(huge)[0]
    try:
        parser.feed(data)
    except etree.XMLSyntaxError:
        return False
    try:
        parser.close()
    except etree.XMLSyntaxError:
        return True
    return False


_ENTITY_DECL = re.compile(rb"<!ENTITY\s+(?:%\s+)?([^\s\"'>]+)")


def _at_end(data: bytes, codec: str, line: int | None, column: int | None) -> bool:
    """Whether libxml2 stopped on the last character of the input."""
    if not line or not column:
        return False
    try:
        text = data.decode(codec, errors="ignore")
    except LookupError:
        text = data.decode("latin-1")
    last = text[text.rfind("\n") + 1 :]
    return line >= text.count("\n") + 1 and column >= len(last)


def _declares_entities(data: bytes, codec: str) -> tuple[int, str] | None:
    """Line of the first ``<!ENTITY`` after a ``<!DOCTYPE`` and the names declared, or None."""
    if codec.replace("-", "").lower().startswith(("utf16", "utf32")):
        try:
            data = data.decode(codec, errors="ignore").encode("utf-8")
        except LookupError:
            return None
    doctype = data.find(b"<!DOCTYPE")
    entity = data.find(b"<!ENTITY", doctype) if doctype >= 0 else -1
    if entity < 0:
        return None
    names = [m.group(1).decode("utf-8", "replace") for m in _ENTITY_DECL.finditer(data, entity)]
    return data.count(b"\n", 0, entity) + 1, ", ".join(names[:5]) or "?"


def syntax_error(
    exc: etree.XMLSyntaxError,
    data: bytes,
    file: str | None,
    codec: str,
    declared: str | None,
    *,
    max_depth: int,
    max_text: int,
    huge: bool,
) -> XmlInputError:
    """The refusal for ``exc``, raised while parsing ``data`` (named ``file``)."""
    line, column = exc.position if exc.position else (exc.lineno, None)
    msg = _POSITION_SUFFIX.sub("", (exc.msg or str(exc)).strip()).strip()
    code = exc.code

    def err(text: str, rule: str) -> XmlInputError:
        return XmlInputError(text, file=file, line=line, column=column, rule=rule)

    declared_entities = _declares_entities(data, codec)
    if declared_entities is not None:
        entity_line, names = declared_entities
        return XmlInputError(
            f"the DOCTYPE declares entities ({names}); refused: entities enable XXE (reading "
            f"files or URLs) and expansion bombs (billion laughs, quadratic blowup). XÖV "
            f"messages never declare entities — remove the DOCTYPE (libxml2: {msg})",
            file=file,
            line=entity_line,
            rule="xml.entities",
        )
    if code == _E.ERR_RESOURCE_LIMIT:
        if "depth" in msg.lower():
            return err(
                f"elements are nested deeper than {max_depth} levels (Limits.max_depth); refused",
                "xml.depth",
            )
        return err(
            f"a text node or attribute value is longer than {max_text} bytes "
            f"(Limits.max_text); refused (libxml2: {msg})",
            "xml.text-size",
        )
    if (code not in _DEFERRED_CODES or _at_end(data, codec, line, column)) and _is_prefix(
        data, huge
    ):
        return err(
            f"the document ends prematurely ({msg}); the file looks truncated — "
            f"fetch or copy it again",
            "xml.truncated",
        )
    if code in _DECLARATION_CODES:
        return err(
            f"{msg}; declare an encoding libxml2 knows (UTF-8 is expected for XÖV)", "xml.encoding"
        )
    if code in _ENCODING_CODES or "UTF-8 sequence" in msg:
        said = f"encoding {declared!r}" if declared else "UTF-8 (no encoding declared)"
        return err(
            f"{msg}: the bytes are not valid {said}; re-save the file in the declared "
            f"encoding or correct the XML declaration",
            "xml.encoding",
        )
    return err(msg, "xml.malformed")
