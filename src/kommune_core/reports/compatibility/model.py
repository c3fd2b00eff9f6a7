"""The report model shared by every format: the stable JSON shape and grouped findings.

JSON shape (documented in ``docs/compatibility.md``; keys are only ever added)::

    {"kommune": {"ags", "key", "name", "land", "land_name", "kind"}, "provider": {"id", "name"},
     "on": "YYYY-MM-DD", "verdicts": {"<area id>": "<verdict>"},
     "findings": [{"area", "verdict", "role", "rule", "plugin", "reason", "confidence", "missing",
                   "facts": ["<fact id>"], "changes": [{"fact", "text", "verdict"}],
                   "sources": [{"title", "url", "date", "confidence"}],
                   "norms": [{"law", "section", "title", "url", "valid_from", "valid_until",
                              "versions": [{"valid_from", "valid_until", "published", "text"}]}]}],
     "bindung": [<finding, "area": null>],
     "areas": [{"area", "verdict", "open_questions": ["<rule>"],
                "changes": [{"fact", "text", "verdict"}]}],
     "facts": [{"id", "fact", "value", "since", "until", "confidence", "sources"}],
     "warnings": ["<German text>"]}

``bindung`` holds the provider-level findings (admission, Umlage, exit), evaluated once and
counted in every area; ``changes`` says, for ``cannot_serve``/``unknown`` areas, which fact or
action would lead to which verdict.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import attrs

from ...domain import Change, Fact, Finding, Norm, ServiceArea, Source, Verdict
from ...engine import AreaResult, CheckResult

__all__ = [
    "FindingGroup",
    "change_dict",
    "fact_dict",
    "finding_dict",
    "group_findings",
    "norm_dict",
    "result_dict",
]


def _date(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def norm_dict(n: Norm) -> dict[str, Any]:
    return {
        "law": n.law,
        "section": n.section,
        "title": n.title,
        "url": n.url,
        "valid_from": _date(n.valid_from),
        "valid_until": _date(n.valid_until),
        "valid_from_known": n.enacted_known,
        "versions": [
            {
                "valid_from": _date(v.valid_from),
                "valid_until": _date(v.valid_until),
                "published": v.published,
                "text": v.text,
            }
            for v in n.versions
        ],
    }


def source_dict(s: Source) -> dict[str, Any]:
    return {"title": s.title, "url": s.url, "date": _date(s.date), "confidence": s.confidence.value}


def change_dict(c: Change) -> dict[str, Any]:
    return {"fact": c.fact, "text": c.text, "verdict": c.verdict.value}


def fact_dict(f: Fact) -> dict[str, Any]:
    return {
        "id": f.id,
        "fact": f.fact,
        "value": f.value,
        "since": _date(f.since),
        "until": _date(f.until),
        "confidence": f.confidence.value,
        "sources": [source_dict(s) for s in f.sources],
    }


def area_dict(a: AreaResult) -> dict[str, Any]:
    return {
        "area": a.area.value,
        "verdict": a.verdict.value,
        "open_questions": [f.rule for f in a.open_questions],
        "changes": [change_dict(c) for c in a.changes],
    }


def finding_dict(f: Finding) -> dict[str, Any]:
    return {
        "area": f.area.value if f.area is not None else None,
        "verdict": f.verdict.value,
        "role": f.role.value,
        "rule": f.rule,
        "plugin": f.plugin,
        "reason": f.reason,
        "norms": [norm_dict(n) for n in f.norms],
        "confidence": f.confidence.value,
        "sources": [source_dict(s) for s in f.sources],
        "missing": list(f.missing),
        "facts": list(f.facts),
        "changes": [change_dict(c) for c in f.changes],
    }


def result_dict(r: CheckResult) -> dict[str, Any]:
    k, p = r.kommune, r.provider
    return {
        "kommune": {
            "ags": k.ags,
            "key": k.key,
            "name": k.name,
            "land": k.land,
            "land_name": r.land_name,
            "kind": k.kind.value,
        },
        "provider": {"id": p.id, "name": p.name},
        "on": r.on.isoformat(),
        "verdicts": {a.area.value: a.verdict.value for a in r.areas},
        "findings": [finding_dict(f) for f in r.findings],
        "bindung": [finding_dict(f) for f in r.bindung],
        "areas": [area_dict(a) for a in r.areas],
        "facts": [fact_dict(f) for f in r.facts],
        "warnings": list(r.warnings),
    }


@attrs.frozen
class FindingGroup:
    """One statement that several areas share (same rule, verdict and reason)."""

    finding: Finding
    areas: tuple[ServiceArea, ...]

    @property
    def verdict(self) -> Verdict:
        return self.finding.verdict

    def areas_label(self, asked: int) -> str:
        if not self.areas:
            return "Bindung (alle Bereiche)"
        if len(self.areas) == asked and asked > 1:
            return "alle geprüften Bereiche"
        return ", ".join(a.label for a in self.areas)


def group_findings(findings: Iterable[Finding]) -> list[FindingGroup]:
    """Identical statements for several areas shown once, worst verdict first."""
    groups: dict[tuple[Any, ...], list[Finding]] = {}
    for f in findings:
        key = (f.rule, f.plugin, f.verdict, f.reason, f.norms, f.confidence, f.sources, f.missing)
        groups.setdefault(key, []).append(f)
    out = [
        FindingGroup(fs[0], tuple(f.area for f in fs if f.area is not None))
        for fs in groups.values()
    ]
    return sorted(out, key=lambda g: -g.verdict.rank)  # stable: first appearance within a rank
