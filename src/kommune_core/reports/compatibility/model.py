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

import datetime as dt
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


# -- the view model of the German reports (HTML, PDF, Markdown) --------------------------------
# One adapter from the engine's result to what a reader sees. It reads the decision model's
# fields defensively (``Finding.role``, ``AreaResult.changes``/``open_questions``,
# ``CheckResult.bindung``): where the engine does not give them yet, the view derives what it
# can from verdicts, reasons and ``missing`` facts, and says so.

ROLE_LABELS = {
    "decision": "Entscheidung",
    "condition": "Bedingung",
    "risk": "Risiko",
    "open_question": "offene Frage",
}

#: Who can answer an open question, by what the missing fact is about (first match wins).
_WHO = (
    (("genehmig", "bekanntmach", "wirksam", "aufsicht"), "aufsicht"),
    (
        ("stimm", "quorum", "satzung", "umlage", "gesellschaftsvertrag", "angebot", "anbieter"),
        "anbieter",
    ),
    (
        ("mitglied", "beitritt", "beschluss", "gesellschafter", "anteil", "beteiligung"),
        "kommune+anbieter",
    ),
)


@attrs.frozen
class NormView:
    citation: str
    title: str
    url: str
    since: str
    until: str


@attrs.frozen
class SourceView:
    title: str
    url: str | None
    date: str
    confidence: str


@attrs.frozen
class FactView:
    """A fact the rules read (``CheckResult.facts``), for the appendix."""

    fact: str
    value: str
    period: str
    confidence: str
    sources: tuple[SourceView, ...]


@attrs.frozen
class FindingView:
    number: int
    anchor: str
    verdict: Verdict
    role: str | None
    areas: tuple[ServiceArea, ...]
    areas_label: str
    reason: str
    norms: tuple[NormView, ...]
    sources: tuple[SourceView, ...]
    confidence: str | None
    missing: tuple[str, ...]
    rule: str
    plugin: str | None


@attrs.frozen
class ChangeView:
    text: str
    verdict: Verdict | None = None
    derived: bool = False


@attrs.frozen
class AreaView:
    area: ServiceArea
    verdict: Verdict
    anchor: str
    changes: tuple[ChangeView, ...]
    findings: tuple[int, ...]  # numbers of the findings that decide the verdict


@attrs.frozen
class ChangeGroup:
    """Areas that need the same changes, shown once (every area is named)."""

    areas: tuple[AreaView, ...]
    changes: tuple[ChangeView, ...]


def change_groups(areas: Iterable[AreaView]) -> list[ChangeGroup]:
    groups: dict[tuple[ChangeView, ...], list[AreaView]] = {}
    for a in areas:
        if a.changes:
            groups.setdefault(a.changes, []).append(a)
    return [ChangeGroup(tuple(v), k) for k, v in groups.items()]


@attrs.frozen
class QuestionView:
    text: str
    who: str
    areas_label: str


@attrs.frozen
class AuthorityView:
    body: str
    task: str
    norms: str
    land: str
    url: str | None
    sources: tuple[SourceView, ...]


@attrs.frozen
class StepView:
    number: int
    step: str
    by: str
    norms: str
    deadline: str
    land: str
    uncertain: bool
    sources: tuple[SourceView, ...]


@attrs.frozen
class CaseView:
    label: str
    dates: str
    durations: str
    sources: tuple[SourceView, ...]


@attrs.frozen
class CostView:
    item: str
    amount: str
    basis: str
    sources: tuple[SourceView, ...]


@attrs.frozen
class ApprovalsView:
    """The report's procedure part: who approves and supervises, the steps in order (with a
    note on what they rest on), real cases with their durations, and the costs."""

    authorities: tuple[AuthorityView, ...]
    steps: tuple[StepView, ...]
    steps_note: str
    cases: tuple[CaseView, ...]
    costs: tuple[CostView, ...]

    @property
    def entries(self) -> tuple[AuthorityView | StepView | CaseView | CostView, ...]:
        """Every entry, in reading order (their sources are listed once, after the section)."""
        return (*self.authorities, *self.steps, *self.cases, *self.costs)


