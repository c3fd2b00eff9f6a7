"""Hardened lxml parsing: no entities, no DTD, no XInclude, no network, bounded trees.

Every XML file the core reads goes through here. A refused or unreadable document raises
:class:`XmlInputError` naming file, line, column and a stable rule id:

========================  ==============================================================
``xml.empty``             nothing but white space (or a byte order mark)
``xml.not-xml``           does not start with ``<`` (JSON, PDF, ZIP, plain text …)
``xml.encoding``          BOM and declaration disagree, undecodable bytes, unknown encoding
``xml.truncated``         the input ends inside the document (cut-off download or write)
``xml.malformed``         any other well-formedness error
``xml.entities``          the DOCTYPE declares entities (XXE file/http, billion laughs,
                          quadratic blowup — all need an ``<!ENTITY``)
``xml.external-dtd``      the DOCTYPE names an external DTD (SYSTEM/PUBLIC), or the parser
                          tried to load any external resource
``xml.xinclude``          an ``xi:include`` element (XInclude 2001 or 2003 namespace)
``xml.depth``             elements nested deeper than ``Limits.max_depth``
``xml.text-size``         a text node or attribute value longer than ``Limits.max_text``
``xml.too-large``         the document is larger than ``Limits.max_bytes``
``io``                    the file cannot be read (missing, no permission, a folder)
``io.special-file``       a FIFO, device or socket: refused without being opened for reading
========================  ==============================================================

Why the checks are cheap: with the default :class:`Limits` (depth 256, text 10 MB) libxml2
enforces depth and text size itself while parsing (its limits without ``XML_PARSE_HUGE`` are
exactly these), so no Python-level tree walk runs. Other limits switch libxml2 to huge mode
where needed and add one ``iterwalk`` pass. See ``docs/security.md``.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator

import attrs
from lxml import etree

from .diagnose import syntax_error
from .encoding import encoding_problem, first_significant_char, plain_start_ok, sniff
from .errors import XmlInputError
from .parsers import parser_for, safe_parser

__all__ = [
    "DEFAULT_LIMITS",
    "Limits",
    "Parsed",
    "XmlInputError",
    "open_regular",
    "parse_bytes",
    "parse_file",
    "parse_files",
    "read_limited",
    "safe_parser",
]

# libxml2's own limits: without XML_PARSE_HUGE, and the hard ceiling with it.
_LIBXML_DEPTH, _LIBXML_TEXT = 256, 10_000_000
_HUGE_DEPTH, _HUGE_TEXT = 2048, 1_000_000_000
_XINCLUDE_NS = ("http://www.w3.org/2001/XInclude", "http://www.w3.org/2003/XInclude")
# Exact names, not "{ns}*": lxml matches them much faster, and only <include> acts.
_XINCLUDE_TAGS = tuple(f"{{{ns}}}include" for ns in _XINCLUDE_NS)


def _positive(_inst: object, attribute: attrs.Attribute, value: int) -> None:  # type: ignore[type-arg]
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise ValueError(f"Limits.{attribute.name} must be a positive integer, got {value!r}")


def _at_most(ceiling: int):  # type: ignore[no-untyped-def]
    def check(_inst: object, attribute: attrs.Attribute, value: int) -> None:  # type: ignore[type-arg]
        if value > ceiling:
            raise ValueError(
                f"Limits.{attribute.name} must be at most {ceiling} "
                f"(libxml2's ceiling even in huge mode), got {value}"
            )

    return check


@attrs.frozen
class Limits:
    """Resource limits for one document. The defaults suit XÖV messages and cost nothing
    extra (libxml2 enforces them natively); raise or lower them per call, e.g.
    ``Limits(max_depth=64)`` or ``attrs.evolve(DEFAULT_LIMITS, max_bytes=500_000_000)``."""

    max_depth: int = attrs.field(
        default=_LIBXML_DEPTH, validator=[_positive, _at_most(_HUGE_DEPTH)]
    )
    #: UTF-8 bytes of one text node or attribute value (as libxml2 counts).
    max_text: int = attrs.field(default=_LIBXML_TEXT, validator=[_positive, _at_most(_HUGE_TEXT)])
    #: bytes of the whole document as read from disk or the network.
    max_bytes: int = attrs.field(default=100_000_000, validator=_positive)

    @property
    def huge(self) -> bool:
        """Whether libxml2 must run in huge mode to allow these limits."""
        return self.max_depth > _LIBXML_DEPTH or self.max_text > _LIBXML_TEXT

    @property
    def needs_walk(self) -> bool:
        """Whether libxml2's own limits differ from these, so a Python pass must check."""
        depth, text = (_HUGE_DEPTH, _HUGE_TEXT) if self.huge else (_LIBXML_DEPTH, _LIBXML_TEXT)
        return self.max_depth != depth or self.max_text != text


