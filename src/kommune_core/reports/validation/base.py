"""The streaming report interface: a writer receives each :class:`FileResult` as it arrives
(``add``) and the :class:`Summary` at the end (``finish``). Writers that need the whole batch
for their layout spool per-file fragments to a temporary file, so memory stays flat for
100,000 files.

File names and texts are written safely and losslessly in every format
(:func:`escape_name`, :func:`printable`): a name is whatever bytes the file system holds —
not necessarily UTF-8, possibly with control characters that would break a JUnit file or
move the cursor of the terminal a text report is shown on.
"""

from __future__ import annotations

import os
import re
from typing import IO

from ...validation.results import FileResult, Summary

__all__ = [
    "ReportWriter",
    "SpoolingWriter",
    "escape_name",
    "no_surrogates",
    "printable",
    "unescape_name",
]

# Unsafe in a report: C0 controls and DEL, C1 controls (U+009B is a terminal's CSI), line and
# paragraph separators, the bidi controls of "Trojan Source", and surrogates (what
# os.fsdecode makes of file-name bytes that are not UTF-8), and the non-characters XML forbids.
_UNSAFE = "\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff"
_TEXT_NEEDS = re.compile(f"[{_UNSAFE}]")
# On POSIX a backslash is an ordinary name character: escaped too, so escapes stay unique.
_NAME_NEEDS = re.compile(f"[{_UNSAFE}\\\\]") if os.sep == "/" else _TEXT_NEEDS
_ESCAPED = re.compile(r"\\(\\|x[0-9a-f]{2}|u[0-9a-f]{4})")


def _escape(ch: str) -> str:
    code = ord(ch)
    if ch == "\\":
        return "\\\\"
    if 0xDC80 <= code <= 0xDCFF:  # a byte that is not UTF-8
        return f"\\x{code - 0xDC00:02x}"
    if code < 0x80:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"


def escape_name(name: str) -> str:
    r"""A file name as every report writes it: unchanged unless it holds something unsafe;
    then a byte that is not UTF-8 becomes ``\xNN`` (NN ≥ 80), a control character ``\xNN``
    (NN < 80) or ``\uNNNN``, and (on POSIX) a backslash ``\\`` — so the original name can
    always be recovered (:func:`unescape_name`).

    >>> escape_name("a\udcffb\x1b[31m.xml")
    'a\\xffb\\x1b[31m.xml'
    >>> unescape_name(escape_name("a\udcffb\x1b[31m\\.xml")) == "a\udcffb\x1b[31m\\.xml"
    True
    """
    if not _NAME_NEEDS.search(name):
        return name
    return _NAME_NEEDS.sub(lambda m: _escape(m.group()), name)


def unescape_name(text: str) -> str:
    """The file name (as :func:`os.fsdecode` gives it) that :func:`escape_name` wrote;
    ``os.fsencode`` of it gives the original bytes."""
    if os.sep != "/":  # pragma: no cover - backslashes are separators there
        return text

    def back(m: re.Match[str]) -> str:
        code = m.group(1)
        if code == "\\":
            return "\\"
        value = int(code[1:], 16)
        return chr(0xDC00 + value) if code[0] == "x" and value >= 0x80 else chr(value)

    return _ESCAPED.sub(back, text)


def printable(text: str, keep: str = "") -> str:
    r"""``text`` with unsafe characters escaped as in :func:`escape_name` (backslashes stay
    as they are); ``keep`` lists characters that may stay (``"\n"`` for a multi-line
    message).

    >>> printable("Wert \x9b31m\nweiter", keep="\n")
    'Wert \\u009b31m\nweiter'
    """
    if not _TEXT_NEEDS.search(text):
        return text
    return _TEXT_NEEDS.sub(lambda m: m.group() if m.group() in keep else _escape(m.group()), text)


_SURROGATES = re.compile("[\ud800-\udfff]")


def no_surrogates(text: str) -> str:
    """``text`` with only surrogates escaped (``\\xNN`` for a byte that is not UTF-8): for
    JSON, which escapes control characters itself but cannot hold a lone surrogate."""
    if not _SURROGATES.search(text):
        return text
    return _SURROGATES.sub(lambda m: _escape(m.group()), text)


class ReportWriter:
    """Base class. ``out`` is a text stream the writer owns for the batch."""

    suffix = ".txt"

    def __init__(self, out: IO[str]) -> None:
        self.out = out

    def add(self, result: FileResult) -> None:
        raise NotImplementedError

    def finish(self, summary: Summary) -> None:
        raise NotImplementedError


class SpoolingWriter(ReportWriter):
    """Keeps fragments in memory up to a few MB, then on disk."""

    def __init__(self, out: IO[str]) -> None:
        import tempfile  # here: the text writer, which does not spool, need not import it

        super().__init__(out)
        self._spool: IO[str] = tempfile.SpooledTemporaryFile(  # noqa: SIM115 - closed in drain
            max_size=4 * 1024 * 1024, mode="w+", encoding="utf-8"
        )

    def spool(self, text: str) -> None:
        self._spool.write(text)

    def drain(self) -> None:
        """Copy every spooled fragment to ``out`` (in order) and discard the spool."""
        self._spool.seek(0)
        while block := self._spool.read(1 << 16):
            self.out.write(block)
        self._spool.close()