@attrs.frozen
class ReportView:
    """Everything one report (one Kommune × one provider) shows, in reading order."""

    result: CheckResult
    anchor: str
    kommune: str
    provider: str
    provider_short: str
    on: str
    summary: tuple[str, ...]
    questions: tuple[QuestionView, ...]
    areas: tuple[AreaView, ...]
    findings: tuple[FindingView, ...]
    bindung: tuple[FindingView, ...]
    approvals: ApprovalsView
    setup: tuple[tuple[str, str, str], ...]  # (key, German label, value)
    context: Any
    warnings: tuple[str, ...] = ()
    membership: str | None = None
    facts: tuple[FactView, ...] = ()


def _sources(sources: Iterable[Source]) -> tuple[SourceView, ...]:
    from .german import clean_text, de_date

    return tuple(
        SourceView(clean_text(s.title), s.url, de_date(s.date), s.confidence.label) for s in sources
    )


def _norms(norms: Iterable[Norm]) -> tuple[NormView, ...]:
    from .german import clean_text, de_date

    return tuple(
        NormView(
            clean_text(n.citation),
            clean_text(n.title),
            n.url,
            de_date(n.valid_from)
            if n.enacted_known
            # the day of enactment is not recorded: say what is known, not a lower bound
            else f"spätestens {de_date(n.modelled_from)}; Inkrafttreten nicht erfasst",
            de_date(n.valid_until),
        )
        for n in norms
    )


def _slug(text: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in text.lower()).strip("-")


def _role(f: Any) -> str | None:
    role = getattr(f, "role", None)
    if role is None:
        return None
    return str(getattr(role, "value", role))


def _who(text: str, provider: str, authority: str) -> str:
    low = text.lower()
    for words, who in _WHO:
        if any(w in low for w in words):
            if who == "aufsicht":
                return f"die Aufsichtsbehörde ({authority})"
            if who == "anbieter":
                return f"der Anbieter ({provider}, Satzung bzw. Gesellschaftsvertrag)"
            return (
                f"die Kommune (eigene Beschlüsse) und der Anbieter ({provider}, Mitglieder- "
                f"bzw. Gesellschafterliste)"
            )
    return "die Kommune"


def _area_phrase(areas: list[ServiceArea]) -> str:
    from .german import de_list

    names = [f"„{a.label}“" for a in areas]
    if len(names) == 1:
        return f"Im Bereich {names[0]}"
    return f"In den Bereichen {de_list(names)}"


def _summary(r: CheckResult, provider: str) -> tuple[str, ...]:
    by_verdict: dict[Verdict, list[ServiceArea]] = {}
    for a in r.areas:
        by_verdict.setdefault(a.verdict, []).append(a.area)
    text = {
        Verdict.SERVES: f"kann {provider} die Kommune bedienen.",
        Verdict.SERVES_WITH_CONDITIONS: (
            f"kann {provider} die Kommune bedienen, wenn die genannten Bedingungen erfüllt sind."
        ),
        Verdict.UNKNOWN: (
            f"ist offen, ob {provider} die Kommune bedienen kann: Die Antwort hängt von den "
            "offenen Fragen unten ab."
        ),
        Verdict.CANNOT_SERVE: (
            f"kann {provider} die Kommune nach den erfassten Daten nicht bedienen."
        ),
    }
    out = []
    for v in sorted(by_verdict, key=lambda v: -v.rank):
        out.append(f"{_area_phrase(by_verdict[v])} {text[v]}")
    if not r.areas:
        out.append("Es wurde kein Leistungsbereich geprüft.")
    return tuple(out)


def _first_sentences(text: str, limit: int = 320) -> str:
    if len(text) <= limit:
        return text
    cut = text.rfind(". ", 0, limit)
    return text[: cut + 1] if cut > 80 else text[:limit].rsplit(" ", 1)[0] + " …"


def _last_sentences(text: str, limit: int = 320) -> str:
    """The end of a reason, where rules state what is missing or what follows."""
    if len(text) <= limit:
        return text
    start = text.find(". ", len(text) - limit)
    return "… " + text[start + 2 :] if start != -1 else _first_sentences(text, limit)


