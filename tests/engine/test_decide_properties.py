"""Property tests of the verdict model: the fold, and weighing open questions by re-running
the rules under each answer (``kommune_core.engine.decide``).

Synthetic rules are random functions of a few boolean facts: each fact is recorded (True /
False) or not recorded (answers True and False); each rule reads some facts and, from their
values, returns a finding of some role — or an open question while a fact it reads is not
recorded, as the shipped rules do.
"""

from __future__ import annotations

import itertools
from collections.abc import Hashable, Mapping

from hypothesis import given, settings
from hypothesis import strategies as st

from kommune_core.domain import (
    Answer,
    Fact,
    Finding,
    Reading,
    Role,
    ServiceArea,
    Verdict,
)
from kommune_core.engine import fold
from kommune_core.engine.decide import Outcome, decide

AREA = ServiceArea.SCHULUNG
FACTS = ("f0", "f1", "f2")
ROLE_VERDICT = [
    (Role.DECISION, Verdict.SERVES),
    (Role.DECISION, Verdict.SERVES_WITH_CONDITIONS),
    (Role.DECISION, Verdict.CANNOT_SERVE),
    (Role.CONDITION, Verdict.SERVES_WITH_CONDITIONS),
    (Role.RISK, Verdict.SERVES_WITH_CONDITIONS),
    None,  # silent
]


def _finding(role: Role, verdict: Verdict, rule: str) -> Finding:
    return Finding(AREA, verdict, f"Befund {rule}", rule, role=role)


findings = st.lists(
    st.sampled_from([rv for rv in ROLE_VERDICT if rv] + [(Role.OPEN_QUESTION, Verdict.UNKNOWN)]),
    max_size=6,
).map(lambda xs: [_finding(r, v, f"t.r{i}") for i, (r, v) in enumerate(xs)])


@settings(deadline=None)
@given(findings)
def test_fold(fs: list[Finding]) -> None:
    v = fold(fs)
    roles = {f.role for f in fs}
    if any(f.role is Role.DECISION and f.verdict is Verdict.CANNOT_SERVE for f in fs):
        assert v is Verdict.CANNOT_SERVE
    elif Role.OPEN_QUESTION in roles or Role.DECISION not in roles:
        assert v is Verdict.UNKNOWN
    elif roles & {Role.CONDITION, Role.RISK} or any(
        f.verdict is Verdict.SERVES_WITH_CONDITIONS for f in fs
    ):
        assert v is Verdict.SERVES_WITH_CONDITIONS
    else:
        assert v is Verdict.SERVES
    # order does not matter
    assert fold(list(reversed(fs))) is v


# A synthetic rule: (facts it reads, table from their values to a role/verdict or None).
rule_spec = st.tuples(
    st.lists(st.sampled_from(FACTS), max_size=2, unique=True),
    st.lists(st.sampled_from(range(len(ROLE_VERDICT))), min_size=4, max_size=4),
)
world = st.tuples(
    st.lists(rule_spec, min_size=1, max_size=4),
    # per fact: True / False recorded, or None = not recorded
    st.lists(st.sampled_from([True, False, None]), min_size=3, max_size=3),
)

ANSWERS = (Answer(True, "ja"), Answer(False, "nein"))


def make_run(rules, recorded):  # type: ignore[no-untyped-def]
    """The engine's run function for ``rules`` over facts ``recorded`` (None: not recorded)."""

    def run(assume: Mapping[str, Hashable]) -> Outcome:
        out: list[Finding] = []
        opened: dict[str, Reading] = {}
        for i, (reads, table) in enumerate(rules):
            values = []
            missing = False
            for f in reads:
                value = assume.get(f, recorded[FACTS.index(f)])
                if value is None:
                    missing = True
                    opened[f] = Reading(Fact(f, f"Fakt {f}", None), None, ANSWERS)
                values.append(value)
            if missing:
                out.append(_finding(Role.OPEN_QUESTION, Verdict.UNKNOWN, f"t.r{i}"))
                continue
            index = sum(1 << k for k, v in enumerate(values) if v)
            rv = ROLE_VERDICT[table[index]]
            if rv is not None:
                out.append(_finding(rv[0], rv[1], f"t.r{i}"))
        out.append(_finding(Role.DECISION, Verdict.SERVES, "t.base"))  # a route always exists
        return Outcome(tuple(out), opened)

    return run


def leaves(rules, recorded):  # type: ignore[no-untyped-def]
    """The verdict under every completion of the facts that are not recorded."""
    open_ = [i for i, v in enumerate(recorded) if v is None]
    out = {}
    for combo in itertools.product((True, False), repeat=len(open_)):
        full = list(recorded)
        for i, v in zip(open_, combo, strict=True):
            full[i] = v
        out[combo] = fold(make_run(rules, full)({}).findings)
    return out


@settings(max_examples=300, deadline=None)
@given(world)
def test_unknown_only_if_two_answers_of_one_question_differ(w) -> None:  # type: ignore[no-untyped-def]
    rules, recorded = w
    d = decide(make_run(rules, recorded))
    completions = leaves(rules, recorded)
    if d.verdict is Verdict.UNKNOWN:
        # two answers of one open question lead to different verdicts ...
        by_fact: dict[str, set[Verdict]] = {}
        for c in d.changes:
            by_fact.setdefault(c.fact, set()).add(c.verdict)
        assert any(len(vs) > 1 for vs in by_fact.values())
        # ... and, over the completions of the unrecorded facts, verdicts really differ
        assert len(set(completions.values())) > 1
    else:
        # a decided area: every completion of the unrecorded facts gives that verdict
        assert set(completions.values()) == {d.verdict}


@settings(max_examples=300, deadline=None)
@given(world, st.integers(min_value=0, max_value=2), st.booleans())
def test_resolving_an_open_question_never_makes_a_decided_area_unknown(w, i, value) -> None:  # type: ignore[no-untyped-def]
    rules, recorded = w
    before = decide(make_run(rules, recorded))
    if recorded[i] is not None or before.verdict is Verdict.UNKNOWN:
        return
    resolved = list(recorded)
    resolved[i] = value
    after = decide(make_run(rules, resolved))
    assert after.verdict is before.verdict


@settings(deadline=None)
@given(world)
def test_all_recorded_is_the_plain_fold(w) -> None:  # type: ignore[no-untyped-def]
    rules, recorded = w
    full = [True if v is None else v for v in recorded]
    run = make_run(rules, full)
    assert decide(run).verdict is fold(run({}).findings)
