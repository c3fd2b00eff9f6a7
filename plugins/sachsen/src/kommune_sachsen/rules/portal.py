"""Online services of a Saxon Kommune must also be offered through Amt24 (§ 15a SächsEGovG)."""

from __future__ import annotations

from kommune_core.domain import Case, Finding, Rule, Verdict

from .facts import AMT24_15A

V = Verdict


def amt24(rule: Rule, case: Case) -> Finding:
    p = case.provider
    name = p.short_name or p.name
    land = case.kommune.land
    ours = case.catalog.portale_for(land)
    ours_text = ", ".join(x.name for x in ours) or "Amt24"
    if not p.portals:
        return case.finding(
            V.UNKNOWN,
            f"Über welches Antragsportal {name} Online-Dienste bereitstellt, ist nicht erfasst.",
            rule=rule,
            missing=(f"Antragsportale, an die {name} angebunden ist",),
            sources=(AMT24_15A,),
        )
    known = [case.catalog.portale.get(pid) for pid in p.portals]
    usable = [x for x in known if x is not None and land in x.for_laender]
    if usable:
        return case.finding(
            V.SERVES,
            f"{name} stellt Online-Dienste über {', '.join(x.name for x in usable)} bereit; damit "
            f"ist das Angebot über das Serviceportal Amt24 gesichert (§ 15a SächsEGovG).",
            rule=rule,
            sources=(AMT24_15A,),
        )
    if any(x is None for x in known):
        return case.finding(
            V.UNKNOWN,
            f"{name} ist an Portale angebunden, die kein Plugin beschreibt; ob Dienste auch über "
            f"{ours_text} angeboten werden, ist offen.",
            rule=rule,
            missing=(f"Anbindung von {name} an {ours_text}",),
            sources=(AMT24_15A,),
        )
    described = ", ".join(
        f"{x.name} (nur für Kommunen der Länder {', '.join(x.for_laender)})"
        for x in known
        if x is not None
    )
    return case.finding(
        V.CANNOT_SERVE,
        f"Sächsische Kommunen, die Verwaltungsleistungen elektronisch anbieten, müssen sie auch "
        f"über das Serviceportal {ours_text} anbieten (§ 15a SächsEGovG). {name} stellt "
        f"Online-Dienste über {described} bereit, das sächsischen Kommunen nicht offensteht; "
        f"eine Anbindung an {ours_text} ist nicht erfasst.",
        rule=rule,
        sources=(AMT24_15A,),
    )