def _derived_changes(
    a: Any, views: dict[int, FindingView], ids: list[int]
) -> tuple[ChangeView, ...]:
    out: list[ChangeView] = []
    decisive = [views[i] for i in ids]
    for f in decisive:
        for m in f.missing:
            out.append(
                ChangeView(
                    f"Klären: {m}. Je nach Antwort kann das Ergebnis anders ausfallen.",
                    derived=True,
                )
            )
        if not f.missing:
            if a.verdict is Verdict.CANNOT_SERVE:
                out.append(
                    ChangeView(
                        "Entfallen müsste dieser Hinderungsgrund (durch ein anderes Angebot des "
                        "Anbieters oder eine Änderung der Rechtslage). "
                        + _last_sentences(f.reason),
                        derived=True,
                    )
                )
            else:
                out.append(ChangeView("Klären: " + _first_sentences(f.reason), derived=True))
    if not out:
        out.append(
            ChangeView(
                "Keine Regel hat sich zu diesem Bereich geäußert. Zu klären wäre, ob der Anbieter "
                "den Bereich anbietet und welches Landesrecht gilt; erst dann lässt sich "
                "entscheiden.",
                derived=True,
            )
        )
    seen: set[str] = set()
    return tuple(c for c in out if not (c.text in seen or seen.add(c.text)))  # type: ignore[func-returns-value]


def _approvals_view(r: CheckResult, ctx: Any) -> ApprovalsView:
    from .german import de_list, de_money, de_short_date

    k, p = r.kommune, r.provider
    data = {d.land: d for d in getattr(ctx, "approvals", ())}
    home, seat = data.get(k.land), data.get(p.seat_land)
    route = "zweckverband" if p.rechtsform.value == "zweckverband" else "unternehmen"
    name = ctx.land_name if ctx is not None else (lambda key: f"Land {key}")
    auth: list[AuthorityView] = []
    if home is not None:
        for a in home.authorities:
            if getattr(a, "providers", ()) and p.id not in a.providers:
                continue
            if (a.subject == "kommune" and a.kinds and a.applies_to(k.kind)) or (
                a.subject == "unternehmen" and route == "unternehmen"
            ):
                auth.append(
                    AuthorityView(
                        a.body, a.task, de_list(a.norms), name(k.land), a.url, _sources(a.sources)
                    )
                )
    if seat is not None and route == "zweckverband":
        for a in seat.authorities:
            if getattr(a, "providers", ()) and p.id not in a.providers:
                continue
            if a.subject == "zweckverband":
                auth.append(
                    AuthorityView(
                        a.body,
                        a.task,
                        de_list(a.norms),
                        name(p.seat_land),
                        a.url,
                        _sources(a.sources),
                    )
                )

    def _fits(s: Any, side: str) -> bool:
        only = getattr(s, "providers", ())
        return s.route == route and s.side == side and (not only or p.id in only)

    raw = []
    if home is not None:
        raw += [(s, k.land) for s in home.steps if _fits(s, "kommune")]
    if seat is not None:
        raw += [(s, p.seat_land) for s in seat.steps if _fits(s, "anbieter")]
    home_steps = any(land == k.land for _, land in raw)
    raw.sort(key=lambda x: x[0].order)
    steps = tuple(
        StepView(
            i + 1,
            s.step,
            s.by,
            de_list(s.norms),
            s.deadline or "",
            name(land),
            s.confidence.value != "high",
            _sources(s.sources),
        )
        for i, (s, land) in enumerate(raw)
    )
    member = [b for b in p.members if b.kommune in {k.key, k.kreis, k.ags, k.ars} and b.kommune]
    states = {b.state(r.on) for b in member}
    if True in states:
        note = (
            "Die Kommune ist am Stichtag bereits gebunden; die Schritte zeigen, was ein Beitritt "
            "erfordert."
        )
    elif None in states:
        note = (
            "Eine Bindung der Kommune ist erfasst, ob sie am Stichtag schon wirksam war, ist "
            "nicht belegt; die Schritte zeigen, was ein Beitritt erfordert."
        )
    else:
        note = "Die Schritte zeigen, was ein Beitritt bzw. eine Beteiligung erfordert."
    if not home_steps:
        note += (
            f" Die Schritte auf Seiten der Kommune nach dem Recht von {name(k.land)} sind in "
            "den Daten nicht erfasst."
        )
    if p.satzung is not None and route == "zweckverband":
        months = p.satzung.notice_period_months
        note += (
            f" Kündigungsfrist laut Satzung: {months} Monate."
            if months
            else " Eine Kündigungsfrist für das Ausscheiden ist in den Daten nicht belegt."
        )
    datasets = [d for d in ([home] if seat is home else [home, seat]) if d is not None]
    cases = []
    for c in (c for d in datasets for c in d.cases if c.provider == p.id):
        # the state of the Stichtag: what had happened by then, nothing later
        decided, approved, published, in_force = (
            v if v is not None and v <= r.on else None
            for v in (c.decided, c.approved, c.published, c.in_force)
        )
        parts = [
            f"{label} {de_short_date(v)}"
            for label, v in (
                ("Beschluss", decided),
                ("Genehmigung", approved),
                ("Bekanntmachung", published),
                ("in Kraft", in_force),
            )
            if v is not None
        ]
        if not parts:
            continue
        spans = []
        if decided and approved:
            spans.append(f"Beschluss bis Genehmigung {(approved - decided).days} Tage")
        if approved and published:
            spans.append(f"Genehmigung bis Bekanntmachung {(published - approved).days} Tage")
        if decided and published:
            spans.append(f"insgesamt {(published - decided).days} Tage bis zur Bekanntmachung")
        later = (c.approved, c.published, c.in_force) != (approved, published, in_force)
        if later:
            spans.append(f"weitere Schritte nach dem Stichtag {de_short_date(r.on)}")
        label = c.label + (f" ({c.note.rstrip('.')})" if c.note and not later else "")
        cases.append(CaseView(label, "; ".join(parts), "; ".join(spans), _sources(c.sources)))
    costs = []
    for c in (c for d in datasets for c in d.costs if c.provider == p.id):
        if c.amount_cent is None:
            amount = "kein Betrag belegt"
        else:
            amount = de_money(c.amount_cent) + (f" {c.unit}" if c.unit else "")
        basis = c.basis + (f" ({de_list(c.norms)})" if c.norms else "")
        share = getattr(getattr(r, "setup", None), "share", None)
        if c.per_share and c.amount_cent is not None and share is not None:
            part = round(c.amount_cent * float(share))
            pct = f"{float(share) * 100:.2f}".replace(".", ",")
            amount += (
                f"; auf den Anteil der Kommune ({pct} % laut Setup) entfielen davon "
                f"{de_money(part)}"
            )
        costs.append(CostView(c.item, amount, basis, _sources(c.sources)))
        if c.item.startswith("Umlage der Verbandsmitglieder"):
            costs.extend(_umlage_key_view(p, r.on))
    setup = getattr(r, "setup", None)
    share = getattr(setup, "share", None) if setup is not None else None
    if share is not None and route == "zweckverband":
        pct = f"{float(share) * 100:.2f}".replace(".", ",")
        costs.append(
            CostView(
                "Ihr Anteil an einer Umlage",
                f"{pct} % des umzulegenden Betrags",
                "Anteil aus dem Setup; ein Betrag ergibt sich erst, wenn die Verbandsversammlung "
                "eine Umlage festsetzt (Höhe nicht vorhersagbar).",
                (),
            )
        )
    return ApprovalsView(tuple(auth), steps, note, tuple(cases), tuple(costs))


