"""Online services (OZG) of a Thüringen Kommune run through a portal open to Thüringen."""

from __future__ import annotations

from kommune_core.domain import Case, Finding, Rule, Verdict

V = Verdict


def online_dienste(rule: Rule, case: Case) -> Finding:
    p = case.provider
    name = p.short_name or p.name
    land = case.kommune.land
    if not p.portals:
        return case.finding(
            V.UNKNOWN,
            f"Über welches Antragsportal {name} Online-Verwaltungsleistungen bereitstellt, ist "
            f"nicht erfasst.",
            rule=rule,
            missing=(f"Antragsportale, an die {name} angebunden ist",),
        )
    known = {pid: case.catalog.portale.get(pid) for pid in p.portals}
    unknown_ids = sorted(pid for pid, portal in known.items() if portal is None)
    ours = case.catalog.portale_for(land)
    ours_text = ", ".join(x.name for x in ours) or "kein erfasstes Portal"
    usable = [x for x in known.values() if x is not None and land in x.for_laender]
    if usable:
        return case.finding(
            V.SERVES,
            f"{name} stellt Online-Dienste über {', '.join(x.name for x in usable)} bereit, das "
            f"Thüringer Kommunen offensteht (§ 5 ThürEGovG, Portalverbund nach § 3 OZG).",
            rule=rule,
            sources=tuple(s for x in usable for s in x.sources),
        )
    if unknown_ids:
        return case.finding(
            V.UNKNOWN,
            f"{name} ist an Portale angebunden, die kein Plugin beschreibt "
            f"({', '.join(unknown_ids)}); ob sie Thüringer Kommunen offenstehen, ist offen.",
            rule=rule,
            missing=tuple(f"Angaben zum Antragsportal {i}" for i in unknown_ids),
        )
    foreign = [x for x in known.values() if x is not None]
    described = "; ".join(
        f"{x.name} (betrieben von {x.operator}{', ' + x.channel if x.channel else ''})"
        for x in foreign
    )
    return case.finding(
        V.CANNOT_SERVE,
        f"{name} stellt Online-Verwaltungsleistungen über {described} bereit. Dieses Portal und "
        f"seine Prozesse stehen nur Kommunen anderer Länder offen; Online-Dienste einer "
        f"Thüringer Kommune laufen über das Thüringer Landesportal ({ours_text}, § 5 ThürEGovG) "
        f"im Portalverbund (§ 3 OZG). Eine Anbindung von {name} an Thüringer Portale ist nicht "
        f"erfasst; nach dem EfA-Prinzip gebaute Dienste müssten gesondert über "
        f"Standardschnittstellen und Routing angebunden werden.",
        rule=rule,
        sources=tuple(s for x in foreign for s in x.sources),
    )
