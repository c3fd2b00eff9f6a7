"""Cheap checks on the first bytes of an XML document: byte order mark, declared encoding.

libxml2 silently lets a byte order mark win over a contradicting ``encoding=`` declaration
and reports UTF-16 bytes without BOM or declaration as "Char 0x0 out of allowed range".
Both deserve a clear ``xml.encoding`` refusal before the parser runs; everything else about
encodings (undecodable bytes, unknown encoding names) is left to libxml2 and mapped after.

UTF-32 (UCS-4) is refused as the reference parsers refuse it: XML 1.0 (5th ed., § 4.3.3)
obliges a processor to read UTF-8 and UTF-16 only, and libxml2's own parser (``xmllint``)
and Xerces (the engine of the KoSIT validator) do not read a UTF-32 document — while lxml's
parse from bytes would (it decodes UTF-32 before libxml2 sees it). A message that only this
validator accepts would be rejected by the receiver's.
(XML 1.0 § 4.3.3: https://www.w3.org/TR/xml/#charencoding — confidence H.)
"""

from __future__ import annotations

import re

import attrs

__all__ = ["Sniffed", "encoding_problem", "first_significant_char", "plain_start_ok", "sniff"]

# Longest first: the UTF-32 LE BOM starts with the UTF-16 LE BOM.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\xfe\xff", "utf-16-be"),
    (b"\xff\xfe", "utf-16-le"),
)
# Declaration names that agree with each BOM / byte family (normalised: lower, no - or _).
_COMPATIBLE = {
    "utf-8": frozenset({"utf8"}),
    "utf-16-le": frozenset({"utf16", "utf16le", "ucs2", "iso10646ucs2"}),
    "utf-16-be": frozenset({"utf16", "utf16be", "ucs2", "iso10646ucs2"}),
    "utf-32-le": frozenset({"utf32", "utf32le", "ucs4", "iso10646ucs4"}),
    "utf-32-be": frozenset({"utf32", "utf32be", "ucs4", "iso10646ucs4"}),
}
_WIDE = frozenset(n for fam, names in _COMPATIBLE.items() if fam != "utf-8" for n in names)
_DECL = re.compile(
    rb"<\?xml\s+version\s*=\s*(?:'[^']*'|\"[^\"]*\")\s+encoding\s*=\s*(?:'([^']*)'|\"([^\"]*)\")"
)


@attrs.frozen
class Sniffed:
    """What the first bytes say: BOM family (or None), byte family, declared encoding."""

    bom: str | None
    bom_length: int
    family: str  # "8bit", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be", "utf-8" (BOM)
    declared: str | None

    @property
    def codec(self) -> str:
        """A Python codec good enough to count lines and columns in an error report."""
        if self.bom:
            return self.bom
        if self.family != "8bit":
            return self.family
        return self.declared or "utf-8"


#: Declarations most files start with: nothing more to check for them.
_COMMON_DECLS = (
    b'<?xml version="1.0" encoding="UTF-8"?>',
    b'<?xml version="1.0" encoding="utf-8"?>',
    b"<?xml version='1.0' encoding='UTF-8'?>",
    b'<?xml version="1.0"?>',
)


def plain_start_ok(data: bytes) -> bool:
    """The hot path: ``True`` when ``data`` starts with ``<`` in an 8-bit encoding and does not
    declare a UTF-16/32 encoding — then no BOM or byte-family check is needed at all."""
    if data.startswith(_COMMON_DECLS):
        return True
    if data[:1] != b"<" or data[1:2] == b"\x00":
        return False
    if not data.startswith(b"<?xml"):
        return True
    decl = data[: data.find(b"?>", 0, 400) % 400]
    if b"16" not in decl and b"32" not in decl and b"cs" not in decl and b"CS" not in decl:
        return True  # no UTF-16/32 or UCS-2/4 name can be declared here
    m = _DECL.match(data, 0, 400)
    if m is None:
        return True
    raw = m.group(1) if m.group(1) is not None else m.group(2)
    return _normal(raw.decode("ascii", errors="replace").strip()) not in _WIDE


def _normal(name: str) -> str:
    return name.lower().replace("-", "").replace("_", "")


def _declared(head: bytes, family: str) -> str | None:
    if family in ("8bit", "utf-8"):
        text = head
    else:
        text = head.decode(family, errors="replace").encode("ascii", errors="replace")
    m = _DECL.match(text)
    if m is None:
        return None
    raw = m.group(1) if m.group(1) is not None else m.group(2)
    return raw.decode("ascii", errors="replace").strip()


def sniff(data: bytes) -> Sniffed:
    """Byte order mark, byte family and the declared encoding of ``data`` (cheap: ≤ 400 bytes)."""
    bom, bom_len = None, 0
    for mark, name in _BOMS:
        if data.startswith(mark):
            bom, bom_len = name, len(mark)
            break
    if bom is not None:
        family = bom
    elif data.startswith(b"<\x00\x00\x00"):
        family = "utf-32-le"
    elif data.startswith(b"\x00\x00\x00<"):
        family = "utf-32-be"
    elif data.startswith(b"<\x00"):
        family = "utf-16-le"
    elif data.startswith(b"\x00<"):
        family = "utf-16-be"
    else:
        family = "8bit"
    head = data[bom_len : bom_len + 400]
    declared = _declared(head, family)
    return Sniffed(bom=bom, bom_length=bom_len, family=family, declared=declared)


UTF32_REFUSAL = (
    "UTF-32 is not accepted: XML 1.0 (§ 4.3.3) requires parsers to read only "
    "UTF-8 and UTF-16, and the reference parsers (libxml2/xmllint, Xerces as in "
    "the KoSIT validator) refuse UTF-32 documents; save the message as UTF-8"
)


def encoding_problem(s: Sniffed) -> str | None:
    """Why the document's encoding is refused (UTF-32), or why BOM, byte family and
    declaration contradict each other; None when all is well."""
    if s.family.startswith("utf-32"):
        return UTF32_REFUSAL
    declared = _normal(s.declared) if s.declared else None
    if s.bom is not None:
        if declared is not None and declared not in _COMPATIBLE[s.bom]:
            return (
                f"byte order mark says {s.bom.upper()}, but the XML declaration says "
                f"encoding={s.declared!r}; fix the declaration or re-save the file"
            )
        return None
    if s.family != "8bit":
        if declared is None:
            return (
                f"the bytes look like {s.family.upper()} without byte order mark or "
                f'encoding declaration; add a BOM or encoding="{s.family.upper()}"'
            )
        if declared not in _COMPATIBLE[s.family]:
            return (
                f"the bytes look like {s.family.upper()}, but the XML declaration says "
                f"encoding={s.declared!r}"
            )
        return None
    if declared is not None and declared in _WIDE:
        return (
            f"the XML declaration says encoding={s.declared!r}, but the bytes are an 8-bit "
            f"encoding (no UTF-16/32 byte order mark, no zero bytes); fix the declaration"
        )
    return None


def first_significant_char(data: bytes, s: Sniffed) -> str | None:
    """The first character after BOM and white space, or None if there is nothing else."""
    if s.family in ("8bit", "utf-8"):
        i, n = s.bom_length, len(data)
        while i < n and data[i] in b" \t\r\n":
            i += 1
        return chr(data[i]) if i < n else None
    text = data[s.bom_length : s.bom_length + 400].decode(s.family, errors="replace").lstrip()
    return text[0] if text else None