def _umlage_key_view(p: Any, on: dt.date) -> list[CostView]:
    """The Umlage key of the provider's Satzung in force on ``on`` (dated Satzung terms): one
    line, or both keys when a decided change's effective date is not known."""
    from .german import clean_text, de_date

    s = p.satzung
    keys = s.umlage_keys_on(on) if s is not None else ()
    if not keys:
        return []
    section = s.umlage_section or "Verbandssatzung"
    srcs = _sources(tuple(x for k in keys for x in k.sources))
    if len(keys) > 1:
        return [
            CostView(
                f"Umlageschlüssel am {de_date(on)}",
                " oder ".join(k.text for k in keys),
                "Die Änderung des Schlüssels ist beschlossen, der Tag ihres Wirksamwerdens ist "
                "nicht belegt.",
                srcs,
            )
        ]
    k = keys[0]
    when = []
    if k.since is not None:
        when.append(f"gilt ab {de_date(k.since)}")
    if k.until is not None:
        when.append(f"bis {de_date(k.until)}")
    if k.decided is not None:
        when.append(f"beschlossen am {de_date(k.decided)}")
    basis = f"{section if k.since else 'Verbandssatzung'}" + (
        f" ({', '.join(when)})" if when else ""
    )
    if k.note:
        basis += f". {clean_text(k.note)}"
    return [CostView(f"Umlageschlüssel am {de_date(on)}", k.text, basis, srcs)]


