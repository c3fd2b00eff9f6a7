"""A self-contained HTML page (jinja2, autoescaped): summary, then one section per file with
findings; valid files without findings are counted, not listed. Rows are rendered as they
arrive and spooled, so memory stays flat. File names and messages are escaped as in every
format (:func:`.base.escape_name`), then HTML-escaped by jinja2."""

from __future__ import annotations

import datetime as dt
from typing import Any

import jinja2

from ... import __version__
from ...validation.results import FileResult, Summary
from .base import SpoolingWriter, escape_name, printable
from .text import summary_line

__all__ = ["HtmlWriter"]

_ENV = jinja2.Environment(
    loader=jinja2.PackageLoader("kommune_core.reports.validation", ""),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
)
_ENV.filters["name"] = escape_name
_ENV.filters["safe_text"] = lambda text: printable(str(text), keep="\n")
_TEMPLATE: Any = _ENV.get_template("validation.html.j2").module


class HtmlWriter(SpoolingWriter):
    suffix = ".html"

    def add(self, result: FileResult) -> None:
        if result.errors or not result.valid:
            self.spool(str(_TEMPLATE.file(result)) + "\n")

    def finish(self, summary: Summary) -> None:
        now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
        self.out.write(str(_TEMPLATE.head(summary, summary_line(summary), __version__, now)) + "\n")
        self.drain()
        self.out.write("</body></html>\n")
