"""Facts rules read, each through :meth:`Case.read` so the engine records it and can weigh
the answers of facts that are not recorded.

* :func:`membership` — member since D / not a member / not recorded (three-valued), from the
  setup file first, then the provider's dated member record, applications and the places
  where its member list is complete;
* :func:`offer` — whether the provider offers the case's area (the recorded offer is what the
  sources name, not an exhaustive list);
* :func:`private_capital`, :func:`exit_quorum`, :func:`umlage_keys` — provider facts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from fractions import Fraction

import attrs

from ..domain import (
    Answer,
    Bindung,
    Case,
    Confidence,
    Fact,
    Kommune,
    KommuneKind,
    QuorumClaim,
    Reading,
    Rechtsform,
    SatzungTerm,
    Source,
)

__all__ = [
    "Membership",
    "active_binding",
    "exit_quorum",
    "fraction_text",
    "kommune_keys",
    "land_name",
    "membership",
    "membership_question",
    "offer",
    "private_capital",
    "provider_name",
    "umlage_keys",
]


def kommune_keys(kommune: Kommune) -> frozenset[str]:
    """Every key a record may use for this Kommune (:attr:`Kommune.keys`)."""
    return kommune.keys


def provider_name(case: Case) -> str:
    return case.provider.short_name or case.provider.name


def land_name(case: Case, key: str) -> str:
    """The Land's name as its plugin contributes it, else ``Land <key>``."""
    land = case.view.laender.get(key)
    return land.name if land is not None else f"Land {key}"


def fraction_text(value: Fraction) -> str:
    """``3/5`` → ``3/5 (60 %)`` with a German decimal comma."""
    pct = f"{float(value) * 100:.1f}".rstrip("0").rstrip(".").replace(".", ",")
    return f"{value.numerator}/{value.denominator} ({pct} %)"


def _sources(*items: Source | None) -> tuple[Source, ...]:
    return tuple(dict.fromkeys(s for s in items if s is not None))


# -- membership -----------------------------------------------------------------------------
@attrs.frozen
class Membership:
    """The Kommune's standing with the provider on the case's date. ``binding`` is the record
    of a membership (``None`` for an assumed one); ``text`` says it in German."""

    member: bool
    text: str
    binding: Bindung | None = attrs.field(default=None, eq=False)
    confidence: Confidence = attrs.field(default=Confidence.HIGH, eq=False)
    sources: tuple[Source, ...] = attrs.field(default=(), eq=False)


_PLURAL = {
    KommuneKind.GEMEINDE: "Gemeinden",
    KommuneKind.KREISFREIE_STADT: "kreisfreien Städte",
    KommuneKind.LANDKREIS: "Landkreise",
}


def _word(case: Case) -> tuple[str, str]:
    if case.provider.rechtsform is Rechtsform.ZWECKVERBAND:
        return "Mitgliedschaft", "Mitglied"
    return "Beteiligung", "Gesellschafterin"


def membership_question(case: Case) -> str:
    """The open question about the Kommune's binding, in German, one wording for every rule
    that asks it (``Mitgliedschaft bei <Zweckverband>``, ``Beteiligung bei <GmbH>``)."""
    return f"{_word(case)[0]} bei {provider_name(case)}"


def membership(case: Case) -> Reading:
    """The Kommune's membership or shareholding on the case's date (see module docstring).
    ``value`` is a :class:`Membership`, or ``None`` when not recorded (answers: member / not)."""
    fact_id = f"mitgliedschaft.{case.provider.id}.{case.kommune.key}"
    return case.read(fact_id, lambda: _membership(case, fact_id))


def active_binding(case: Case) -> Bindung | None:
    """The recorded binding giving control on the case's date, if membership is certain."""
    m = membership(case).value
    return m.binding if m is not None and m.member else None


