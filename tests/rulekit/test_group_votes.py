"""The leaving group's votes as one value (:class:`GroupVotes`) through the exit shapes."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest

from kommune_core.catalog import Catalog
from kommune_core.domain import Case, Confidence, QuorumClaim, Role, Setup, Source, Verdict
from kommune_core.rulekit import GroupVotes, assess_quorum, exit_finding

ON = dt.date(2026, 1, 1)


def _case(catalog: Catalog, setup: Setup | None) -> Case:
    return Case(catalog.kommune("16075"), catalog.provider("kisa"), None, ON, catalog, setup)


def _rule(catalog: Catalog):  # type: ignore[no-untyped-def]
    return next(r for _, r in catalog.rules if r.id == "sn.zweckverband.austritt")


def test_of_takes_the_setup_first_then_the_satzung(catalog: Catalog) -> None:
    kisa_total = catalog.provider("kisa").satzung.total_votes
    assert kisa_total == 3113
    assert GroupVotes.of(_case(catalog, None)) == GroupVotes("die Kommune", None, 3113, "votes")
    own = GroupVotes.of(_case(catalog, Setup(kommune="16075", votes=7)))
    assert (own.votes, own.total) == (7, 3113)
    both = GroupVotes.of(_case(catalog, Setup(kommune="16075", votes=7, total_votes=300)))
    assert (both.group, both.votes, both.total, both.key) == ("die Kommune", 7, 300, "votes")


def test_assess_quorum_names_the_missing_count_by_its_setup_key() -> None:
    claim = QuorumClaim(Fraction(2, 3), Confidence.HIGH, Source("Satzung"))
    votes = GroupVotes("die Mitglieder aus Thüringen", None, 300, key="land_votes")
    a = assess_quorum([claim], votes=votes)
    assert a.verdict is Verdict.UNKNOWN
    assert a.missing == ("Stimmenzahl für die Mitglieder aus Thüringen (land_votes)",)
    reached = assess_quorum([claim], votes=GroupVotes("die Kommune", 200, 300))
    assert reached.verdict is Verdict.SERVES_WITH_CONDITIONS
    assert "Auf die Kommune entfallen 200 von 300 Stimmen" in reached.text


@pytest.mark.parametrize(
    "votes,role,says",
    [
        (GroupVotes("die Kommune", 200, 300), Role.CONDITION, "aus eigener Kraft erreicht."),
        (GroupVotes("die Kommune", 199, 300), Role.RISK, "nicht erreicht. Risiko: Bindung"),
        (
            GroupVotes("die Kommune", None, 3113),
            Role.RISK,
            "Nicht erfasst sind die Stimmen, die auf die Kommune entfallen; bei 3.113 Stimmen",
        ),
        (
            GroupVotes("die Kommune", 5, None),
            Role.RISK,
            "Nicht erfasst ist die satzungsmäßige Stimmenzahl; bei vielen Stimmen",
        ),
        (
            GroupVotes("die Mitglieder aus Thüringen", None, None, key="land_votes"),
            Role.RISK,
            "Nicht erfasst sind die satzungsmäßige Stimmenzahl und die Stimmen, die auf die "
            "Mitglieder aus Thüringen entfallen; bei vielen Stimmen",
        ),
    ],
)
def test_exit_finding_under_one_quorum(catalog: Catalog, votes, role, says) -> None:  # type: ignore[no-untyped-def]
    case = _case(catalog, None)
    f = exit_finding(_rule(catalog), case, quorum=Fraction(2, 3), law="Gesetz.", votes=votes)
    assert f is not None and f.role is role and f.verdict is Verdict.SERVES_WITH_CONDITIONS
    assert f.reason.startswith("Gesetz. Austrittsquorum: 2/3 (66,7 %) der satzungsmäßigen")
    assert says in f.reason


def test_exit_finding_is_none_when_the_quorums_decide_differently(catalog: Catalog) -> None:
    case = _case(catalog, None)
    votes = GroupVotes("die Kommune", 190, 300)  # 3/5 reached, 2/3 not
    quorums = (Fraction(3, 5), Fraction(2, 3))
    assert exit_finding(_rule(catalog), case, quorum=quorums, law="G.", votes=votes) is None
    assert exit_finding(_rule(catalog), case, quorum=(), law="G.", votes=votes) is None


def test_counts_are_checked() -> None:
    with pytest.raises(ValueError):
        GroupVotes("die Kommune", -1, 300)
    with pytest.raises(ValueError):
        GroupVotes("die Kommune", 1, 0)
