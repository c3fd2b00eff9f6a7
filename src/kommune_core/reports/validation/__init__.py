"""Validation report writers — one registry for the built-in formats (text, json, junit,
sarif, html, kosit; streaming, see ``base``) and the ``validation`` formats plugins contribute
(hook ``kommune_report_formats``). Each built-in writer lives in its own module and is
imported only when chosen.

>>> sorted(formats())                                      # doctest: +NORMALIZE_WHITESPACE
['html', 'json', 'junit', 'kosit', 'sarif', 'text']
"""

from __future__ import annotations

import importlib
from typing import IO, Any

import attrs

from ...validation.results import FileResult, Summary
from .base import ReportWriter
from .text import TextWriter, summary_line

__all__ = [
    "FORMATS",
    "PluginWriter",
    "ReportWriter",
    "TextWriter",
    "UnknownFormatError",
    "ValidationReport",
    "formats",
    "make_writer",
    "summary_line",
]

#: built-in format id → (module, class)
FORMATS: dict[str, tuple[str, str]] = {
    "text": ("text", "TextWriter"),
    "json": ("json", "JsonWriter"),
    "junit": ("junit", "JunitWriter"),
    "sarif": ("sarif", "SarifWriter"),
    "html": ("html", "HtmlWriter"),
    "kosit": ("kosit", "KositWriter"),
}


class UnknownFormatError(ValueError):
    """A format id that neither the core nor a loaded plugin provides; lists the known ones."""


@attrs.frozen
class ValidationReport:
    """What a plugin's ``validation`` report format receives: the summary and every result."""

    summary: Summary
    files: tuple[FileResult, ...]


class PluginWriter(ReportWriter):
    """Adapts a plugin :class:`~kommune_core.domain.ReportFormat` (a whole-report renderer)
    to the streaming interface: results are collected and rendered at ``finish``."""

    def __init__(self, fmt: Any, out: IO[str]) -> None:
        super().__init__(out)
        self.fmt = fmt
        self.results: list[FileResult] = []

    def add(self, result: FileResult) -> None:
        self.results.append(result)

    def finish(self, summary: Summary) -> None:
        text = self.fmt.render(ValidationReport(summary, tuple(self.results)))
        self.out.write(text.decode("utf-8") if isinstance(text, bytes) else text)


def formats(catalog: Any = None) -> dict[str, Any]:
    """Every validation format by id: the built-in ones (value: ``(module, class)``), then
    the plugins' ``validation`` formats of ``catalog`` (value: the
    :class:`~kommune_core.domain.ReportFormat`). A plugin cannot replace a built-in id."""
    found: dict[str, Any] = dict(FORMATS)
    if catalog is not None:
        for key, fmt in catalog.report_formats.items():
            kind, _, fid = key.partition(":")
            if kind == "validation" and fid not in found:
                found[fid] = fmt
    return found


def writer_class(fmt: str) -> type[ReportWriter]:
    module, name = FORMATS[fmt]
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)  # type: ignore[no-any-return]


def make_writer(fmt: str, out: IO[str], *, catalog: Any = None, **options: Any) -> ReportWriter:
    """The writer for format ``fmt`` (built in, or a plugin's from ``catalog``) on ``out``.
    ``options`` go to the writer's constructor where it takes them (``verbose`` for text,
    ``root``/``max_results`` for SARIF …) and are ignored by the others, so a caller can pass
    the same options whatever the format. Raises :class:`UnknownFormatError`."""
    if fmt == "text":
        return TextWriter(out, verbose=bool(options.get("verbose")))
    if fmt in FORMATS:
        cls = writer_class(fmt)
        if options:
            import inspect

            takes = inspect.signature(cls).parameters
            options = {k: v for k, v in options.items() if k in takes}
        return cls(out, **options)
    known = formats(catalog)
    if fmt not in known:
        raise UnknownFormatError(f"unknown format {fmt!r}; choose from {', '.join(known)}")
    return PluginWriter(known[fmt], out)
