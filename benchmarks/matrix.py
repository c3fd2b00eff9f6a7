"""Benchmark: the full compatibility matrix and the cost of the plugin dispatch.

1. Matrix: every Kommune of both Länder (Gemeinden, kreisfreie Städte and Landkreise, about
   1,050) × every known provider × every service area, through the engine (rules collected once
   through the plugins' ``kommune_rules`` hooks, then called directly; Bindung rules once per
   check; facts that are not recorded weighed by re-running the rules under each answer).
2. Dispatch overhead: the same matrix with the rule functions called directly in a bare loop
   (no engine: no isolation of failures, no weighing of open facts, no fold) — the engine's
   cost relative to it — and
   the cost of asking the plugins through pluggy for their rules (``kommune_rules`` hook
   call) against
   calling the plugins' ``rules()`` functions directly.

Prints a table and, last, one JSON line with the figures. Run: ``.venv/bin/python
benchmarks/matrix.py [--repeat N]``. Single process, single thread.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import statistics
import sys
import time
from collections.abc import Callable

from kommune_core.catalog import load_catalog
from kommune_core.domain import Case, Finding, LookupView, Scope, ServiceArea
from kommune_core.engine import Engine

ON = dt.date(2026, 1, 1)


def best_of(repeat: int, fn: Callable[[], object]) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times), statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    cat = load_catalog(["bund", "thueringen", "sachsen"], strict=True).load_all()
    kommunen = sorted(cat.kommunen.values(), key=lambda k: k.key)
    providers = list(cat.providers.values())
    areas = list(ServiceArea)
    cases = len(kommunen) * len(providers) * len(areas)

    def engine_matrix() -> int:
        engine = Engine(cat)  # built inside: includes indexing the rules
        n = 0
        for k in kommunen:
            for p in providers:
                r = engine.check(k, p, on=ON)
                n += len(r.findings) + len(r.bindung)
        return n

    def in_force(land: str, area: ServiceArea | None) -> list:  # type: ignore[type-arg]
        return [
            r
            for _, r in cat.rules
            if r.in_force(ON)
            and (r.scope is Scope.BINDUNG) == (area is None)
            and (area is None or not r.areas or area in r.areas)
            and (not r.lands or land in r.lands)
        ]

    applicable = {(land, area): in_force(land, area) for land in cat.laender for area in areas}
    bindung = {land: in_force(land, None) for land in cat.laender}
    view = LookupView.of(cat)

    def count(out: object) -> int:
        if out is None:
            return 0
        return 1 if isinstance(out, Finding) else len(tuple(out))  # type: ignore[arg-type]

    def direct_matrix(case_cls: type[Case] = Case) -> int:
        n = 0
        for k in kommunen:
            for p in providers:
                case = case_cls(k, p, None, ON, view, None)
                n += sum(count(rule.check(rule, case)) for rule in bindung[k.land])
                for area in areas:
                    case = case_cls(k, p, area, ON, view, None)
                    for rule in applicable[(k.land, area)]:
                        n += count(rule.check(rule, case))
        return n

    # Same work: the engine returns exactly the findings the direct loop makes.
    assert engine_matrix() == direct_matrix(), "engine and direct loop disagree"

    engine_best, engine_median = best_of(args.repeat, engine_matrix)
    direct_best, direct_median = best_of(args.repeat, direct_matrix)

    # Rule collection: pluggy hook dispatch (as the host does it) vs the plugins' rules().
    import kommune_core.bund.rules as bund_rules
    import kommune_sachsen.rules as sn_rules
    import kommune_thueringen.rules as th_rules

    hook = cat.host.pm.hook.kommune_rules

    def via_pluggy() -> int:
        return sum(len(rules) for rules in hook())

    def via_direct() -> int:
        return sum(len(m.rules()) for m in (bund_rules, th_rules, sn_rules))

    assert via_pluggy() == via_direct() == len(cat.rules)

    loops = 200
    hook_best, _ = best_of(args.repeat, lambda: [via_pluggy() for _ in range(loops)])
    plain_best, _ = best_of(args.repeat, lambda: [via_direct() for _ in range(loops)])

    figures = {
        "kommunen": len(kommunen),
        "providers": len(providers),
        "areas": len(areas),
        "cases": cases,
        "rules": len(cat.rules),
        "findings": direct_matrix(),
        "matrix_engine_s": round(engine_best, 4),
        "matrix_engine_median_s": round(engine_median, 4),
        "matrix_direct_s": round(direct_best, 4),
        "matrix_direct_median_s": round(direct_median, 4),
        "engine_over_direct": round(engine_best / direct_best, 3),
        "rule_collection_pluggy_ms": round(hook_best / loops * 1000, 4),
        "rule_collection_direct_ms": round(plain_best / loops * 1000, 4),
        "rule_collection_pluggy_over_direct": round(hook_best / plain_best, 3),
        "rule_collection_share_of_matrix": round(hook_best / loops / engine_best, 6),
        "python": platform.python_version(),
        "machine": platform.machine(),
    }
    rows = [
        (
            "Kommunen × providers × areas",
            f"{len(kommunen)} × {len(providers)} × {len(areas)} = {cases} cases",
        ),
        ("rules (plugins bund, thueringen, sachsen)", str(len(cat.rules))),
        ("findings per matrix", str(figures["findings"])),
        (
            "matrix through the engine (best / median)",
            f"{engine_best:.3f} s / {engine_median:.3f} s",
        ),
        (
            "matrix, rules called directly (best / median)",
            f"{direct_best:.3f} s / {direct_median:.3f} s",
        ),
        ("engine ÷ direct call", f"{figures['engine_over_direct']:.2f}×"),
        (
            "collecting rules: pluggy hook vs rules() direct",
            f"{figures['rule_collection_pluggy_ms']:.3f} ms vs "
            f"{figures['rule_collection_direct_ms']:.3f} ms "
            f"({figures['rule_collection_pluggy_over_direct']:.2f}×)",
        ),
    ]
    width = max(len(a) for a, _ in rows)
    for a, b in rows:
        print(f"{a:<{width}}  {b}")
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
