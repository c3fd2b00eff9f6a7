"""HTML reports: one self-contained file (inline CSS, no scripts, no external resources),
readable on screen and when printed. Templates live in ``templates/`` (package data)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

import jinja2

from ...domain import Verdict
from ...engine import CheckResult
from .model import group_findings
from .text import SHORT, kommune_line

__all__ = ["check_html", "matrix_html"]

CSS_CLASS = {
    Verdict.SERVES: "serves",
    Verdict.SERVES_WITH_CONDITIONS: "conditions",
    Verdict.UNKNOWN: "unknown",
    Verdict.CANNOT_SERVE: "cannot",
}


@cache
def _env() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader(
            __package__ or "kommune_core.reports.compatibility", "templates"
        ),
        autoescape=jinja2.select_autoescape(["html", "j2"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(
        css=CSS_CLASS,
        verdicts=list(Verdict),
        short=SHORT,
        kommune_line=kommune_line,
        group_findings=group_findings,
    )
    return env


def check_html(results: CheckResult | Sequence[CheckResult]) -> str:
    """One or several checks (e.g. the same Kommune against two providers) in one file."""
    items = [results] if isinstance(results, CheckResult) else list(results)
    return _env().get_template("report.html.j2").render(results=items)


def matrix_html(results: Sequence[CheckResult], title: str) -> str:
    areas = list(results[0].areas) if results else []
    return (
        _env()
        .get_template("matrix.html.j2")
        .render(results=results, title=title, areas=[a.area for a in areas])
    )
