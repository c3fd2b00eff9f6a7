"""Saxon-HE for Python (``saxonche``): XSLT 2.0/3.0 stylesheets — precompiled Schematron,
Schematron compiled from ``queryBinding="xslt2"``/``"xslt3"``, KoSIT report stylesheets.

``saxonche`` is an optional dependency (extra ``kosit``) and is imported on first use only:
a run that needs no XSLT 2 never loads it. One processor per process; each stylesheet is
compiled once. Errors become :class:`SaxonError` carrying Saxon's message (which names the
stylesheet's line).
"""

from __future__ import annotations

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
        _PROCESSOR = PySaxonProcessor(license=False)
    return _PROCESSOR


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
        try:
            out = exe.transform_to_string(xdm_node=node)
        except PySaxonApiError as exc:
            raise SaxonError(f"{self.name}: XSLT failed: {_message(exc)}") from None
        if out is None:
            raise SaxonError(f"{self.name}: XSLT produced no result")
        return str(out)


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
