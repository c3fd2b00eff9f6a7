"""Validation report writers: text, json, junit, sarif, html, kosit (streaming; see ``base``).
Each writer lives in its own module and is imported only when chosen."""

from __future__ import annotations

import importlib
from typing import IO, Any

from .base import ReportWriter
from .text import TextWriter, summary_line

__all__ = ["FORMATS", "ReportWriter", "TextWriter", "make_writer", "summary_line"]

#: format id → (module, class)
FORMATS: dict[str, tuple[str, str]] = {
    "text": ("text", "TextWriter"),
    "json": ("json", "JsonWriter"),
    "junit": ("junit", "JunitWriter"),
    "sarif": ("sarif", "SarifWriter"),
    "html": ("html", "HtmlWriter"),
    "kosit": ("kosit", "KositWriter"),
}


def writer_class(fmt: str) -> type[ReportWriter]:
    module, name = FORMATS[fmt]
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)  # type: ignore[no-any-return]


def make_writer(fmt: str, out: IO[str], **options: Any) -> ReportWriter:
    if fmt == "text":
        return TextWriter(out, verbose=bool(options.get("verbose")))
    if fmt == "kosit":  # the KoSIT configuration (if any) names scenarios and resources
        return writer_class(fmt)(out, config=options.get("kosit"))  # type: ignore[call-arg]
    return writer_class(fmt)(out)
