"""Small helpers rules share: the Kommune's binding to the provider, Land names, fractions.

Plugins import these so every rule answers "is the Kommune a member?" the same way: the
officer's setup file first (it describes the real, current bindings), then the provider's data.
"""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction

from ..domain import Bindung, Case, Confidence, Finding, Kommune, Norm, Rule, Verdict

__all__ = [
    "active_binding",
    "fraction_text",
    "joining_finding",
    "kommune_keys",
    "land_name",
    "offer_finding",
]


def kommune_keys(kommune: Kommune) -> set[str]:
    """Every key a binding may use for this Kommune (AGS or Kreisschlüssel, ARS)."""
    keys = {kommune.key}
    if kommune.ars:
        keys.add(kommune.ars)
    if kommune.is_kreisebene:
        keys.add(kommune.kreis)
    return keys


#: (kommune, provider, setup, on, result) of the last look-up. Rules ask the same question for
#: every area of a case; the identity check makes a stale hit impossible.
_last: list[object] = [None, None, None, None, None]


def active_binding(case: Case) -> Bindung | None:
    """The Kommune's membership or shareholding (control in the sense of § 108 GWB) with the
    case's provider on the case's date: from the setup file first, then the provider's data."""
    last = _last
    if (
        last[0] is case.kommune
        and last[1] is case.provider
        and last[2] is case.setup
        and last[3] == case.on
    ):
        return last[4]  # type: ignore[return-value]
    found = _active_binding(case)
    _last[:] = [case.kommune, case.provider, case.setup, case.on, found]
    return found


def _active_binding(case: Case) -> Bindung | None:
    keys = kommune_keys(case.kommune)
    if case.setup is not None:
        for b in case.setup.bindungen:
            if (
                b.provider == case.provider.id
                and b.kommune in keys
                and b.art.gives_control
                and b.active(case.on)
            ):
                return b
    return case.provider.member_binding(keys, case.on)


def land_name(case: Case, key: str) -> str:
    """The Land's name as its plugin contributes it, else ``Land <key>``."""
    land = case.catalog.laender.get(key)
    return land.name if land is not None else f"Land {key}"


def fraction_text(value: Fraction) -> str:
    """``3/5`` → ``3/5 (60 %)`` with a German decimal comma."""
    pct = f"{float(value) * 100:.1f}".rstrip("0").rstrip(".").replace(".", ",")
    return f"{value.numerator}/{value.denominator} ({pct} %)"


def offer_finding(rule: Rule, case: Case, *, basis: str) -> Finding:
    """Does the provider offer the case's area? ``basis`` names where its tasks are set, as a
    German prepositional phrase (``in der Verbandssatzung``, ``im Gesellschaftsvertrag``). The
    recorded offer is what the sources name, not an exhaustive list: an area not named is
    ``unknown``, not ``cannot_serve``.
    """
    p = case.provider
    name = p.short_name or p.name
    if p.founded is not None and case.on < p.founded:
        return case.finding(
            Verdict.UNKNOWN,
            f"{name} ist in der erfassten Form erst am {p.founded.isoformat()} gegründet bzw. "
            f"neu gegründet worden; das Leistungsangebot am {case.on.isoformat()} ist nicht "
            f"erfasst.",
            rule=rule,
            sources=p.sources,
            missing=(f"Leistungsangebot von {name} vor {p.founded.isoformat()}",),
        )
    if case.area in p.offers:
        return case.finding(
            Verdict.SERVES,
            f"{name} bietet den Bereich „{case.area.label}“ an; der Anbieter nimmt die Aufgaben "
            f"wahr, die {basis} vorgesehen sind.",
            rule=rule,
            sources=p.sources,
        )
    offered = ", ".join(a.label for a in p.offers) or "keine erfasst"
    return case.finding(
        Verdict.UNKNOWN,
        f"Dass {name} den Bereich „{case.area.label}“ anbietet, ist in den Quellen nicht belegt; "
        f"der Anbieter darf nur Aufgaben wahrnehmen, die {basis} vorgesehen sind. Belegt sind: "
        f"{offered}.",
        rule=rule,
        sources=p.sources,
        missing=(f"Angebot von {name} im Bereich „{case.area.label}“",),
    )


def joining_finding(
    rule: Rule, case: Case, *, need: str, done: str, norms: Iterable[Norm] | None = None
) -> Finding:
    """What joining the provider takes, by the Kommune's binding on the case's date.

    No binding → ``serves_with_conditions`` with ``need`` as the condition; a binding that is
    not firm (press report) → the same, with its confidence and source; a firm binding →
    ``serves``, and ``done`` says what is thereby settled.
    """
    p = case.provider
    name = p.short_name or p.name
    b = active_binding(case)
    if b is None:
        return case.finding(
            Verdict.SERVES_WITH_CONDITIONS,
            f"Die Kommune ist weder Mitglied noch Gesellschafterin von {name}. Bedingung: {need}.",
            rule=rule,
            norms=norms,
        )
    src = (b.source,) if b.source else ()
    if b.confidence is not Confidence.HIGH:
        return case.finding(
            Verdict.SERVES_WITH_CONDITIONS,
            f"Die {b.art.label} bei {name} ist nicht gesichert ({b.confidence.label}"
            f"{': ' + b.note if b.note else ''}). Ist sie nicht wirksam geworden, gilt: {need}.",
            rule=rule,
            norms=norms,
            confidence=b.confidence,
            sources=src,
        )
    return case.finding(
        Verdict.SERVES,
        f"Die {b.art.label} bei {name} besteht ({b.note or 'laut Quelle'}); {done}.",
        rule=rule,
        norms=norms,
        sources=src,
    )
