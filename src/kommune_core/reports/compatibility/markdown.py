"""Markdown reports (for wikis, tickets, e-mail)."""

from __future__ import annotations

from collections.abc import Sequence

from ...domain import ServiceArea, Verdict
from ...engine import CheckResult
from .model import group_findings
from .text import SHORT, kommune_line

__all__ = ["check_md", "compare_md", "matrix_md"]


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def check_md(r: CheckResult) -> str:
    p = r.provider
    out = [
        f"# Kompatibilität: {_cell(kommune_line(r))}",
        "",
        f"Anbieter: **{_cell(p.name)}** (`{p.id}`) · Stichtag: {r.on.isoformat()}",
        "",
        "| Bereich | Ergebnis |",
        "|---|---|",
    ]
    out += [f"| {a.area.label} | **{a.verdict.label}** |" for a in r.areas]
    out += ["", "## Befunde", ""]
    for g in group_findings(r.findings):
        f = g.finding
        out.append(f"### {f.verdict.label}: `{f.rule}` (Plugin {f.plugin})")
        out.append("")
        out.append(f"*Bereiche:* {g.areas_label(len(r.areas))}")
        out.append("")
        out.append(f.reason)
        out.append("")
        for n in f.norms:
            until = f" bis {n.valid_until.isoformat()}" if n.valid_until else ""
            out.append(
                f"- Norm: [{n.citation}]({n.url}) – {n.title} "
                f"(gilt ab {n.valid_from.isoformat()}{until})"
            )
        if f.confidence.value != "high":
            out.append(f"- Sicherheit: {f.confidence.label}")
        for s in f.sources:
            out.append(f"- Quelle: {s} [{s.confidence.label}]")
        if f.missing:
            out.append(f"- Es fehlt: {'; '.join(f.missing)}")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def compare_md(results: Sequence[CheckResult]) -> str:
    first = results[0]
    head = " | ".join(
        f"{r.provider.short_name or r.provider.name} (`{r.provider.id}`)" for r in results
    )
    out = [
        f"# Vergleich: {_cell(kommune_line(first))} – Stichtag {first.on.isoformat()}",
        "",
        f"| Bereich | {head} |",
        "|---" * (len(results) + 1) + "|",
    ]
    areas: list[ServiceArea] = []
    for r in results:
        areas += [a.area for a in r.areas if a.area not in areas]
    for area in areas:
        cells = [r.verdicts[area].label if area in r.verdicts else "–" for r in results]
        out.append(f"| {area.label} | " + " | ".join(cells) + " |")
    return "\n".join(out) + "\n"


def matrix_md(results: Sequence[CheckResult], title: str) -> str:
    areas = [a.area for a in results[0].areas] if results else list(ServiceArea)
    out = [
        f"# {title}",
        "",
        "| Schlüssel | Kommune | " + " | ".join(a.value for a in areas) + " |",
        "|---" * (len(areas) + 2) + "|",
    ]
    for r in results:
        out.append(
            f"| {r.kommune.key} | {_cell(r.kommune.name)} | "
            + " | ".join(SHORT[a.verdict] for a in r.areas)
            + " |"
        )
    out += ["", "Legende: " + ", ".join(f"{SHORT[v]} = {v.label}" for v in Verdict)]
    return "\n".join(out) + "\n"
