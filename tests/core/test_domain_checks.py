"""The domain's shared validators: a last day never before the first, counts not below their
minimum — the same rule and the same words for every value that has them."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from kommune_core.domain import (
    Application,
    Bindung,
    BindungsArt,
    KommuneKind,
    MemberList,
    Norm,
    NormVersion,
    OtherMember,
    Rule,
    SatzungTerm,
)
from kommune_core.domain.approvals import ApprovalCase, ApprovalData
from kommune_core.domain.facts import Fact
from kommune_core.loading.documents import load_data

from ..conftest import data_file_error

D1, D2 = dt.date(2020, 1, 1), dt.date(2019, 12, 31)
NORM = dict(law="GWB", section="§ 108", title="t", url="https://example.org/")


def _rule(**kw: object) -> Rule:
    return Rule(
        id="xy.regel",
        title="t",
        norms=(Norm(valid_from=D2, **NORM),),
        check=lambda r, c: None,
        **kw,
    )


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda: Norm(valid_from=D1, valid_until=D2, **NORM), "Norm GWB § 108: valid_until: "),
        (lambda: NormVersion(valid_from=D1, valid_until=D2), "version: valid_until: "),
        (lambda: _rule(valid_from=D1, valid_until=D2), "rule 'xy.regel': valid_until: "),
        (lambda: SatzungTerm("t", since=D1, until=D2), "until: "),
        (
            lambda: Bindung("16052000", "kisa", BindungsArt.MITGLIEDSCHAFT, since=D1, until=D2),
            "until: ",
        ),
    ],
)
def test_a_last_day_before_the_first_is_refused_in_the_same_words(make, words) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError, match=re.escape(f"{words}2019-12-31 lies before ")) as err:
        make()
    assert "2020-01-01" in str(err.value) and "is the last day" in str(err.value)


def test_open_and_unknown_days_pass_and_the_same_day_is_allowed() -> None:
    assert SatzungTerm("t", since=None, until=D2).until == D2
    assert SatzungTerm("t", since=D1, until=None).until is None
    assert Norm(valid_from=D1, valid_until=D1, **NORM).valid_until == D1


def test_counts_keep_their_minimum() -> None:
    with pytest.raises(ValueError):
        Bindung("16052000", "kisa", BindungsArt.MITGLIEDSCHAFT, votes=-1)
    with pytest.raises(ValueError):
        Bindung("16052000", "kisa", BindungsArt.MITGLIEDSCHAFT, since_year=1989)
    assert Bindung("16052000", "kisa", BindungsArt.MITGLIEDSCHAFT, votes=0).votes == 0


def test_dated_records_keep_their_days_in_order() -> None:
    # a member without a key, a member list's completeness and a fact: a last day
    with pytest.raises(ValueError, match="until: 2019-12-31 lies before since 2020-01-01"):
        OtherMember("VG X", "Verwaltungsgemeinschaft", since=D1, until=D2)
    with pytest.raises(ValueError, match="complete_until: 2019-12-31 lies before complete_from"):
        MemberList("16", (KommuneKind.LANDKREIS,), complete_from=D1, complete_until=D2)
    with pytest.raises(ValueError, match="until: 2019-12-31 lies before since"):
        Fact("x", "Fakt", "ja", since=D1, until=D2)
    # a procedure: approved after the decision, published after the approval, in force after
    with pytest.raises(ValueError, match=r"^approved: 2019-12-31 lies before decided 2020-01-01$"):
        ApprovalCase("kisa", "Fall", decided=D1, approved=D2)
    with pytest.raises(ValueError, match="published: 2019-12-31 lies before approved"):
        ApprovalCase("kisa", "Fall", approved=D1, published=D2)
    with pytest.raises(ValueError, match="in_force: 2019-12-31 lies before published"):
        ApprovalCase("kisa", "Fall", published=D1, in_force=D2)
    with pytest.raises(ValueError, match="deferred: 2019-12-31 lies before decided"):
        Application("16052000", decided=D1, deferred=D2)
    with pytest.raises(ValueError, match="reported_pending: 2019-12-31 lies before decided"):
        Application("16052000", decided=D1, reported_pending=D2)
    # unknown days are not compared; the same day is in order
    case = ApprovalCase("kisa", "Fall", decided=D1, published=D2)  # approval day not known
    assert case.approved is None
    assert ApprovalCase("kisa", "Fall", approved=D1, published=D1, in_force=D1).in_force == D1


def test_a_data_file_with_days_out_of_order_names_file_line_and_field(tmp_path: Path) -> None:
    text = data_file_error(
        tmp_path / "approvals.toml",
        'land = "14"\n\n[[cases]]\nprovider = "kisa"\nlabel = "Fall"\n'
        "decided = 2020-01-01\napproved = 2019-12-31\n",
        lambda path: load_data(path, ApprovalData),
    )
    assert "approvals.toml:7: at $.cases[0] approved:" in text
    assert "2019-12-31 lies before decided 2020-01-01" in text