def _membership(case: Case, fact_id: str) -> Reading:
    p, k, on = case.provider, case.kommune, case.on
    noun, member = _word(case)
    roster = "Mitgliederliste" if noun == "Mitgliedschaft" else "Gesellschafterliste"
    name = p.short_name or p.name
    what = f"{noun} von {k.name} bei {name}"
    keys = kommune_keys(k)

    def known(m: Membership, since: dt.date | None = None, until: dt.date | None = None) -> Reading:
        return Reading(Fact(fact_id, what, m.text, since, until, m.confidence, m.sources), m)

    setup = case.setup
    if setup is not None:
        for b in setup.bindungen:
            if b.provider == p.id and b.kommune in keys and b.art.gives_control and b.active(on):
                src = Source(f"Setup-Datei {setup.path or ''}".strip(), confidence=b.confidence)
                text = f"{member} seit {b.since.isoformat()}" if b.since else member
                return known(
                    Membership(True, f"{text} (laut Setup)", b, b.confidence, (src,)), b.since
                )
        if p.id in setup.not_member_of:
            src = Source(f"Setup-Datei {setup.path or ''}".strip())
            return known(Membership(False, f"kein {member} (laut Setup)", None, sources=(src,)))

    uncertain: list[str] = []
    binding_open = False
    srcs: list[Source | None] = []
    conf = Confidence.HIGH
    for b in p.members:
        if b.kommune not in keys or not b.art.gives_control:
            continue
        state = b.state(on)
        via = f" ({b.admitted_by})" if b.admitted_by else ""
        if state is True:
            if b.since is not None:
                text = f"{member} seit {b.since.isoformat()}{via}"
            elif b.since_year is not None:
                text = f"{member} seit {b.since_year} (genauer Tag nicht belegt){via}"
            elif b.attested is not None:
                text = f"{member} (belegt am {b.attested.isoformat()}; Beginn nicht belegt)"
            else:
                text = f"{member} (Beginn nicht belegt)"
            return known(
                Membership(True, text, b, b.confidence, _sources(b.source)), b.since, b.until
            )
        if state is False:
            if b.until is not None and on > b.until:
                text = f"kein {member} mehr (ausgeschieden nach {b.until.isoformat()})"
            elif b.since is not None:
                by = f" durch die {b.admitted_by}" if b.admitted_by else ""
                text = f"noch kein {member} (Aufnahme am {b.since.isoformat()}{by})"
            else:
                text = f"noch kein {member} (Beitritt erst {b.since_year})"
            return known(Membership(False, text, b, b.confidence, _sources(b.source)))
        if b.since_year is not None:
            uncertain.append(
                f"Beitritt im Jahr {b.since_year}; der Tag, an dem die Aufnahme wirksam wurde, "
                f"ist nicht belegt"
            )
        else:
            uncertain.append(
                f"als {member} belegt ab {b.attested.isoformat() if b.attested else '?'}, "
                f"Beginn nicht belegt"
            )
        srcs.append(b.source)
        conf = b.confidence
        binding_open = True

    pending: list[tuple[dt.date, Membership]] = []
    for a in p.applications:
        if a.kommune not in keys:
            continue
        app_src = _sources(a.source)
        if a.decided is not None and on <= a.decided:
            text = f"kein {member} (Beitritt beschlossen am {a.decided.isoformat()})"
            pending.append((a.decided, Membership(False, text, None, a.confidence, app_src)))
        if a.reported_pending is not None and on <= a.reported_pending:
            text = (
                f"kein {member} (Beitritt am {a.reported_pending.isoformat()} als beabsichtigt "
                f"berichtet)"
            )
            pending.append(
                (a.reported_pending, Membership(False, text, None, a.confidence, app_src))
            )
        if a.deferred is not None and on >= a.deferred:
            uncertain.append(
                f"Aufnahme am {a.deferred.isoformat()} von der Aufsichtsbehörde zurückgestellt"
            )
        elif a.decided is not None and on > a.decided:
            uncertain.append(
                f"Beitritt am {a.decided.isoformat()} beschlossen; eine Satzungsänderung, die "
                f"die Aufnahme wirksam macht, ist nicht belegt"
            )
        srcs.append(a.source)
        if a.confidence is not Confidence.HIGH:
            conf = a.confidence
    if pending:
        return known(min(pending, key=lambda x: x[0])[1])

    if not binding_open:
        for ml in p.member_lists:
            if ml.covers(k.land, k.kind, on):
                deferred = [
                    a.deferred
                    for a in p.applications
                    if a.kommune in keys and a.deferred is not None and on >= a.deferred
                ]
                status = (
                    f" – Aufnahme am {max(deferred).isoformat()} zurückgestellt" if deferred else ""
                )
                text = (
                    f"kein {member}{status} ({roster} für die {_PLURAL[k.kind]} in "
                    f"{land_name(case, k.land)} vollständig erfasst ab "
                    f"{ml.complete_from.isoformat()})"
                )
                return known(Membership(False, text, None, ml.confidence, _sources(ml.source)))

    note = "; ".join(uncertain) or (
        f"die erfasste {roster} von {name} ist für die {_PLURAL[k.kind]} in "
        f"{land_name(case, k.land)} nicht vollständig"
    )
    fact = Fact(fact_id, f"{what} ({note})", None, None, None, conf, _sources(*srcs))
    answers = (
        Answer(Membership(True, f"{member} (angenommen)"), member),
        Answer(Membership(False, f"kein {member} (angenommen)"), f"kein {member}"),
    )
    return Reading(fact, None, answers)


