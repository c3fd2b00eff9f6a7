"""Rule shapes the Land plugins share, as factories: "the Zweckverband (or GmbH) does what its
Satzung names", "online services of this Land's Kommunen run through a portal open to them",
and the exit and joining findings built on the membership fact."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from fractions import Fraction

from ..domain import (
    Case,
    Change,
    Confidence,
    Finding,
    Norm,
    Rechtsform,
    Role,
    Rule,
    Source,
    Verdict,
)
from ._facts import (
    exit_quorum,
    fraction_text,
    land_name,
    membership,
    membership_question,
    offer,
    provider_name,
)
from ._quorum import GroupVotes, reaches

__all__ = ["exit_finding", "joining_finding", "leaving_check", "offer_check", "portal_check"]

V = Verdict
Check = Callable[[Rule, Case], "Finding | Iterable[Finding] | None"]


def offer_check(*, rechtsform: Rechtsform, basis: str, seat_land: str | None = None) -> Check:
    """A rule check: a provider of ``rechtsform`` (seated in ``seat_land``, if given) may only
    do what ``basis`` names (a German phrase: ``in der Verbandssatzung``). Decision: offered →
    ``serves``; not offered → ``cannot_serve`` (what would change it: the task is added);
    not recorded → open question (the engine weighs both answers)."""

    def check(rule: Rule, case: Case) -> Finding | None:
        p = case.provider
        if p.rechtsform is not rechtsform or (seat_land is not None and p.seat_land != seat_land):
            return None
        assert case.area is not None
        name, label = provider_name(case), case.area.label
        r = offer(case)
        missing: tuple[str, ...] = ()
        changes: tuple[Change, ...] = ()
        if r.value is None:
            offered = ", ".join(a.label for a in p.offers) or "keine erfasst"
            verdict = V.UNKNOWN
            reason = (
                f"{r.fact.fact}: nicht belegt. {name} darf nur Aufgaben wahrnehmen, die {basis} "
                f"vorgesehen sind; belegt sind: {offered}. Wird der Bereich angeboten, ist er "
                f"möglich, sonst nicht."
            )
            missing = (f"Angebot von {name} im Bereich „{label}“",)
        elif r.value:
            verdict = V.SERVES
            reason = (
                f"{name} bietet den Bereich „{label}“ an; der Anbieter nimmt die Aufgaben wahr, "
                f"die {basis} vorgesehen sind."
            )
        else:
            verdict = V.CANNOT_SERVE
            reason = (
                f"{name} bietet den Bereich „{label}“ nicht an; er darf nur Aufgaben wahrnehmen, "
                f"die {basis} vorgesehen sind."
            )
            addition = f"{name} nimmt den Bereich „{label}“ {basis} auf"
            changes = (Change(f"angebot.{p.id}.{case.area.value}", addition, V.SERVES),)
        return case.finding(
            verdict, reason, rule=rule, sources=p.sources, missing=missing, changes=changes
        )

    return check


def portal_check(
    *,
    land: str,
    portal_law: str | Callable[[Case], str],
    missing_connection: str,
    cost_note: Callable[[Case], tuple[str, Source] | None] | None = None,
) -> Check:
    """A rule check for online services of Kommunen of ``land``: the provider's services reach
    a portal open to ``land`` → ``serves``; its portals are not described → open question;
    otherwise ``serves_with_conditions`` naming what is missing (``missing_connection``, a
    German clause) — the other Land's portal not serving this Land is a fact, not a ban.
    ``cost_note(case)`` may add a German sentence (with its source) on who pays for that.
    ``portal_law`` is German text citing the law, or a function of the case giving it (to
    cite a provision where it stood on the case's date)."""

    def check(rule: Rule, case: Case) -> Finding | None:
        if case.kommune.land != land:
            return None  # another Land's Kommune: its own plugin speaks about its portal
        p = case.provider
        name = provider_name(case)
        law = portal_law(case) if callable(portal_law) else portal_law
        kommunen = f"Kommunen in {land_name(case, land)}"
        ours = case.view.portale_for(land)
        ours_text = ", ".join(x.name for x in ours) or "das Landesportal"
        known = {pid: case.view.portale.get(pid) for pid in p.portals}
        usable = [x for x in known.values() if x is not None and land in x.for_laender]
        unknown_ids = sorted(pid for pid, x in known.items() if x is None)
        sources: tuple[Source, ...] = ()
        missing: tuple[str, ...] = ()
        if not p.portals:
            verdict, role = V.UNKNOWN, Role.OPEN_QUESTION
            reason = (
                f"Über welches Antragsportal {name} Online-Verwaltungsleistungen bereitstellt, "
                f"ist nicht erfasst."
            )
            missing = (f"Antragsportale, an die {name} angebunden ist",)
        elif usable:
            verdict, role = V.SERVES, Role.DECISION
            reason = (
                f"{name} stellt Online-Dienste über {', '.join(x.name for x in usable)} bereit, "
                f"das {kommunen} offensteht ({law})."
            )
            sources = tuple(s for x in usable for s in x.sources)
        elif unknown_ids:
            verdict, role = V.UNKNOWN, Role.OPEN_QUESTION
            reason = (
                f"{name} ist an Portale angebunden, die kein Plugin beschreibt "
                f"({', '.join(unknown_ids)}); ob sie {kommunen} offenstehen, ist nicht erfasst."
            )
            missing = tuple(f"Angaben zum Antragsportal {i}" for i in unknown_ids)
        else:
            foreign = [x for x in known.values() if x is not None]
            described = "; ".join(
                f"{x.name} (Betreiber: {x.operator.replace(' (', ', ').rstrip(')')})"
                for x in foreign
            )
            this = "dieses Portal steht" if len(foreign) == 1 else "diese Portale stehen"
            sources = tuple(s for x in foreign for s in x.sources)
            extra = cost_note(case) if cost_note is not None else None
            cost = ""
            if extra is not None:
                cost, sources = f" {extra[0]}", (*sources, extra[1])
            verdict, role = V.SERVES_WITH_CONDITIONS, Role.DECISION
            reason = (
                f"{name} stellt Online-Verwaltungsleistungen über {described} bereit; {this} "
                f"{kommunen} nicht offen. Das verbietet das Angebot nicht: Bedingung ist, dass "
                f"{missing_connection} (Portal des Landes: {ours_text}; {law}). Diese Anbindung "
                f"ist für {name} nicht erfasst.{cost}"
            )
        return case.finding(verdict, reason, rule=rule, role=role, sources=sources, missing=missing)

    return check


def joining_finding(
    rule: Rule,
    case: Case,
    *,
    need: str,
    done: str,
    norms: Iterable[Norm] | None = None,
    sources: Iterable[Source] = (),
) -> Finding:
    """What joining the provider takes, by the Kommune's membership on the case's date: a
    member → a decision (``serves``: ``done`` says what is settled); not a member → a
    condition (``need``); not recorded → an open question (both answers decide alike)."""
    r = membership(case)
    m = r.value
    name = provider_name(case)
    missing: tuple[str, ...] = ()
    if m is None:
        zv = case.provider.rechtsform is Rechtsform.ZWECKVERBAND
        settled = (
            "Ist sie Mitglied, ist der Beitritt erledigt"
            if zv
            else "Ist sie Gesellschafterin, ist die Beteiligung erledigt"
        )
        verdict, role = V.UNKNOWN, Role.OPEN_QUESTION
        reason = f"{r.fact.fact}. {settled}; sonst gilt: {need}."
        confidence, known = r.fact.confidence, r.fact.sources
        missing = (membership_question(case),)
    elif m.member:
        verdict, role = V.SERVES, Role.DECISION
        reason = f"Die Kommune ist bei {name} {m.text}; {done}."
        confidence, known = m.confidence, m.sources
    else:
        verdict, role = V.SERVES_WITH_CONDITIONS, Role.CONDITION
        reason = (
            f"Die Kommune ist bei {name} {m.text}. Bedingung für eine Inhouse-Beauftragung: {need}."
        )
        confidence, known = m.confidence, m.sources
    return case.finding(
        verdict,
        reason,
        rule=rule,
        norms=norms,
        role=role,
        confidence=confidence,
        sources=(*known, *sources),
        missing=missing,
    )


def _thousands(n: int) -> str:
    """``3113`` → ``3.113`` (German thousands separator)."""
    return f"{n:,}".replace(",", ".")


def exit_finding(
    rule: Rule,
    case: Case,
    *,
    quorum: Fraction | Iterable[Fraction],
    law: str,
    votes: GroupVotes,
    confidence: Confidence = Confidence.HIGH,
    sources: Iterable[Source] = (),
    stated: str | None = None,
) -> Finding | None:
    """Leaving the provider under ``quorum`` (one answer of the exit-quorum fact, or every
    possible answer when it is not firm): ``risk`` (lock-in) unless the group's own ``votes``
    are known to reach it, then ``condition``. With several quorums, ``stated`` describes them
    and the finding holds only when every quorum gives the same result; ``None`` when they
    disagree (the caller reports the open question)."""
    name = provider_name(case)
    quorums = (quorum,) if isinstance(quorum, Fraction) else tuple(dict.fromkeys(quorum))
    if not quorums:
        return None
    if stated is None:
        stated = f"Austrittsquorum: {' oder '.join(fraction_text(q) for q in quorums)} der "
        stated += "satzungsmäßigen Stimmen."
    group, own, total = votes.group, votes.votes, votes.total
    role = Role.RISK
    outcome = (
        f"Risiko: Bindung an {name} auf Dauer – ein Austritt braucht die Zustimmung weiterer "
        f"Mitglieder."
    )
    if own is not None and total is not None:
        reached = {reaches(own, total, q) for q in quorums}
        if len(reached) > 1:
            return None
        detail = (
            f" Auf {group} entfallen {_thousands(own)} von {_thousands(total)} Stimmen = "
            f"{fraction_text(Fraction(own, total))}: das Quorum wird"
        )
        if reached == {True}:
            role = Role.CONDITION
            detail += " aus eigener Kraft erreicht."
            outcome = "Bedingung: Genehmigung und Bekanntmachung des Ausscheidens."
        else:
            detail += " nicht erreicht."
    else:
        parts = ["die satzungsmäßige Stimmenzahl"] if total is None else []
        if own is None:
            parts.append(f"die Stimmen, die auf {group} entfallen")
        verb = "ist" if parts == ["die satzungsmäßige Stimmenzahl"] else "sind"
        many = f"{_thousands(total)} Stimmen" if total else "vielen Stimmen"
        detail = (
            f" Nicht erfasst {verb} {' und '.join(parts)}; bei {many} in der "
            f"Verbandsversammlung erreicht ein einzelnes Mitglied das Quorum kaum allein."
        )
    return case.finding(
        V.SERVES_WITH_CONDITIONS,
        f"{law} {stated}{detail} {outcome}",
        rule=rule,
        role=role,
        confidence=confidence,
        sources=tuple(sources),
    )


def leaving_check(
    rule: Rule,
    case: Case,
    *,
    statutory: Fraction,
    statutory_label: str,
    statutory_text: str,
    floor: bool,
    law: str,
    votes: GroupVotes | None = None,
    sources: Iterable[Source] = (),
) -> Finding | None:
    """Leaving a Zweckverband, for a Kommune that is a member on the case's date (else
    ``None``: nothing to leave; with membership not recorded the engine weighs the "member"
    answer through the rule again). The exit quorum is the Satzung's; when it is not firm,
    every claimed value and the ``statutory`` one (``statutory_label``; ``floor``: the Satzung
    may ask more, never less) are weighed: one finding when they all lead to the same
    result (:func:`exit_finding`), an open question when they do not. ``statutory_text``
    says in German what the law provides (with its norm). ``votes``: the leaving group's
    votes (default: the Kommune's own, :meth:`GroupVotes.of`)."""
    m = membership(case)
    if m.value is None or not m.value.member:
        return None
    r = exit_quorum(case, default=statutory, label=statutory_label)
    claimed = (
        (r.value,)
        if r.value is not None
        else tuple(a.value for a in r.answers if isinstance(a.value, Fraction))
    )
    quorums = tuple(dict.fromkeys(max(q, statutory) if floor else q for q in claimed))
    stated = None
    if r.value is None:
        s = case.provider.satzung
        claims = "; ".join(
            f"{fraction_text(c.value)} laut {c.source.title}"
            + (f" ({c.source.date.isoformat()})" if c.source.date else "")
            for c in (s.exit_quorum if s else ())
        )
        stated = (
            f"Das Austrittsquorum der Satzung ist nicht gesichert (geltender Satzungstext nicht "
            f"geprüft); die Quellen nennen {claims or 'keines'}; {statutory_text}."
        )
    votes = votes if votes is not None else GroupVotes.of(case)
    found = exit_finding(
        rule,
        case,
        quorum=quorums,
        stated=stated,
        law=law,
        votes=votes,
        confidence=r.fact.confidence,
        sources=(*r.fact.sources, *sources),
    )
    if found is not None:
        return found
    return case.finding(
        V.UNKNOWN,
        f"{stated} Ob {votes.group} aus eigener Kraft ausscheiden kann, hängt davon ab, welches "
        f"Quorum gilt.",
        rule=rule,
        confidence=r.fact.confidence,
        sources=r.fact.sources or tuple(sources),
        missing=("geltender Wortlaut des Austrittsquorums der Satzung",),
    )
