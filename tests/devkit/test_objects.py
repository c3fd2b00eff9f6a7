"""Well-formedness of contributed objects beyond what attrs checks on construction."""

from __future__ import annotations

import datetime as dt

from kommune_core.devkit.objects import object_problems
from kommune_core.domain import Kommune, KommuneKind, Land, Norm, Rule


def _rule(**changes: object) -> Rule:
    norm = Norm(
        "GWB",
        "§ 108 Abs. 4",
        "Inhouse",
        "https://www.gesetze-im-internet.de/gwb/__108.html",
        dt.date(2016, 4, 18),
    )
    fields = {"id": "x.y", "title": "t", "norms": (norm,), "check": lambda r, c: None}
    return Rule(**{**fields, **changes})  # type: ignore[arg-type]


def test_a_well_formed_rule_has_no_problems() -> None:
    assert object_problems(_rule(), Rule) == []


def test_wrong_field_types_are_named() -> None:
    problems = object_problems(_rule(valid_from="2016-04-18"), Rule)
    assert problems == ["field 'valid_from' is str '2016-04-18', expected date"]
    assert "field 'lands'" in object_problems(_rule(lands=["15"]), Rule)[0]


def test_wrong_class_is_named() -> None:
    assert object_problems("15", Land) == ["is a str, expected Land"]


def test_checks_bypassed_by_setattr_are_rerun() -> None:
    gera = Kommune(
        name="Gera, Stadt",
        kind=KommuneKind.KREISFREIE_STADT,
        land="16",
        kreis="16052",
        ags="16052000",
    )
    object.__setattr__(gera, "kreis", "16053")  # the AGS no longer lies in its Kreis
    (problem,) = object_problems(gera, Kommune)
    assert "does not lie in Kreis '16053'" in problem


def test_nested_values_are_checked_with_their_path() -> None:
    norm = Norm("GWB", "§ 108", "t", "https://example.org", dt.date(2016, 4, 18))
    object.__setattr__(norm, "url", "not a url")
    problems = object_problems(_rule(norms=(norm,)), Rule)
    assert len(problems) == 1 and problems[0].startswith("norms[0]: ")
