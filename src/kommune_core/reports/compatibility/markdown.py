"""Markdown reports (for wikis, tickets, e-mail)."""

from __future__ import annotations

from collections.abc import Sequence

from ...domain import ServiceArea, Verdict
from ...engine import CheckResult
from .model import FindingGroup, group_findings
from .text import SHORT, kommune_line, membership_text

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
    out.append("")
    out += [f"> Hinweis: {w}" for w in r.warnings]
    if r.membership is not None:
        out += [f"Bindung: {_cell(membership_text(r))}", ""]
    for a in r.areas:
        if a.changes:
            out.append(f"Was das Ergebnis für „{a.area.label}“ ändern würde:")
            out += [f"- {c.text} → {c.verdict.label}" for c in a.changes]
            out.append("")
    if r.bindung:
        out += ["## Bindung an den Anbieter (gilt für alle Bereiche)", ""]
        for g in group_findings(r.bindung):
            out += _group(g, len(r.areas))
    out += ["## Befunde", ""]
    for g in group_findings(r.findings):
        out += _group(g, len(r.areas))
    if r.facts:
        out += ["## Verwendete Fakten", ""]
        for fact in r.facts:
            value = fact.value if fact.value is not None else "nicht erfasst"
            out.append(f"- {_cell(fact.fact)}: {_cell(value)} [{fact.confidence.label}]")
    return "\n".join(out).rstrip() + "\n"


def _group(g: FindingGroup, asked: int) -> list[str]:
    f = g.finding
    out = [f"### {f.verdict.label} ({f.role.label}): `{f.rule}` (Plugin {f.plugin})", ""]
    out += [f"*Bereiche:* {g.areas_label(asked)}", "", f.reason, ""]
    for n in f.norms:
        until = f" bis {n.valid_until.isoformat()}" if n.valid_until else ""
        out.append(
            f"- Norm: [{n.citation}]({n.url}) – {n.title} "
            f"({n.since_text}{until})"
        )
    if f.confidence.value != "high":
        out.append(f"- Sicherheit: {f.confidence.label}")
    for src in f.sources:
        out.append(f"- Quelle: {src} [{src.confidence.label}]")
    if f.missing:
        out.append(f"- Es fehlt: {'; '.join(f.missing)}")
    out.append("")
    return out


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
    out.append("| Bindung | " + " | ".join(_cell(membership_text(r)) for r in results) + " |")
    return "\n".join(out) + "\n"


def matrix_md(results: Sequence[CheckResult], title: str) -> str:
    areas = [a.area for a in results[0].areas] if results else list(ServiceArea)
    out = [
        f"# {title}",
        "",
        "| Schlüssel | Kommune | " + " | ".join(a.value for a in areas) + " | Bindung |",
        "|---" * (len(areas) + 3) + "|",
    ]
    for r in results:
        out.append(
            f"| {r.kommune.key} | {_cell(r.kommune.name)} | "
            + " | ".join(SHORT[a.verdict] for a in r.areas)
            + f" | {_cell(membership_text(r))} |"
        )
    out += ["", "Legende: " + ", ".join(f"{SHORT[v]} = {v.label}" for v in Verdict)]
    return "\n".join(out) + "\n"