def _neutral(f: Finding) -> str:
    area = getattr(f, "area", None)
    return f.reason.replace(area.label, "\0") if area is not None else f.reason


def _alike(a: Finding, b: Finding) -> bool:
    """Same statement except for the area it names (``… den Bereich „X“ an …``)."""
    return _neutral(a) == _neutral(b)


def _merge_alike(groups: list[FindingGroup]) -> list[tuple[FindingGroup, str]]:
    """Findings of one rule that say the same about different areas, shown once: the first
    reason, then the other areas ("gleichlautend für …"). Only findings without conditions
    (``serves``), where nothing but the area differs."""
    out: list[tuple[FindingGroup, str]] = []
    merged: dict[tuple[Any, ...], int] = {}
    for g in groups:
        f = g.finding
        key = (f.rule, f.verdict, f.norms, f.sources, _neutral(f))
        if f.verdict is Verdict.SERVES and len(g.areas) == 1 and key in merged:
            i = merged[key]
            first, _ = out[i]
            both = FindingGroup(first.finding, (*first.areas, *g.areas))
            others = ", ".join(f"„{a.label}“" for a in both.areas[1:])
            out[i] = (both, f"{first.finding.reason} Gleichlautend für {others}.")
            continue
        if f.verdict is Verdict.SERVES and len(g.areas) == 1:
            merged[key] = len(out)
        out.append((g, f.reason))
    return out


def _finding_view(
    n: int,
    anchor: str,
    f: Finding,
    areas: tuple[ServiceArea, ...],
    areas_label: str,
    reason: str,
    rule_ids: tuple[str, ...],
) -> FindingView:
    """Finding ``f`` as the ``n``-th entry of a report (anchor ``<anchor>-b<n>``)."""
    from .german import clean_text

    return FindingView(
        n,
        f"{anchor}-b{n}",
        f.verdict,
        _role(f),
        areas,
        areas_label,
        clean_text(reason, rule_ids),
        _norms(f.norms),
        _sources(f.sources),
        None if f.confidence.value == "high" else f.confidence.label,
        tuple(clean_text(m, rule_ids) for m in f.missing),
        f.rule,
        f.plugin,
    )


