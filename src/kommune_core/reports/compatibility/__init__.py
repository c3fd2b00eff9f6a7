"""Compatibility reports for policy staff (German): text, Markdown, JSON, HTML.

``render_check``/``render_compare``/``render_matrix`` return the report as a string; the
JSON shape is stable (see :mod:`.model` and ``docs/compatibility.md``).
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from ...engine import CheckResult
from .html import check_html, matrix_html
from .markdown import check_md, compare_md, matrix_md
from .model import result_dict
from .text import check_renderable, compare_renderable, matrix_renderable, to_text

__all__ = ["FORMATS", "render_check", "render_compare", "render_matrix", "result_dict"]

FORMATS = ("text", "md", "json", "html")


def _json(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def render_check(result: CheckResult, fmt: str) -> str:
    if fmt == "json":
        return _json(result_dict(result))
    if fmt == "md":
        return check_md(result)
    if fmt == "html":
        return check_html(result)
    return to_text(check_renderable(result))


def render_compare(results: Sequence[CheckResult], fmt: str) -> str:
    if fmt == "json":
        return _json([result_dict(r) for r in results])
    if fmt == "md":
        return compare_md(results)
    if fmt == "html":
        return check_html(results)
    return to_text(compare_renderable(results))


def render_matrix(results: Sequence[CheckResult], fmt: str, title: str) -> str:
    if fmt == "json":
        return _json([result_dict(r) for r in results])
    if fmt == "md":
        return matrix_md(results, title)
    if fmt == "html":
        return matrix_html(results, title)
    return to_text(matrix_renderable(results, title), width=200)
