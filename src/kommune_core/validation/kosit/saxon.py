"""Saxon-HE for Python (``saxonche``): XSLT 2.0/3.0 stylesheets — precompiled Schematron,
Schematron compiled from ``queryBinding="xslt2"``/``"xslt3"``, KoSIT report stylesheets.

``saxonche`` is an optional dependency (extra ``kosit``) and is imported on first use only:
a run that needs no XSLT 2 never loads it. One processor per process; each stylesheet is
compiled once. Errors become :class:`SaxonError` carrying Saxon's message (which names the
stylesheet's line).

Stylesheets come with a configuration and are trusted like code, but not beyond reading:
the processor may only use ``file:`` URIs (``allowedProtocols``: no ``document()``,
``unparsed-text()`` or ``xsl:include`` over the network), and a stylesheet — or one it
includes or imports — that writes files (``xsl:result-document``) is refused before it is
compiled.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import Any

__all__ = ["SaxonError", "SaxonUnavailable", "Stylesheet", "processor"]

_PROCESSOR: Any = None


class SaxonError(ValueError):
    """A stylesheet that does not compile, or a transformation that fails."""


class SaxonUnavailable(SaxonError):
    """``saxonche`` is not installed."""


def processor() -> Any:
    """The process's ``PySaxonProcessor`` (created on first use)."""
    global _PROCESSOR
    if _PROCESSOR is None:
        try:
            from saxonche import PySaxonProcessor
        except ImportError:
            raise SaxonUnavailable(
                "XSLT 2.0/3.0 needs Saxon-HE for Python: pip install 'kommune-core[kosit]' "
                "(package saxonche)"
            ) from None
        proc = PySaxonProcessor(license=False)
        proc.set_configuration_property("http://saxon.sf.net/feature/allowedProtocols", "file")
        _PROCESSOR = proc
    return _PROCESSOR


XSL = "http://www.w3.org/1999/XSL/Transform"


def refuse_unsafe(path: Path | None, text: str | None = None) -> None:
    """Raise :class:`SaxonError` (file and line) for ``xsl:result-document`` in the
    stylesheet or any stylesheet it includes or imports, and for an include or import that
    is not a local file."""
    from urllib.parse import unquote, urlparse

    from lxml import etree

    from ...xml.parsers import hardened_parser

    parser = hardened_parser()
    todo: list[tuple[Path | None, str | None]] = [(path, text)]
    seen: set[Path] = set()
    while todo:
        file, body = todo.pop()
        name = str(file or "<stylesheet>")
        try:
            root = (
                etree.fromstring(body.encode("utf-8"), parser)
                if body is not None
                else etree.parse(str(file), parser).getroot()
            )
        except (OSError, etree.XMLSyntaxError) as exc:
            raise SaxonError(f"{name}: stylesheet cannot be read: {exc}") from None
        for el in root.iter(f"{{{XSL}}}result-document"):
            raise SaxonError(
                f"{name}:{el.sourceline}: xsl:result-document (writing files) is "
                "not allowed in a validation stylesheet"
            )
        for el in root.iter(f"{{{XSL}}}include", f"{{{XSL}}}import"):
            href = el.get("href") or ""
            url = urlparse(href)
            if url.scheme not in ("", "file") or url.netloc:
                raise SaxonError(
                    f"{name}:{el.sourceline}: {etree.QName(el).localname} of "
                    f"{href!r}: only local files are loaded"
                )
            base = file.parent if file is not None else Path.cwd()
            target = (base / unquote(url.path)).resolve()
            if not target.is_file():
                raise SaxonError(
                    f"{name}:{el.sourceline}: {etree.QName(el).localname} of "
                    f"{href!r}: {target} not found"
                )
            if target not in seen:
                seen.add(target)
                todo.append((target, None))


def _message(exc: Exception) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


