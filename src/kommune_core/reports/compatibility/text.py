"""Text reports for the terminal (rich, coloured) and for files (plain text)."""

from __future__ import annotations

import io
from collections.abc import Sequence

from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from ...domain import Finding, ServiceArea, Verdict
from ...engine import CheckResult
from .model import FindingGroup, group_findings

__all__ = [
    "STYLE",
    "check_renderable",
    "compare_renderable",
    "matrix_renderable",
    "membership_text",
    "to_text",
]

STYLE = {
    Verdict.SERVES: "bold green",
    Verdict.SERVES_WITH_CONDITIONS: "bold yellow",
    Verdict.UNKNOWN: "bold magenta",
    Verdict.CANNOT_SERVE: "bold red",
}
SHORT = {
    Verdict.SERVES: "ja",
    Verdict.SERVES_WITH_CONDITIONS: "Bed.",
    Verdict.UNKNOWN: "offen",
    Verdict.CANNOT_SERVE: "nein",
}


def _verdict(v: Verdict, short: bool = False) -> Text:
    return Text(SHORT[v] if short else v.label, style=STYLE[v])


def kommune_line(r: CheckResult) -> str:
    k = r.kommune
    land = f"{r.land_name} ({k.land})" if r.land_name else f"Land {k.land}"
    key = f"AGS {k.ags}" if k.ags else f"Kreisschlüssel {k.kreis}"
    return f"{k.name} ({k.kind.label}, {key}, {land})"


def membership_text(r: CheckResult) -> str:
    """The Kommune's standing with the provider as the rules read it, for tables."""
    m = r.membership
    if m is None:
        return "–"
    if m.value is not None:
        return m.value
    detail = m.fact.partition(" (")[2].rstrip(")")
    return f"nicht erfasst ({detail})" if detail else "nicht erfasst"


def _finding_lines(g: FindingGroup, asked: int) -> list[RenderableType]:
    f: Finding = g.finding
    head = Text()
    head.append(f"[{f.verdict.label}] ", style=STYLE[f.verdict])
    head.append(f"{f.role.label}: {f.rule} (Plugin {f.plugin}) – {g.areas_label(asked)}")
    parts: list[RenderableType] = [head, Text(f"    {f.reason}")]
    for n in f.norms:
        until = f" bis {n.valid_until.isoformat()}" if n.valid_until else ""
        parts.append(
            Text(
                f"    Norm: {n.citation} – {n.title} ({n.since_text}{until}) {n.url}",
                style="dim",
            )
        )
    if f.confidence.value != "high":
        parts.append(Text(f"    Sicherheit: {f.confidence.label}", style="yellow"))
    for src in f.sources:
        parts.append(Text(f"    Quelle: {src} [{src.confidence.label}]", style="dim"))
    if f.missing:
        parts.append(Text(f"    Es fehlt: {'; '.join(f.missing)}", style="magenta"))
    return parts


def check_renderable(r: CheckResult, *, findings: bool = True) -> RenderableType:
    title = (
        f"{kommune_line(r)} – Anbieter: {r.provider.short_name or r.provider.name} "
        f"({r.provider.id}) – Stichtag {r.on.isoformat()}"
    )
    table = Table(title=title, title_justify="left", show_lines=False)
    table.add_column("Bereich")
    table.add_column("Ergebnis")
    table.add_column("Befunde")
    for a in r.areas:
        counts: dict[Verdict, int] = {}
        for f in a.findings:
            counts[f.verdict] = counts.get(f.verdict, 0) + 1
        summary = ", ".join(
            f"{n}× {v.label}" for v, n in sorted(counts.items(), key=lambda x: -x[0].rank)
        )
        table.add_row(a.area.label, _verdict(a.verdict), summary)
    parts: list[RenderableType] = [table]
    for w in r.warnings:
        parts.append(Text(f"Hinweis: {w}", style="yellow"))
    if r.membership is not None:
        parts.append(Text(f"Bindung: {membership_text(r)}"))
    overall = (
        "Ergebnis: alle geprüften Bereiche möglich"
        if r.served
        else ("Ergebnis: mindestens ein Bereich nicht möglich oder offen")
    )
    parts.append(Text(overall, style="bold"))
    for a in r.areas:
        if a.changes:
            parts.append(Text(f"Was das Ergebnis für „{a.area.label}“ ändern würde:", style="bold"))
            for c in a.changes:
                parts.append(Text(f"    {c.text} → {c.verdict.label}"))
    if not findings:
        return Group(*parts)
    if r.bindung:
        parts.append(Text("\nBindung an den Anbieter (gilt für alle Bereiche):", style="bold"))
        for g in group_findings(r.bindung):
            parts.extend(_finding_lines(g, len(r.areas)))
    parts.append(Text("\nBefunde (gleiche Aussagen für mehrere Bereiche einmal):", style="bold"))
    for g in group_findings(r.findings):
        parts.extend(_finding_lines(g, len(r.areas)))
    if r.facts:
        parts.append(Text("\nVerwendete Fakten:", style="bold"))
        for fact in r.facts:
            value = fact.value if fact.value is not None else "nicht erfasst"
            parts.append(Text(f"    {fact.fact}: {value} [{fact.confidence.label}]", style="dim"))
    return Group(*parts)


def compare_renderable(results: Sequence[CheckResult]) -> RenderableType:
    first = results[0]
    table = Table(
        title=f"{kommune_line(first)} – Stichtag {first.on.isoformat()}", title_justify="left"
    )
    table.add_column("Bereich")
    for r in results:
        table.add_column(f"{r.provider.short_name or r.provider.name} ({r.provider.id})")
    areas: list[ServiceArea] = []
    for r in results:
        areas += [a.area for a in r.areas if a.area not in areas]
    for area in areas:
        row: list[RenderableType] = [area.label]
        for r in results:
            v = r.verdicts.get(area)
            row.append(_verdict(v) if v else Text("–"))
        table.add_row(*row)
    table.add_row("Bindung", *(membership_text(r) for r in results))
    return table


def matrix_renderable(results: Sequence[CheckResult], title: str) -> RenderableType:
    table = Table(title=title, title_justify="left")
    table.add_column("Schlüssel")
    table.add_column("Kommune")
    areas = [a.area for a in results[0].areas] if results else list(ServiceArea)
    for area in areas:
        table.add_column(area.value)
    table.add_column("Bindung")
    for r in results:
        table.add_row(
            r.kommune.key,
            r.kommune.name,
            *(_verdict(a.verdict, short=True) for a in r.areas),
            membership_text(r),
        )
    legend = Text("Legende: " + ", ".join(f"{SHORT[v]} = {v.label}" for v in Verdict))
    return Group(table, legend)


def to_text(renderable: RenderableType, width: int = 120) -> str:
    """Plain text (no colour codes) for files and pipes."""
    buf = io.StringIO()
    Console(file=buf, width=width, color_system=None, force_terminal=False, soft_wrap=False).print(
        renderable
    )
    return buf.getvalue()