# -- provider facts ---------------------------------------------------------------------------
def offer(case: Case) -> Reading:
    """Whether the provider offers the case's area: ``True``, or ``None`` (not named in the
    sources, or the provider did not exist in its recorded form yet; answers: yes / no)."""
    p, area = case.provider, case.area
    assert area is not None, "offer() is asked per area"
    fact_id = f"angebot.{p.id}.{area.value}"

    def resolve() -> Reading:
        name = p.short_name or p.name
        what = f"Angebot von {name} im Bereich „{area.label}“"
        if p.founded is not None and case.on < p.founded:
            what += f" (vor der Gründung bzw. Neugründung am {p.founded.isoformat()})"
        elif area in p.offers:
            return Reading(Fact(fact_id, what, "angeboten", sources=p.sources), True)
        answers = (Answer(True, "wird angeboten"), Answer(False, "wird nicht angeboten"))
        return Reading(Fact(fact_id, what, None, sources=p.sources), None, answers)

    return case.read(fact_id, resolve)


def private_capital(case: Case) -> Reading:
    """Whether private capital holds a share in the provider (§ 108 GWB)."""
    p = case.provider
    fact_id = f"privates_kapital.{p.id}"

    def resolve() -> Reading:
        what = f"Private Kapitalbeteiligung an {p.short_name or p.name}"
        if p.private_capital is None:
            answers = (Answer(False, "keine"), Answer(True, "besteht"))
            return Reading(Fact(fact_id, what, None, sources=p.sources), None, answers)
        return Reading(
            Fact(fact_id, what, "besteht" if p.private_capital else "keine", sources=p.sources),
            p.private_capital,
        )

    return case.read(fact_id, resolve)


def exit_quorum(case: Case, *, default: Fraction | None = None, label: str = "") -> Reading:
    """The exit quorum of the provider's Satzung. Recorded (``Fraction``) when every claim
    agrees and one is firm; otherwise not recorded, with each claimed value — and
    ``default`` (the statutory rule when the Satzung says nothing) — as possible answers."""
    p = case.provider
    fact_id = f"satzung.{p.id}.austrittsquorum"

    def resolve() -> Reading:
        s = p.satzung
        claims: tuple[QuorumClaim, ...] = s.exit_quorum if s else ()
        what = f"Austrittsquorum der Satzung von {p.short_name or p.name}"
        srcs = tuple(dict.fromkeys(c.source for c in claims))
        firm = s.exit_quorum_certain if s else None
        if firm is not None:
            return Reading(Fact(fact_id, what, fraction_text(firm), sources=srcs), firm)
        values = list(dict.fromkeys(c.value for c in claims))
        if default is not None and default not in values:
            values.append(default)
        conf = (
            Confidence.LOW
            if not claims
            else max(
                (c.confidence for c in claims),
                key=lambda c: ("high", "medium", "low").index(c.value),
            )
        )
        answers = tuple(
            Answer(v, fraction_text(v) + (f" ({label})" if v == default and label else ""))
            for v in values
        )
        return Reading(Fact(fact_id, what, None, confidence=conf, sources=srcs), None, answers)

    return case.read(fact_id, resolve)


def umlage_keys(case: Case) -> tuple[SatzungTerm, ...]:
    """The Umlage keys that may be in force on the case's date (two around a change whose
    effective date is not known); read as a fact."""
    p = case.provider
    fact_id = f"satzung.{p.id}.umlageschluessel"

    def resolve() -> Reading:
        terms = p.satzung.umlage_keys_on(case.on) if p.satzung else ()
        what = f"Umlageschlüssel der Satzung von {p.short_name or p.name}"
        if len(terms) == 1:
            t = terms[0]
            fact = Fact(fact_id, what, t.text, t.since, t.until, t.confidence, t.sources)
        else:
            value = " oder ".join(t.text for t in terms) if terms else None
            srcs: Iterable[Source] = (s for t in terms for s in t.sources)
            fact = Fact(fact_id, what, value, confidence=Confidence.LOW, sources=tuple(srcs))
        return Reading(fact, terms)

    return case.read(fact_id, resolve).value or ()