def report_view(r: CheckResult, ctx: Any = None, *, prefix: str = "") -> ReportView:
    """The German report of one check, in reading order (see the module's view classes)."""
    from .german import SETUP_LABELS, clean_text, de_date

    rule_ids = tuple(getattr(ctx, "rule_ids", ()) or ()) or tuple({f.rule for f in r.findings})
    provider = r.provider.short_name or r.provider.name
    anchor = prefix or _slug(f"{r.kommune.key}-{r.provider.id}")
    # bindung (provider level), shown once
    bindung_src = tuple(getattr(r, "bindung", ()) or ())
    groups = _merge_alike(group_findings(r.findings))
    views: list[FindingView] = []
    number: dict[int, int] = {}
    for g, reason in groups:
        f = g.finding
        n = len(views) + 1
        views.append(
            _finding_view(n, anchor, f, g.areas, g.areas_label(len(r.areas)), reason, rule_ids)
        )
        for member in r.findings:
            if (
                (member.rule, member.verdict, member.norms, member.sources)
                == (
                    f.rule,
                    f.verdict,
                    f.norms,
                    f.sources,
                )
                and member.area in g.areas
                and _alike(member, f)
            ):
                number[id(member)] = n
    bindung: list[FindingView] = []
    for f in bindung_src:
        n = len(views) + len(bindung) + 1
        bindung.append(_finding_view(n, anchor, f, (), "Anbieter insgesamt", f.reason, rule_ids))
    by_number = {v.number: v for v in views}
    areas = []
    for a in r.areas:
        decisive = sorted(
            {number[id(f)] for f in a.findings if f.verdict is a.verdict and id(f) in number}
        )
        changes: tuple[ChangeView, ...] = ()
        if a.verdict in (Verdict.CANNOT_SERVE, Verdict.UNKNOWN):
            engine_changes = tuple(getattr(a, "changes", ()) or ())
            changes = tuple(
                ChangeView(
                    clean_text(str(getattr(c, "text", c)), rule_ids),
                    getattr(c, "verdict", None),
                )
                for c in engine_changes
            ) or _derived_changes(a, by_number, decisive)
        areas.append(
            AreaView(a.area, a.verdict, f"{anchor}-{a.area.value}", changes, tuple(decisive))
        )
    # open questions: the engine's, else the missing facts of `unknown` findings
    supervisor = "Rechtsaufsichtsbehörde"
    approvals = _approvals_view(r, ctx)
    if approvals.authorities:
        supervisor = approvals.authorities[-1].body
    qs: dict[str, list[ServiceArea]] = {}
    engine_qs = [(f, a.area) for a in r.areas for f in (getattr(a, "open_questions", ()) or ())]
    if engine_qs:
        for f, area in engine_qs:
            items = list(f.missing) or [f.reason]
            for m in items:
                qs.setdefault(clean_text(m, rule_ids), []).append(area)
    else:
        for f in r.findings:
            if f.verdict is Verdict.UNKNOWN and f.area is not None:
                for m in f.missing or (f.reason,):
                    qs.setdefault(clean_text(m, rule_ids), []).append(f.area)
    questions = []
    for text, qareas in qs.items():
        uniq = tuple(dict.fromkeys(qareas))
        label = (
            "alle geprüften Bereiche"
            if len(uniq) == len(r.areas) and len(uniq) > 1
            else ", ".join(x.label for x in uniq)
        )
        questions.append(QuestionView(text, _who(text, provider, supervisor), label))
    setup_rows = []
    setup = getattr(r, "setup", None)
    if setup is not None:
        for key in ("votes", "share", "total_votes", "land_votes"):
            value = getattr(setup, key, None)
            setup_rows.append(
                (key, SETUP_LABELS[key], "nicht angegeben" if value is None else str(value))
            )
    facts = []
    for fact in tuple(getattr(r, "facts", ()) or ()):
        since, until = getattr(fact, "since", None), getattr(fact, "until", None)
        period = ""
        if since and until:
            period = f"{de_date(since)} bis {de_date(until)}"
        elif since:
            period = f"seit {de_date(since)}"
        elif until:
            period = f"bis {de_date(until)}"
        conf = getattr(fact, "confidence", None)
        facts.append(
            FactView(
                clean_text(str(fact.fact), rule_ids),
                clean_text(str(fact.value), rule_ids)
                if fact.value is not None
                else "nicht erfasst",
                period,
                conf.label if conf is not None else "",
                _sources(getattr(fact, "sources", ()) or ()),
            )
        )
    membership = membership_text(r) if getattr(r, "membership", None) is not None else None
    return ReportView(
        warnings=tuple(clean_text(str(w), rule_ids) for w in getattr(r, "warnings", ()) or ()),
        membership=membership,
        facts=tuple(facts),
        result=r,
        anchor=anchor,
        kommune=kommune_title(r),
        provider=r.provider.name,
        provider_short=provider,
        on=de_date(r.on),
        summary=_summary(r, provider),
        questions=tuple(questions),
        areas=tuple(areas),
        findings=tuple(views),
        bindung=tuple(bindung),
        approvals=approvals,
        setup=tuple(setup_rows),
        context=ctx,
    )


def kommune_title(r: CheckResult) -> str:
    """``Name (kind in Land)``: no keys (they go to the appendix)."""
    land = r.land_name or f"Land {r.kommune.land}"
    return f"{r.kommune.name} ({r.kommune.kind.label} in {land})"


def membership_text(r: CheckResult, *, short: bool = False) -> str:
    """The Kommune's standing with the provider as the rules read it (member since …, not a
    member, not recorded and why), for the Bindung row of ``compare`` and ``matrix``;
    ``short`` leaves out the reason in brackets (matrix cells)."""
    from .german import clean_text

    m = getattr(r, "membership", None)
    if m is None:
        return "–"
    rule_ids = sorted({f.rule for f in r.findings})
    if m.value is not None:
        text = clean_text(str(m.value), rule_ids)
        if not short:
            return text
        # "kein Mitglied – Aufnahme … zurückgestellt (…)": keep what tells cases apart
        return text.partition(" (")[0]
    detail = str(m.fact).partition(" (")[2].removesuffix(")")
    if not detail:
        return "nicht erfasst"
    detail = clean_text(detail, rule_ids)
    if short:
        first = detail.split(";")[0]
        telling = ("Beitritt", "Aufnahme", "belegt ab")
        return f"nicht erfasst – {first}" if any(w in first for w in telling) else "nicht erfasst"
    return f"nicht erfasst: {detail}"
