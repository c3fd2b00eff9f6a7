"""Sources are public (law portals, official notices, press); the project's brief is none."""

from __future__ import annotations

import datetime as dt
import re

from kommune_core.engine import Engine

BRIEF = re.compile(r"\bbrief\b|projektbrief|kommune interop", re.IGNORECASE)


def test_no_source_cites_the_project_brief(full_catalog) -> None:  # type: ignore[no-untyped-def]
    engine = Engine(full_catalog)
    titles: set[str] = set()
    for land in ("14", "16"):
        for k in full_catalog.kommunen_of(land):
            if k.kind.value == "gemeinde":
                continue
            for p in full_catalog.providers.values():
                r = engine.check(k, p, on=dt.date(2026, 1, 1))
                for f in (*r.findings, *getattr(r, "bindung", ())):
                    titles.update(s.title for s in f.sources)
    for p in full_catalog.providers.values():
        titles.update(s.title for s in p.sources)
        if p.satzung is not None:
            titles.update(s.title for s in p.satzung.sources)
        titles.update(b.source.title for b in p.members if b.source is not None)
    assert titles and not [t for t in titles if BRIEF.search(t)]


def test_approval_data_is_sourced(full_catalog) -> None:  # type: ignore[no-untyped-def]
    data = list(full_catalog.approvals.values())
    assert {d.land for d in data} == {"14", "16"}
    for d in data:
        for item in (*d.authorities, *d.steps, *d.cases, *d.costs):
            assert item.sources, item
            for s in item.sources:
                assert s.url and s.url.startswith("https://"), (item, s)
                assert not BRIEF.search(s.title)
        for a in d.authorities:
            assert a.norms and all(re.match(r"§|Art\.", n) for n in a.norms), a
