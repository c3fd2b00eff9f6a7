"""How findings become an area's verdict, and how a missing fact is weighed.

:func:`fold` folds the findings of one run in which every fact the rules read is recorded or
assumed: ``cannot_serve`` when a decision says so; ``unknown`` when an open question remains
that no answer can settle (a broken rule, law not modelled) or no decision was made;
``serves_with_conditions`` when any condition or risk applies (or a decision names a route with
conditions); else ``serves``.

:func:`decide` weighs facts that are not recorded: it re-runs the rules under each possible
answer of the first open fact (recursively, for facts that only matter under some answers) and
compares. Only when two answers lead to different verdicts is the area ``unknown``; then
``changes`` says which answer leads where. Resolving an open question never turns a decided
area into ``unknown``: the runs under the resolved fact are a subset of the runs compared.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping

import attrs

from ..domain import Change, Finding, Reading, Role, Verdict

__all__ = ["MAX_RUNS", "Decision", "Run", "decide", "fold"]

#: Runs per area before the engine gives up weighing open facts (the area stays ``unknown``).
MAX_RUNS = 256


def fold(findings: Iterable[Finding]) -> Verdict:
    """The verdict of one run whose facts are all settled (see the module docstring)."""
    decided = conditions = open_question = False
    for f in findings:
        role = f.role
        if role is Role.DECISION:
            if f.verdict is Verdict.CANNOT_SERVE:
                return Verdict.CANNOT_SERVE
            decided = True
            if f.verdict is Verdict.SERVES_WITH_CONDITIONS:
                conditions = True
        elif role is Role.OPEN_QUESTION:
            open_question = True
        else:
            conditions = True
    if open_question or not decided:
        return Verdict.UNKNOWN
    return Verdict.SERVES_WITH_CONDITIONS if conditions else Verdict.SERVES


@attrs.frozen
class Outcome:
    """One run of the rules: its findings and the facts read that are not recorded."""

    findings: tuple[Finding, ...]
    open: Mapping[str, Reading]


@attrs.frozen
class Decision:
    verdict: Verdict
    changes: tuple[Change, ...] = ()
    runs: int = 1


Run = Callable[[Mapping[str, Hashable]], Outcome]


def _cannot_changes(findings: Iterable[Finding]) -> tuple[Change, ...]:
    out: list[Change] = []
    for f in findings:
        if f.role is Role.DECISION and f.verdict is Verdict.CANNOT_SERVE:
            out.extend(c for c in f.changes if c not in out)
    return tuple(out)


def decide(run: Run, assume: Mapping[str, Hashable] | None = None) -> Decision:
    """The verdict over every answer of the open facts ``run`` reads (see module docstring)."""
    budget = [MAX_RUNS]
    return _decide(run, dict(assume or {}), budget)


def _decide(run: Run, assume: dict[str, Hashable], budget: list[int]) -> Decision:
    budget[0] -= 1
    out = run(assume)
    pending = [(fid, r) for fid, r in out.open.items() if fid not in assume and r.answers]
    if not pending:
        verdict = fold(out.findings)
        found = _cannot_changes(out.findings) if verdict is Verdict.CANNOT_SERVE else ()
        return Decision(verdict, found)
    fid, reading = pending[0]
    subs: list[tuple[str, Decision]] = []
    runs = 1
    for answer in reading.answers:
        if budget[0] <= 0:
            return Decision(Verdict.UNKNOWN, (), runs)
        d = _decide(run, {**assume, fid: answer.value}, budget)
        runs += d.runs
        subs.append((answer.text, d))
    verdicts = {d.verdict for _, d in subs}
    if len(verdicts) == 1:
        verdict = verdicts.pop()
        changes: list[Change] = []
        for _, d in subs:
            changes.extend(c for c in d.changes if c not in changes)
        return Decision(verdict, tuple(changes), runs)
    return Decision(
        Verdict.UNKNOWN,
        tuple(Change(fid, f"{reading.fact.fact}: {text}", d.verdict) for text, d in subs),
        runs,
    )
