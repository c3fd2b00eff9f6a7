"""``docs/rules.md`` generated from the code: every rule with its scope, role(s), norms (with
versions) and the facts it reads.

Roles and facts are *observed*: the engine runs every rule over a fixed sample (every Kreis and
kreisfreie Stadt of each Land plus every Kommune a provider names, against every provider, on
a few dates, as member, as non-member and unrecorded). Regenerate with::

    .venv/bin/python -m kommune_core.engine.ruledoc > docs/rules.md

``tests/engine/test_docs.py`` checks that the file equals what this module renders.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from collections import defaultdict
from typing import TYPE_CHECKING

from ..domain import Bindung, BindungsArt, KommuneKind, Role, Rule, Scope, Setup
from .evaluate import Engine

if TYPE_CHECKING:  # pragma: no cover
    from ..catalog import Catalog

__all__ = ["DATES", "render"]

DATES = (dt.date(2010, 1, 1), dt.date(2019, 6, 19), dt.date(2021, 10, 1), dt.date(2026, 1, 1))

INTRO = """# Rules

Generated from the code by `python -m kommune_core.engine.ruledoc` (do not edit by hand;
`tests/engine/test_docs.py` checks it). Every rule the shipped plugins contribute, with its
scope, the roles its findings take, its norms with their versions, and the facts it reads.

**Roles.** A finding is a *decision* (the provider can or cannot serve the area, by which
route), a *condition* (what must be done or accepted), a *risk* (lock-in, cost exposure) or an
*open question* (a fact that is not recorded). An area is `cannot_serve` when a decision says
so; `serves_with_conditions` when any condition or risk applies; `serves` when none does; and
`unknown` only when the answers of an open question lead to different verdicts — the engine
re-runs the rules under each answer and compares (`kommune_core.engine.decide`).
**Bindung** rules speak about the Kommune's relation to the provider (admission, Umlage, exit):
they are asked once per check, shown once, and count as conditions or risks in every area.

**Dates.** A rule is in force from the latest first day of its norms (the law's enactment, not a
re-publication). A norm's *versions* are its wordings with their own dates; only versions whose
wording was checked are *modelled*. Between the enactment and the first modelled version the
engine reports "Recht vor D nicht erfasst" (area `unknown`) instead of the rule's answer.

**Facts** (ids as in the JSON report's `facts`): `mitgliedschaft.<provider>.<key>` member since
D / not a member / not recorded; `angebot.<provider>.<area>`; `privates_kapital.<provider>`;
`satzung.<provider>.austrittsquorum`; `satzung.<provider>.umlageschluessel`.
"""

OUTRO = """## Engine findings (not rules)

| id | role | when |
|---|---|---|
| `engine.keine_regel` | open question | no rule in force on the date decides the area |
| the rule's id | open question | the rule's law is in force but its wording on the date \
is not modelled ("Recht vor D nicht erfasst") |
| the failing rule's id | open question | a rule raised or returned something that is not a \
finding of the asked area; the reason names the rule, its plugin and the exception |
"""


def _fact_kind(fact_id: str) -> str:
    parts = fact_id.split(".")
    if parts[0] == "satzung":
        return f"satzung.<provider>.{parts[-1]}"
    if parts[0] in ("mitgliedschaft", "angebot"):
        return f"{parts[0]}.<provider>.<{'key' if parts[0] == 'mitgliedschaft' else 'area'}>"
    return f"{parts[0]}.<provider>"


def observe(catalog: Catalog) -> dict[str, tuple[set[Role], set[str]]]:
    """Roles and fact kinds each rule's findings showed over the sample."""
    engine = Engine(catalog)
    seen: dict[str, tuple[set[Role], set[str]]] = defaultdict(lambda: (set(), set()))
    named = {b.kommune for p in catalog.providers.values() for b in p.members}
    kommunen = [
        k for k in catalog.kommunen.values() if k.kind is not KommuneKind.GEMEINDE or k.key in named
    ]
    for k in sorted(kommunen, key=lambda k: k.key):
        for p in sorted(catalog.providers.values(), key=lambda p: p.id):
            art = (
                BindungsArt.MITGLIEDSCHAFT
                if p.rechtsform.value == "zweckverband"
                else (BindungsArt.GESELLSCHAFTER)
            )
            setups = (
                None,
                Setup(kommune=k.key, not_member_of=(p.id,)),
                Setup(
                    kommune=k.key,
                    bindungen=(Bindung(kommune=k.key, provider=p.id, art=art, since=DATES[0]),),
                ),
            )
            for on in DATES:
                for setup in setups:
                    r = engine.check(k, p, on=on, setup=setup)
                    for f in (*r.findings, *r.bindung):
                        roles, facts = seen[f.rule]
                        roles.add(f.role)
                        facts.update(_fact_kind(i) for i in f.facts)
    return seen


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _rule_md(plugin: str, rule: Rule, roles: set[Role], facts: set[str]) -> list[str]:
    doc = (rule.check.__doc__ or "").strip()
    out = [f"### `{rule.id}` — {rule.title}", ""]
    scope = (
        "Bindung (once per check)"
        if rule.scope is Scope.BINDUNG
        else ("areas: " + ", ".join(a.value for a in rule.areas) if rule.areas else "all areas")
    )
    lands = ", ".join(rule.lands) if rule.lands else "all"
    until = f" until {rule.valid_until.isoformat()}" if rule.valid_until else ""
    start = rule.valid_from.isoformat()
    if not all(n.enacted_known for n in rule.norms):
        start = f"a day not recorded (at the earliest {start})"
    out.append(
        f"Plugin `{plugin}`; {scope}; Kommunen of Länder: {lands}; in force from "
        f"{start}{until}; modelled from {rule.modelled.isoformat()}."
    )
    if doc:
        out += ["", re.sub(r"\s+", " ", doc)]
    order = [r for r in Role if r in roles]
    out += [
        "",
        f"- roles: {', '.join(r.value for r in order) or '—'}",
        f"- facts read: {', '.join(f'`{f}`' for f in sorted(facts)) or '—'}",
        "",
        "| norm | title | in force from | last day | versions (modelled ✓) | URL |",
        "|---|---|---|---|---|---|",
    ]
    for n in rule.norms:
        versions = (
            "; ".join(
                f"{v.valid_from.isoformat()}–{v.valid_until.isoformat() if v.valid_until else ''}"
                f"{f' ({v.section} {n.law})' if v.section else ''}{' ✓' if v.text else ''}"
                for v in n.versions
            )
            or "—"
        )
        out.append(
            f"| {n.citation} | {_cell(n.title)} | "
            f"{n.valid_from.isoformat() if n.enacted_known else 'not recorded'} | "
            f"{n.valid_until.isoformat() if n.valid_until else '—'} | {versions} | {n.url} |"
        )
    out.append("")
    return out


def render(catalog: Catalog) -> str:
    seen = observe(catalog)
    lines = [INTRO]
    by_plugin: dict[str, list[Rule]] = defaultdict(list)
    for plugin, rule in catalog.rules:
        by_plugin[plugin].append(rule)
    for plugin in sorted(by_plugin):
        lines += [f"## Plugin `{plugin}`", ""]
        for rule in by_plugin[plugin]:
            roles, facts = seen.get(rule.id, (set(), set()))
            lines += _rule_md(plugin, rule, roles, facts)
    lines.append(OUTRO)
    return "\n".join(lines)


def main() -> int:
    from ..catalog import load_catalog

    sys.stdout.write(render(load_catalog(strict=True).load_all()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
