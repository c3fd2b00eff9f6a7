"""Markdown reports (for wikis, tickets, e-mail): the same content as the HTML report."""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from ...domain import ServiceArea, Verdict
from ...engine import CheckResult
from .context import ReportContext
from .german import de_datetime
from .model import (
    ROLE_LABELS,
    FindingView,
    ReportView,
    SourceView,
    membership_text,
    report_view,
)
from .presentation import LOOK

__all__ = ["check_md", "compare_md", "matrix_md"]

DISCLAIMER = (
    "*Automatisch erstellte Einschätzung aus öffentlichen Quellen; keine Rechtsberatung. "
    "Maßgeblich sind Gesetz, Satzung bzw. Gesellschaftsvertrag und die Entscheidung der "
    "zuständigen Behörden.*"
)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _meta(ctx: ReportContext) -> list[str]:
    plugins = ", ".join(f"{n} {v}" for n, v in ctx.plugins)
    line = f"Erstellt am {de_datetime(ctx.generated)} mit Kommune Interop {ctx.tool_version}"
    line += f" (Daten: {plugins})." if plugins else "."
    out = [line]
    if ctx.gebietsstand:
        out.append(f"Gebietsstand: {'; '.join(ctx.gebietsstand)}.")
    return [" ".join(out), "", DISCLAIMER, ""]


def _legend() -> str:
    return (
        "Legende: "
        + ", ".join(f"**{v.label}**" for v in Verdict)
        + (" – „offen“: die Antwort hängt von einer noch nicht geklärten Tatsache ab.")
    )


def _sources(items: Sequence[SourceView]) -> str:
    parts = []
    for s in items:
        t = f"[{s.title}]({s.url})" if s.url else s.title
        if s.date:
            t += f" ({s.date})"
        if s.confidence != "gesichert":
            t += f" [{s.confidence}]"
        parts.append(t)
    return "; ".join(parts)


def _finding(f: FindingView) -> list[str]:
    role = f" ({ROLE_LABELS.get(f.role, f.role)})" if f.role else ""
    norms = "; ".join(f"[{n.citation}]({n.url}) ({n.title}; gilt ab {n.since})" for n in f.norms)
    details = (  # each line only where the finding has it
        ("Rechtsgrundlage", norms),
        ("Quellen", _sources(f.sources)),
        ("Sicherheit", f.confidence),
        ("Es fehlt", "; ".join(f.missing)),
    )
    return [
        f"**{f.verdict.label}**{role} – {f.areas_label} [{f.number}]",
        "",
        f.reason,
        "",
        *(f"{label}: {text}" for label, text in details if text),
        "",
    ]


def _body(v: ReportView, level: str = "##", verdict_table: bool = True) -> list[str]:
    out = [f"{level} Ergebnis", ""]
    out += [f"> Hinweis: {w}" for w in v.warnings]
    if v.membership:
        out += [f"Bindung der Kommune an {v.provider_short}: {v.membership}", ""]
    out += [f"- {s}" for s in v.summary]
    out.append("")
    if verdict_table:
        out += ["| Leistungsbereich | Ergebnis |", "|---|---|"]
        out += [f"| {a.area.label} | **{a.verdict.label}** |" for a in v.areas]
        out.append("")
    if v.questions:
        out += ["Offene Fragen:", "", "| Frage | Wer kann antworten | betrifft |", "|---|---|---|"]
        out += [
            f"| {_cell(q.text)} | {_cell(q.who)} | {_cell(q.areas_label)} |" for q in v.questions
        ]
        out.append("")
    changing = [a for a in v.areas if a.changes]
    if changing:
        out += [f"{level} Was müsste sich ändern", ""]
        for a in changing:
            out.append(f"**{a.area.label}** ({a.verdict.label}):")
            out += [f"- {c.text}" for c in a.changes]
            out.append("")
    ap = v.approvals
    out += [f"{level} Wer genehmigt und beaufsichtigt", ""]
    out += [f"- **{a.body}** ({a.land}): {a.task} – {a.norms}." for a in ap.authorities] or [
        "Keine genehmigenden Stellen in den Daten erfasst."
    ]
    out += ["", f"{level} Schritte", "", ap.steps_note, ""]
    for s in ap.steps:
        line = f"{s.number}. **{s.step}**" + (f" – {s.by}" if s.by else "")
        line += f" ({s.norms})" if s.norms else ""
        line += f"; Frist: {s.deadline}" if s.deadline else ""
        out.append(line + ("." if not s.uncertain else " [nicht gesichert]."))
    if ap.cases:
        out += ["", "Wie lange es in echten Fällen dauerte:", ""]
        out += [
            f"- {c.label}: {c.dates}" + (f" – {c.durations}" if c.durations else "")
            for c in ap.cases
        ]
    out += ["", f"{level} Kosten", ""]
    out += [f"- **{c.item}:** {c.amount}. Grundlage: {c.basis}" for c in ap.costs] or [
        "Keine Kostenangaben in den Daten; geschätzt wird nichts."
    ]
    out.append("")
    if v.bindung:
        out += [f"{level} Bindung an den Anbieter", ""]
        for f in v.bindung:
            out += _finding(f)
    out += [f"{level} Befunde", ""]
    for f in v.findings:
        out += _finding(f)
    return out


