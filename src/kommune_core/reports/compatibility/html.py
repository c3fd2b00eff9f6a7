"""HTML reports: one self-contained file (inline CSS, no scripts, no external resources),
readable on screen and printed on A4 (page numbers; the matrix in landscape). Templates live in
``templates/`` (package data); what they show comes from :func:`.model.report_view`."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

import attrs
import jinja2

from ...domain import ServiceArea, Verdict
from ...engine import CheckResult
from .context import ReportContext
from .german import clean_text, de_datetime, de_list
from .model import (
    ROLE_LABELS,
    ReportView,
    change_groups,
    group_findings,
    membership_text,
    report_view,
)
from .presentation import LOOK, SHORT_AREA
from .text import kommune_line

__all__ = ["check_html", "compare_html", "matrix_html"]


def _plugin_label(name: str) -> str:
    return {"bund": "Bundesrecht"}.get(name, name.capitalize().replace("ue", "ü"))


def _rule_refs(views: Sequence[ReportView]) -> list[tuple[str, str | None, list[tuple[str, int]]]]:
    """Per rule (and plugin): the findings it made, as (anchor, number)."""
    out: dict[tuple[str, str | None], list[tuple[str, int]]] = {}
    for v in views:
        for f in (*v.findings, *v.bindung):
            out.setdefault((f.rule, f.plugin), []).append((f.anchor, f.number))
    return [(rule, plugin, refs) for (rule, plugin), refs in out.items()]


class _SourcePool:
    """The sources of the approval, step, case and cost entries, each listed once."""

    def __init__(self, v: ReportView) -> None:
        self.prefix = f"{v.anchor}-q"
        seen: dict[Any, None] = {}
        for item in v.approvals.entries:
            for s in item.sources:
                seen.setdefault(s, None)
        self.items = list(seen)
        self._index = {s: i + 1 for i, s in enumerate(self.items)}

    def number(self, s: Any) -> int:
        return self._index[s]

    def anchor(self, s: Any) -> str:
        return f"{self.prefix}{self._index[s]}"


def _any_derived(v: ReportView) -> bool:
    return any(c.derived for a in v.areas for c in a.changes)


@attrs.frozen
class _ReasonGroup:
    areas: tuple[ServiceArea, ...]
    label: str
    verdict: Verdict
    texts: tuple[str, ...]


def _reason_groups(r: CheckResult, rule_ids: Sequence[str] = ()) -> list[_ReasonGroup]:
    """Per Kommune: areas with the same verdict and the same deciding reasons, once."""
    groups: dict[tuple[Any, ...], list[ServiceArea]] = {}
    texts: dict[tuple[Any, ...], tuple[str, ...]] = {}
    for a in r.areas:
        decisive = tuple(dict.fromkeys(f.reason for f in a.findings if f.verdict is a.verdict))
        key = (a.verdict, decisive)
        groups.setdefault(key, []).append(a.area)
        texts[key] = tuple(clean_text(t, rule_ids) for t in decisive) or (
            "Keine Regel hat sich zu diesem Bereich geäußert.",
        )
    return [
        _ReasonGroup(tuple(areas), de_list([a.label for a in areas]), key[0], texts[key])
        for key, areas in groups.items()
    ]


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
        look=LOOK,
        verdicts=list(Verdict),
        short_area=lambda a: SHORT_AREA.get(a, a.label),
        kommune_line=kommune_line,
        group_findings=group_findings,
        de_datetime=de_datetime,
        plugin_label=_plugin_label,
        role_label=lambda r: ROLE_LABELS.get(r, r),
        any_derived=_any_derived,
        change_groups=change_groups,
        rule_refs=_rule_refs,
        source_pool=_SourcePool,
    )
    return env


def _ctx(ctx: ReportContext | None) -> ReportContext:
    return ctx if ctx is not None else ReportContext()


def check_html(
    results: CheckResult | Sequence[CheckResult], ctx: ReportContext | None = None
) -> str:
    """One check as a report; several (same Kommune, several providers): the comparison."""
    items: list[CheckResult] = (
        list(results) if isinstance(results, (list, tuple)) else [results]  # type: ignore[list-item]
    )
    if len(items) > 1:
        return compare_html(items, ctx)
    c = _ctx(ctx)
    views = [report_view(items[0], c)]
    return _env().get_template("report.html.j2").render(views=views, ctx=c)


def compare_html(results: Sequence[CheckResult], ctx: ReportContext | None = None) -> str:
    """One table, one column per provider, the reasons of each provider below it."""
    c = _ctx(ctx)
    views = [report_view(r, c) for r in results]
    areas: list[ServiceArea] = []
    for r in results:
        areas += [a.area for a in r.areas if a.area not in areas]
    # numbering continues across providers, so [n] is unique in the file
    offset = 0
    renumbered = []
    for v in views:
        renumbered.append(_renumber(v, offset))
        offset += len(v.findings) + len(v.bindung)
    return _env().get_template("compare.html.j2").render(views=renumbered, ctx=c, areas=areas)


def _renumber(v: ReportView, offset: int) -> ReportView:
    if not offset:
        return v
    findings = tuple(attrs.evolve(f, number=f.number + offset) for f in v.findings)
    bindung = tuple(attrs.evolve(f, number=f.number + offset) for f in v.bindung)
    return attrs.evolve(v, findings=findings, bindung=bindung)


def matrix_html(
    results: Sequence[CheckResult], title: str, ctx: ReportContext | None = None
) -> str:
    c = _ctx(ctx)
    areas = list(results[0].areas) if results else []
    rules = sorted({f.rule for r in results for f in r.findings})
    rule_ids = tuple(c.rule_ids) or tuple(rules)
    env = _env()
    return env.get_template("matrix.html.j2").render(
        results=results,
        title=title,
        areas=[a.area for a in areas],
        ctx=c,
        rules=rules,
        provider_id=results[0].provider.id if results else "ID",
        provider_name=(results[0].provider.short_name or results[0].provider.name)
        if results
        else "",
        membership=membership_text,
        reason_groups=lambda r: _reason_groups(r, rule_ids),
    )