DEFAULT_LIMITS = Limits()


def _line_of(data: bytes, needle: bytes) -> int:
    i = data.find(needle)
    return data.count(b"\n", 0, i) + 1 if i >= 0 else 1


def _refuse_doctype(tree: etree._ElementTree, data: bytes, file: str | None) -> None:
    docinfo = tree.docinfo
    dtd = docinfo.internalDTD
    if dtd is None:
        return
    entities = list(dtd.iterentities())
    if entities:
        names = ", ".join(e.name or "?" for e in entities[:5])
        external = [e.system_url for e in entities if e.system_url]
        why = (
            f"external entities ({', '.join(external[:3])}) would read files or URLs (XXE)"
            if external
            else "entities enable expansion bombs (billion laughs, quadratic blowup)"
        )
        raise XmlInputError(
            f"the DOCTYPE declares entities ({names}); refused: {why}. XÖV messages never "
            f"declare entities — remove the DOCTYPE",
            file=file,
            line=_line_of(data, b"<!ENTITY"),
            rule="xml.entities",
        )
    if docinfo.system_url or docinfo.public_id:
        raise XmlInputError(
            f"the DOCTYPE references an external DTD "
            f"({docinfo.system_url or docinfo.public_id!r}); refused, nothing is loaded — "
            f"remove the DOCTYPE",
            file=file,
            line=_line_of(data, b"<!DOCTYPE"),
            rule="xml.external-dtd",
        )


def _refuse_xinclude(root: etree._Element, file: str | None) -> None:
    for el in root.iter(*_XINCLUDE_TAGS):
        raise XmlInputError(
            f"XInclude element <{etree.QName(el).localname}> refused: XInclude would read "
            f"files or URLs ({el.get('href')!r}); include the content literally",
            file=file,
            line=el.sourceline,
            rule="xml.xinclude",
        )


def _too_long(text: str, limit: int) -> bool:
    n = len(text)
    return n > limit or (n * 4 > limit and len(text.encode("utf-8")) > limit)


def _walk_limits(root: etree._Element, limits: Limits, file: str | None) -> None:
    """One cheap pass for limits libxml2 does not enforce itself (only for custom Limits)."""
    max_depth, max_text = limits.max_depth, limits.max_text
    depth = 0

    def text_error(el: etree._Element, what: str) -> XmlInputError:
        return XmlInputError(
            f"{what} is longer than {max_text} bytes (Limits.max_text); refused",
            file=file,
            line=el.sourceline,
            rule="xml.text-size",
        )

    for event, el in etree.iterwalk(root, events=("start", "end")):
        is_element = isinstance(el.tag, str)
        if event == "start":
            if is_element:
                depth += 1
                if depth > max_depth:
                    raise XmlInputError(
                        f"elements are nested deeper than {max_depth} levels "
                        f"(Limits.max_depth); refused",
                        file=file,
                        line=el.sourceline,
                        rule="xml.depth",
                    )
                for name, value in el.attrib.items():
                    if _too_long(value, max_text):
                        raise text_error(el, f"attribute {name!r} of <{el.tag}>")
            if el.text is not None and _too_long(el.text, max_text):
                raise text_error(el, f"the text of <{el.tag}>")
        else:
            if is_element:
                depth -= 1
            if el.tail is not None and _too_long(el.tail, max_text):
                raise text_error(el, "the text after this element")