class Stylesheet:
    """One compiled XSLT stylesheet (from ``path`` or from ``text`` with ``base``)."""

    def __init__(
        self, path: Path | None = None, *, text: str | None = None, base: Path | None = None
    ) -> None:
        proc = processor()
        from saxonche import PySaxonApiError

        self.name = str(path or base or "<stylesheet>")
        refuse_unsafe(path if path is not None else base, text)
        xslt = proc.new_xslt30_processor()
        try:
            if path is not None:
                self._exe = xslt.compile_stylesheet(stylesheet_file=str(path))
            else:
                if base is not None:
                    xslt.set_cwd(str(base.parent))
                self._exe = xslt.compile_stylesheet(stylesheet_text=text)
        except PySaxonApiError as exc:
            raise SaxonError(f"{self.name}: XSLT does not compile: {_message(exc)}") from None
        if self._exe is None:
            raise SaxonError(f"{self.name}: XSLT does not compile")

    def transform(self, node: Any, params: dict[str, Any] | None = None) -> str:
        """The result of applying the stylesheet to ``node`` (a parsed document), as text."""
        from saxonche import PySaxonApiError

        exe = self._exe
        exe.clear_parameters()
        for name, value in (params or {}).items():
            exe.set_parameter(name, value)
        with _StderrCapture() as captured:
            try:
                out = exe.transform_to_string(xdm_node=node)
                failed = None
            except PySaxonApiError as exc:
                failed = _message(exc)
        if failed is not None:
            where = _where(captured.text)
            raise SaxonError(f"{self.name}: XSLT failed{where}: {failed}") from None
        if out is None:
            raise SaxonError(f"{self.name}: XSLT produced no result")
        return str(out)


class _StderrCapture:
    """Saxon's native layer writes the details of a run-time error (with the stylesheet's
    line) and ``xsl:message`` output to file descriptor 2; during a transformation that goes
    to a scratch file, from which an error's location is taken (and the noise dropped)."""

    _file: Any = None
    _pid = -1

    def __enter__(self) -> _StderrCapture:
        import tempfile

        if _StderrCapture._pid != os.getpid():  # one scratch file per (forked) process
            _StderrCapture._file = tempfile.TemporaryFile()
            _StderrCapture._pid = os.getpid()
        self.text = ""
        self._saved = -1
        try:
            sys.stderr.flush()
            self._saved = os.dup(2)
            _StderrCapture._file.seek(0)
            _StderrCapture._file.truncate()
            os.dup2(_StderrCapture._file.fileno(), 2)
        except (OSError, ValueError):  # no fd 2 to redirect: leave it
            self._saved = -1
        return self

    def __exit__(self, *exc: object) -> None:
        if self._saved < 0:
            return
        os.dup2(self._saved, 2)
        os.close(self._saved)
        f = _StderrCapture._file
        f.seek(0)
        self.text = f.read(8192).decode("utf-8", "replace")


def _where(captured: str) -> str:
    """`` at line N column M of FILE`` from Saxon's error text, if it names one."""
    m = re.search(r"on line (\d+)(?: column (\d+))? of ([^:\n]+)", captured)
    if not m:
        return ""
    col = f" column {m.group(2)}" if m.group(2) else ""
    return f" at {m.group(3).strip()} line {m.group(1)}{col}"


def parse(text: str, base_uri: str | None = None) -> Any:
    """``text`` (a serialized document) as a Saxon document node."""
    from saxonche import PySaxonApiError

    builder = processor().new_document_builder()
    if base_uri:
        builder.set_base_uri(base_uri)
    try:
        return builder.parse_xml(xml_text=text)
    except PySaxonApiError as exc:
        raise SaxonError(f"Saxon cannot read the document: {_message(exc)}") from None


def from_lxml(tree: Any, file: str | None = None) -> Any:
    """An lxml tree (already parsed and hardened) as a Saxon document node."""
    from lxml import etree

    uri = Path(file).resolve().as_uri() if file else None
    return parse(etree.tostring(tree, encoding="unicode"), uri)