def _appendix(views: Sequence[ReportView], ctx: ReportContext) -> list[str]:
    out = [
        "## Nachweise",
        "",
        "| Nr. | Regel | Plugin | Ergebnis | Bereiche |",
        "|---|---|---|---|---|",
    ]
    for v in views:
        for f in (*v.findings, *v.bindung):
            out.append(
                f"| [{f.number}] | `{f.rule}` | {f.plugin or '–'} | {f.verdict.label} | "
                f"{_cell(f.areas_label)} |"
            )
    out.append("")
    for v in views:
        k = v.result.kommune
        key = f"AGS {k.ags}" if k.ags else f"Kreisschlüssel {k.kreis}"
        out.append(f"Kommune {k.name}, {key}; Anbieter `{v.result.provider.id}`; Stichtag {v.on}.")
    if views and views[0].setup:
        out += ["", "| Angabe im Setup | Schlüssel | Wert |", "|---|---|---|"]
        out += [f"| {label} | `{key}` | {value} |" for key, label, value in views[0].setup]
    for v in views:
        if v.facts:
            out += ["", f"Verwendete Fakten ({v.provider_short}):", ""]
            out += [
                f"- {f.fact}: {f.value}"
                + (f" ({f.period})" if f.period else "")
                + (f" [{f.confidence}]" if f.confidence and f.confidence != "gesichert" else "")
                for f in v.facts
            ]
    plugins = ", ".join(f"`{n}` {v}" for n, v in ctx.plugins) or "–"
    out += ["", f"Werkzeug: Kommune Interop {ctx.tool_version}; Plugins: {plugins}."]
    return out


def check_md(r: CheckResult, ctx: ReportContext | None = None) -> str:
    c = ctx or ReportContext()
    v = report_view(r, c)
    out = [f"# Kompatibilitätsbericht: {_cell(v.kommune)} und {_cell(v.provider_short)}", ""]
    out += [f"Kann {v.provider} diese Kommune bedienen? Stichtag {v.on}.", ""]
    out += [*_meta(c), _legend(), "", *_body(v), *_appendix([v], c)]
    return "\n".join(out).rstrip() + "\n"


def compare_md(results: Sequence[CheckResult], ctx: ReportContext | None = None) -> str:
    c = ctx or ReportContext()
    views = []
    offset = 0
    for r in results:
        v = report_view(r, c)
        if offset:
            v = attrs.evolve(
                v,
                findings=tuple(attrs.evolve(f, number=f.number + offset) for f in v.findings),
                bindung=tuple(attrs.evolve(f, number=f.number + offset) for f in v.bindung),
            )
        offset += len(v.findings) + len(v.bindung)
        views.append(v)
    first = views[0]
    head = " | ".join(v.provider_short for v in views)
    out = [f"# Vergleich der Anbieter für {_cell(first.kommune)}", "", f"Stichtag {first.on}.", ""]
    out += [*_meta(c), _legend(), "", f"| Leistungsbereich | {head} |"]
    out.append("|---" * (len(views) + 1) + "|")
    areas: list[ServiceArea] = []
    for r in results:
        areas += [a.area for a in r.areas if a.area not in areas]
    for area in areas:
        cells = [r.verdicts[area].label if area in r.verdicts else "nicht geprüft" for r in results]
        out.append(f"| {area.label} | " + " | ".join(cells) + " |")
    out.append("| Bindung | " + " | ".join(_cell(membership_text(r)) for r in results) + " |")
    out.append("")
    for v in views:
        out += [f"## {v.provider}", "", *_body(v, "###", verdict_table=False)]
    out += _appendix(views, c)
    return "\n".join(out).rstrip() + "\n"


def matrix_md(results: Sequence[CheckResult], title: str, ctx: ReportContext | None = None) -> str:
    c = ctx or ReportContext()
    areas = [a.area for a in results[0].areas] if results else list(ServiceArea)
    out = [f"# {title}", "", *_meta(c)]
    out += ["Legende: " + ", ".join(f"{LOOK[v].short} = {v.label}" for v in Verdict), ""]
    out += ["| Schlüssel | Kommune | " + " | ".join(a.label for a in areas) + " | Bindung |"]
    out.append("|---" * (len(areas) + 3) + "|")
    for r in results:
        out.append(
            f"| {r.kommune.key} | {_cell(r.kommune.name)} | "
            + " | ".join(LOOK[a.verdict].short for a in r.areas)
            + f" | {_cell(membership_text(r, short=True))} |"
        )
    return "\n".join(out) + "\n"