def parse_bytes(
    data: bytes,
    *,
    file: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    base_url: str | None = None,
) -> etree._ElementTree:
    """Parse ``data`` with every refusal listed in the module docstring.

    ``file`` only names the document in errors; ``base_url`` (``parse_file`` sets it) becomes
    the document's URL for callers that resolve relative references themselves — the parser
    never loads anything. Raises :class:`XmlInputError`."""
    if not isinstance(data, bytes):
        if isinstance(data, bytearray | memoryview):
            data = bytes(data)
        else:
            raise TypeError(f"parse_bytes needs bytes, got {type(data).__name__}")
    if len(data) > limits.max_bytes:
        raise XmlInputError(
            f"document has {len(data)} bytes, more than {limits.max_bytes} "
            f"(Limits.max_bytes); refused",
            file=file,
            rule="xml.too-large",
        )
    plain = plain_start_ok(data)  # 8-bit encoding: every name is in the bytes as ASCII
    if not plain:
        _refuse_start(data, file)
    if limits is DEFAULT_LIMITS:  # the hot path: no property calls
        huge = walk = False
    else:
        huge, walk = limits.huge, limits.needs_walk
    parser, tripwire = parser_for(huge)
    if tripwire.hits:
        tripwire.hits.clear()
    try:
        root = etree.fromstring(data, parser, base_url=base_url)
    except etree.XMLSyntaxError as exc:
        sniffed = sniff(data)
        raise syntax_error(
            exc,
            data,
            file,
            sniffed.codec,
            sniffed.declared,
            max_depth=limits.max_depth,
            max_text=limits.max_text,
            huge=huge,
        ) from None
    if tripwire.hits:
        loaded = tripwire.hits[0]
        tripwire.hits.clear()
        raise XmlInputError(
            f"the parser tried to load {loaded!r}; refused, nothing was loaded",
            file=file,
            line=1,
            rule="xml.external-dtd",
        )
    tree = root.getroottree()
    _refuse_doctype(tree, data, file)
    # An XInclude namespace can only be there if its name is in the bytes, spelled out or
    # hidden behind character references; only then is the tree searched. Each byte string
    # is looked for only after its first byte was found: one byte is a memchr (~0.3 µs for
    # 4 KB), while a search for b"&#" walks byte by byte (~5 µs).
    if not plain or (b"X" in data and b"XInclude" in data) or (b"&" in data and b"&#" in data):
        _refuse_xinclude(root, file)
    if walk:
        _walk_limits(root, limits, file)
    return tree


def _refuse_start(data: bytes, file: str | None) -> None:
    """The slow path for documents that do not start with a plain ``<``: empty, BOM,
    UTF-16/32, contradicting declaration, or no XML at all. Returns if the start is fine."""
    sniffed = sniff(data)
    first = first_significant_char(data, sniffed)
    if first is None:
        what = (
            "only a byte order mark" if sniffed.bom else ("only white space" if data else "empty")
        )
        raise XmlInputError(f"document is {what}; no XML in it", file=file, rule="xml.empty")
    problem = encoding_problem(sniffed)
    if problem:
        raise XmlInputError(problem, file=file, line=1, column=1, rule="xml.encoding")
    if first != "<":
        raise XmlInputError(
            f"not XML: the content starts with {first!r} instead of '<' "
            f"({_guess_kind(data, sniffed.bom_length)})",
            file=file,
            line=1,
            rule="xml.not-xml",
        )


def _guess_kind(data: bytes, start: int) -> str:
    head = data[start : start + 8].lstrip()
    for magic, kind in (
        (b"%PDF", "looks like PDF"),
        (b"PK\x03\x04", "looks like ZIP/DOCX"),
        (b"{", "looks like JSON"),
        (b"[", "looks like JSON"),
        (b"\x89PNG", "looks like PNG"),
        (b"\x1f\x8b", "looks like gzip"),
    ):
        if head.startswith(magic):
            return kind
    return "a text or binary file, not XML"


