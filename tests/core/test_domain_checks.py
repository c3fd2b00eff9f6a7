"""The domain's shared validators: a last day never before the first, counts not below their
minimum — the same rule and the same words for every value that has them."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from kommune_core.domain import Bindung, BindungsArt, Norm, NormVersion, Rule, SatzungTerm

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
