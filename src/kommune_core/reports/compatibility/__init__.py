"""Compatibility reports for policy staff (German): text, Markdown, JSON, HTML, PDF.

``render_check``/``render_compare``/``render_matrix`` return the report as a string; for
``pdf`` render ``html`` and pass it to :func:`render_pdf` (bytes, WeasyPrint). The JSON shape
is stable (see :mod:`.model` and ``docs/compatibility.md``). A
:class:`~.context.ReportContext` (from :func:`~.context.context_from_catalog`) adds the
generation date, versions, Gebietsstand and the plugins' approval data.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from ..._lazy import lazy_names

if TYPE_CHECKING:
    from ...engine import CheckResult
    from .context import ReportContext, context_from_catalog
    from .model import result_dict
else:
    __getattr__, __dir__ = lazy_names(
        __name__,
        {".context": "ReportContext context_from_catalog", ".model": "result_dict"},
    )

__all__ = [
    "BINARY_FORMATS",
    "FORMATS",
    "ReportContext",
    "context_from_catalog",
    "render_check",
    "render_compare",
    "render_matrix",
    "render_pdf",
    "result_dict",
]

FORMATS = ("text", "md", "json", "html", "pdf")
#: Formats written as bytes (need ``-o FILE``).
BINARY_FORMATS = frozenset({"pdf"})


def _json(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def render_pdf(html: str) -> bytes:
    """The HTML report as PDF (A4) through WeasyPrint, imported only now."""
    from .pdf import html_to_pdf

    return html_to_pdf(html)


def _in(fmt: str, **renderers: Callable[[], str]) -> str:
    """The report in ``fmt`` from the renderer of that name (``text`` for any other); only
    the chosen renderer runs. ``pdf`` is binary: see :func:`render_pdf`."""
    if fmt == "pdf":
        raise ValueError("pdf is binary: render 'html' and pass it to render_pdf()")
    return renderers.get(fmt, renderers["text"])()


def render_check(result: CheckResult, fmt: str, ctx: ReportContext | None = None) -> str:
    from .html import check_html
    from .markdown import check_md
    from .model import result_dict
    from .text import check_renderable, to_text

    return _in(
        fmt,
        json=lambda: _json(result_dict(result)),
        md=lambda: check_md(result, ctx),
        html=lambda: check_html(result, ctx),
        text=lambda: to_text(check_renderable(result, ctx=ctx)),
    )


def render_compare(
    results: Sequence[CheckResult], fmt: str, ctx: ReportContext | None = None
) -> str:
    from .html import compare_html
    from .markdown import compare_md
    from .model import result_dict
    from .text import compare_renderable, to_text

    return _in(
        fmt,
        json=lambda: _json([result_dict(r) for r in results]),
        md=lambda: compare_md(results, ctx),
        html=lambda: compare_html(results, ctx),
        text=lambda: to_text(compare_renderable(results, ctx)),
    )


def render_matrix(
    results: Sequence[CheckResult], fmt: str, title: str, ctx: ReportContext | None = None
) -> str:
    from .html import matrix_html
    from .markdown import matrix_md
    from .model import result_dict
    from .text import matrix_renderable, to_text

    return _in(
        fmt,
        json=lambda: _json([result_dict(r) for r in results]),
        md=lambda: matrix_md(results, title, ctx),
        html=lambda: matrix_html(results, title, ctx),
        text=lambda: to_text(matrix_renderable(results, title, ctx), width=200),
    )