_KINDS = (
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def _not_regular(mode: int, name: str) -> XmlInputError | None:
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return XmlInputError("cannot read: is a folder, not a file", file=name, rule="io")
    kind = next((what for test, what in _KINDS if test(mode)), "no regular file")
    return XmlInputError(
        f"{kind}, not a regular file; refused without reading it (reading "
        f"could block forever or never end)",
        file=name,
        rule="io.special-file",
    )


def open_regular(path: str | os.PathLike[str]) -> int:
    """An fd open for reading on ``path`` — only if it is a regular file. FIFOs, devices and
    sockets are refused (:class:`XmlInputError`, rule ``io.special-file``) without being
    opened for reading: reading a FIFO blocks until a writer comes, a device may never end.

    ``os.stat`` decides before anything is opened; the open itself is non-blocking and its
    ``fstat`` is checked again, so a file swapped for a FIFO in between cannot block us.
    Other failures are rule ``io``. The caller closes the fd."""
    return _open_regular(path, os.fsdecode(path))[0]


def _open_regular(path: str | os.PathLike[str], name: str) -> tuple[int, os.stat_result]:
    try:
        refused = _not_regular(os.stat(path).st_mode, name)
        if refused is not None:
            raise refused
        fd = os.open(path, _READ_FLAGS)
    except OSError as exc:
        raise XmlInputError(f"cannot read: {exc.strerror or exc}", file=name, rule="io") from None
    try:
        st = os.fstat(fd)
        refused = _not_regular(st.st_mode, name)
    except OSError as exc:
        refused = XmlInputError(f"cannot read: {exc.strerror or exc}", file=name, rule="io")
    if refused is not None:
        os.close(fd)
        raise refused
    return fd, st


_READ_FLAGS = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)


def read_limited(path: str | os.PathLike[str], max_bytes: int = DEFAULT_LIMITS.max_bytes) -> bytes:
    """The bytes of the regular file ``path``, at most ``max_bytes`` of them — the one file
    reader of the core (validation, ``parse_file``). The size is checked before reading (and
    again while reading, for a file that grows). Raises :class:`XmlInputError`: ``io``,
    ``io.special-file`` (see :func:`open_regular`) or ``xml.too-large``."""
    name = path if isinstance(path, str) else os.fsdecode(path)
    fd, st = _open_regular(path, name)  # os-level calls: a third of the cost of open().read()
    try:
        size = st.st_size
        if size > max_bytes:
            raise XmlInputError(
                f"file has {size} bytes, more than {max_bytes} (Limits.max_bytes); refused",
                file=name,
                rule="xml.too-large",
            )
        data = os.read(fd, size + 1)
        if len(data) > size:  # the file grew while we read it
            chunks, total = [data], len(data)
            while chunk := os.read(fd, 1 << 20):
                chunks.append(chunk)
                total += len(chunk)
                if total > max_bytes:
                    raise XmlInputError(
                        f"file has more than {max_bytes} bytes (Limits.max_bytes); refused",
                        file=name,
                        rule="xml.too-large",
                    )
            data = b"".join(chunks)
        return data
    except OSError as exc:
        raise XmlInputError(f"cannot read: {exc.strerror or exc}", file=name, rule="io") from None
    finally:
        os.close(fd)


def parse_file(
    path: str | os.PathLike[str], *, limits: Limits = DEFAULT_LIMITS
) -> etree._ElementTree:
    """Read (:func:`read_limited`) and parse one file. Raises :class:`XmlInputError`."""
    name = os.fsdecode(path)
    return parse_bytes(
        read_limited(path, limits.max_bytes), file=name, limits=limits, base_url=name
    )


@attrs.frozen
class Parsed:
    """One file of a batch: its tree, or the error that refused it (never both)."""

    file: str
    tree: etree._ElementTree | None = attrs.field(default=None, repr=False)
    error: XmlInputError | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def parse_files(
    paths: Iterable[str | os.PathLike[str]], *, limits: Limits = DEFAULT_LIMITS
) -> Iterator[Parsed]:
    """Parse many files; a bad file yields its error and the batch goes on."""
    for path in paths:
        try:
            yield Parsed(os.fspath(path), parse_file(path, limits=limits))
        except XmlInputError as exc:
            yield Parsed(os.fspath(path), error=exc)
