"""Text reports for the terminal (rich, coloured) and for files (plain text)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from ...domain import ServiceArea, Verdict
from ...engine import CheckResult
from .german import de_date
from .presentation import LOOK, SHORT_AREA

__all__ = ["check_renderable", "compare_renderable", "matrix_renderable", "to_text"]


def _verdict(v: Verdict, short: bool = False) -> Text:
    return Text(LOOK[v].short if short else v.label, style=LOOK[v].style)


def kommune_line(r: CheckResult) -> str:
    k = r.kommune
    land = f"{r.land_name} ({k.land})" if r.land_name else f"Land {k.land}"
    key = f"AGS {k.ags}" if k.ags else f"Kreisschlüssel {k.kreis}"
    return f"{k.name} ({k.kind.label}, {key}, {land})"


def _meta_lines(ctx: Any) -> list[RenderableType]:
    from .german import de_datetime

    if ctx is None:
        from .context import ReportContext

        ctx = ReportContext()
    plugins = ", ".join(f"{n} {v}" for n, v in ctx.plugins)
    line = f"Erstellt am {de_datetime(ctx.generated)} mit Kommune Interop {ctx.tool_version}"
    line += f" (Daten: {plugins})." if plugins else "."
    out: list[RenderableType] = [Text(line, style="dim")]
    if ctx.gebietsstand:
        out.append(Text("Gebietsstand: " + "; ".join(ctx.gebietsstand) + ".", style="dim"))
    out.append(
        Text(
            "Automatisch erstellte Einschätzung aus öffentlichen Quellen; keine Rechtsberatung.",
            style="dim",
        )
    )
    return out


def check_renderable(r: CheckResult, *, findings: bool = True, ctx: Any = None) -> RenderableType:
    """The German report for the terminal: the same sections as the HTML report; rule ids,
    plugins and setup keys only in the closing *Nachweise*."""
    from .model import ROLE_LABELS, change_groups, report_view

    v = report_view(r, ctx)
    ap = v.approvals
    title = f"{v.kommune} – Anbieter: {v.provider_short} – Stichtag {v.on}"
    parts: list[RenderableType] = [Text(title, style="bold"), *_meta_lines(ctx)]
    parts.append(
        Text(
            "Legende: " + ", ".join(v_.label for v_ in Verdict) + " („offen“: hängt von einer "
            "ungeklärten Tatsache ab)"
        )
    )
    parts.append(Text("\nErgebnis", style="bold underline"))
    parts += [Text(f"Hinweis: {w}", style="yellow") for w in v.warnings]
    if v.membership:
        parts.append(Text(f"Bindung der Kommune an {v.provider_short}: {v.membership}"))
    parts += [Text(f"- {s}") for s in v.summary]
    table = Table(show_lines=False)
    table.add_column("Bereich")
    table.add_column("Ergebnis")
    for a in v.areas:
        table.add_row(a.area.label, _verdict(a.verdict))
    parts.append(table)
    overall = (
        "Alle geprüften Bereiche sind möglich (mit oder ohne Bedingungen)."
        if r.served
        else "Mindestens ein Bereich ist nicht möglich oder offen."
    )
    parts.append(Text(overall, style="bold"))
    if v.questions:
        parts.append(Text("Offene Fragen und wer sie beantworten kann:", style="bold"))
        parts += [Text(f"- {q.text} – {q.who} ({q.areas_label})") for q in v.questions]
    groups = change_groups(v.areas)
    if groups:
        parts.append(Text("\nWas müsste sich ändern", style="bold underline"))
        for g in groups:
            names = ", ".join(f"{a.area.label} ({a.verdict.label})" for a in g.areas)
            parts.append(Text(f"{names}:", style="bold"))
            parts += [
                Text(f"  - {c.text}" + (f" → dann {c.verdict.label}" if c.verdict else ""))
                for c in g.changes
            ]
    parts.append(Text("\nWer genehmigt und beaufsichtigt", style="bold underline"))
    parts += [Text(f"- {a.body} ({a.land}): {a.task} – {a.norms}.") for a in ap.authorities] or [
        Text("Keine genehmigenden Stellen in den Daten erfasst.")
    ]
    parts.append(Text("\nSchritte", style="bold underline"))
    parts.append(Text(ap.steps_note))
    for st in ap.steps:
        line = f"{st.number}. {st.step}" + (f" – {st.by}" if st.by else "")
        line += f" ({st.norms})" if st.norms else ""
        line += f"; Frist: {st.deadline}" if st.deadline else ""
        parts.append(Text(line + (" [nicht gesichert]" if st.uncertain else "")))
    for c in ap.cases:
        parts.append(
            Text(
                f"  Fall: {c.label}: {c.dates}" + (f" – {c.durations}" if c.durations else ""),
                style="dim",
            )
        )
    parts.append(Text("\nKosten", style="bold underline"))
    parts += [Text(f"- {c.item}: {c.amount}. Grundlage: {c.basis}") for c in ap.costs] or [
        Text("Keine Kostenangaben in den Daten; geschätzt wird nichts.")
    ]
    if findings:
        blocks = [("Bindung an den Anbieter", v.bindung), ("Befunde", v.findings)]
        for heading, items in blocks:
            if not items:
                continue
            parts.append(Text(f"\n{heading}", style="bold underline"))
            for f in items:
                head = Text()
                head.append(f"[{f.verdict.label}] ", style=LOOK[f.verdict].style)
                role = f" ({ROLE_LABELS.get(f.role, f.role)})" if f.role else ""
                head.append(f"{f.areas_label}{role} [{f.number}]")
                parts.append(head)
                parts.append(Text(f"    {f.reason}"))
                for n in f.norms:
                    until = f" bis {n.until}" if n.until else ""
                    parts.append(
                        Text(
                            f"    Norm: {n.citation} – {n.title} (gilt ab {n.since}{until}) "
                            f"{n.url}",
                            style="dim",
                        )
                    )
                if f.confidence:
                    parts.append(Text(f"    Sicherheit: {f.confidence}", style="yellow"))
                for src in f.sources:
                    bits = [src.title, src.date, src.url or ""]
                    parts.append(
                        Text(
                            "    Quelle: "
                            + ", ".join(b for b in bits if b)
                            + f" [{src.confidence}]",
                            style="dim",
                        )
                    )
                if f.missing:
                    parts.append(Text(f"    Es fehlt: {'; '.join(f.missing)}", style="magenta"))
    parts.append(Text("\nNachweise", style="bold underline"))
    refs: dict[tuple[str, str | None], list[int]] = {}
    for f in (*v.findings, *v.bindung):
        refs.setdefault((f.rule, f.plugin), []).append(f.number)
    parts += [
        Text(f"- {rule} (Plugin {plugin or '–'}): " + " ".join(f"[{n}]" for n in ns), style="dim")
        for (rule, plugin), ns in refs.items()
    ]
    k = r.kommune
    key = f"AGS {k.ags}" if k.ags else f"Kreisschlüssel {k.kreis}"
    parts.append(Text(f"Kommune {k.name}, {key}; Anbieter-Kennung {r.provider.id}.", style="dim"))
    parts += [
        Text(f"Setup {key_}: {label} = {value}", style="dim") for key_, label, value in v.setup
    ]
    parts += [
        Text(f"Fakt: {f.fact}: {f.value}" + (f" ({f.period})" if f.period else ""), style="dim")
        for f in v.facts
    ]
    return Group(*parts)


def compare_renderable(results: Sequence[CheckResult], ctx: Any = None) -> RenderableType:
    from .model import kommune_title, membership_text

    first = results[0]
    table = Table(
        title=f"{kommune_title(first)} – Stichtag {de_date(first.on)}", title_justify="left"
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
    legend = Text("Legende: " + ", ".join(v.label for v in Verdict))
    return Group(*_meta_lines(ctx), legend, table)


def matrix_renderable(
    results: Sequence[CheckResult], title: str, ctx: Any = None
) -> RenderableType:
    from .model import membership_text

    table = Table(title=title, title_justify="left")
    table.add_column("Schlüssel")
    table.add_column("Kommune")
    areas = [a.area for a in results[0].areas] if results else list(ServiceArea)

    for area in areas:  # German short labels, never the ids
        table.add_column(SHORT_AREA.get(area, area.label).replace("\u00ad", ""))
    table.add_column("Bindung")
    for r in results:
        table.add_row(
            r.kommune.key,
            r.kommune.name,
            *(_verdict(a.verdict, short=True) for a in r.areas),
            membership_text(r, short=True),
        )
    legend = Text("Legende: " + ", ".join(f"{LOOK[v].short} = {v.label}" for v in Verdict))
    return Group(*_meta_lines(ctx), legend, table)


def to_text(renderable: RenderableType, width: int = 120) -> str:
    """Plain text (no colour codes) for files and pipes."""
    buf = io.StringIO()
    Console(file=buf, width=width, color_system=None, force_terminal=False, soft_wrap=False).print(
        renderable
    )
    return buf.getvalue()
