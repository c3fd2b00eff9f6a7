"""The engine: rules in force per date, folding, plugin attribution, broken and silent rules."""

from __future__ import annotations

import datetime as dt

import pytest

from kommune_core.domain import Norm, Rule, ServiceArea, Verdict
from kommune_core.engine import NO_RULE, Engine

from .conftest import ON

S = ServiceArea
NORM = Norm(
    "TestG",
    "§ 1",
    "Testnorm",
    "https://example.org/testg",
    dt.date(2020, 1, 1),
    dt.date(2020, 12, 31),
)


def _rule(rule_id: str, verdict: Verdict | None, **kw) -> Rule:  # type: ignore[no-untyped-def]
    def check(rule, case):  # type: ignore[no-untyped-def]
        if verdict is None:
            return None
        return case.finding(verdict, f"Befund von {rule.id}", rule=rule)

    kw.setdefault("areas", (S.SCHULUNG,))
    return Rule(id=rule_id, title=rule_id, norms=(NORM,), check=check, **kw)


def _boom(rule, case):  # type: ignore[no-untyped-def]
    raise RuntimeError("Datei fehlt")


def test_fold_worst_wins_and_every_finding_stays(full_catalog) -> None:  # type: ignore[no-untyped-def]
    rules = [
        ("a", _rule("t.serves", Verdict.SERVES)),
        ("b", _rule("t.cond", Verdict.SERVES_WITH_CONDITIONS)),
        ("c", _rule("t.unknown", Verdict.UNKNOWN)),
    ]
    eng = Engine(full_catalog, rules)
    r = eng.area(full_catalog.kommune("16052000"), full_catalog.provider("kiv"), S.SCHULUNG, on=ON)
    # an open question is not hidden behind a condition
    assert r.verdict is Verdict.UNKNOWN
    assert [f.rule for f in r.findings] == ["t.serves", "t.cond", "t.unknown"]
    assert [f.plugin for f in r.findings] == ["a", "b", "c"]
    rules.append(("d", _rule("t.cannot", Verdict.CANNOT_SERVE)))
    r = Engine(full_catalog, rules).area(
        full_catalog.kommune("16052000"), full_catalog.provider("kiv"), S.SCHULUNG, on=ON
    )
    assert r.verdict is Verdict.CANNOT_SERVE and len(r.findings) == 4


def test_conditions_over_serves(full_catalog) -> None:  # type: ignore[no-untyped-def]
    rules = [
        ("a", _rule("t.serves", Verdict.SERVES)),
        ("b", _rule("t.cond", Verdict.SERVES_WITH_CONDITIONS)),
    ]
    r = Engine(full_catalog, rules).check(
        full_catalog.kommune("16075"), full_catalog.provider("kisa"), on=ON, areas=[S.SCHULUNG]
    )
    assert r.verdicts == {S.SCHULUNG: Verdict.SERVES_WITH_CONDITIONS}
    assert r.served and r.exit_code == 0


def test_rule_dates_before_during_after(full_catalog) -> None:  # type: ignore[no-untyped-def]
    rule = _rule(
        "t.dated", Verdict.SERVES, valid_from=NORM.valid_from, valid_until=NORM.valid_until
    )
    eng = Engine(full_catalog, [("a", rule)])
    k, p = full_catalog.kommune("16052000"), full_catalog.provider("kiv")
    for day, expected in [
        (dt.date(2019, 12, 31), Verdict.UNKNOWN),
        (dt.date(2020, 1, 1), Verdict.SERVES),
        (dt.date(2020, 12, 31), Verdict.SERVES),  # valid_until is in force
        (dt.date(2021, 1, 1), Verdict.UNKNOWN),
    ]:
        r = eng.area(k, p, S.SCHULUNG, on=day)
        assert r.verdict is expected, day
        if expected is Verdict.UNKNOWN:
            (f,) = r.findings
            assert f.rule == NO_RULE and "keine Regel" in f.reason and day.isoformat() in f.reason


def test_rules_in_force_that_stay_silent_give_explicit_unknown(full_catalog) -> None:  # type: ignore[no-untyped-def]
    eng = Engine(full_catalog, [("a", _rule("t.silent", None))])
    r = eng.area(full_catalog.kommune("16052000"), full_catalog.provider("kiv"), S.SCHULUNG, on=ON)
    (f,) = r.findings
    assert r.verdict is Verdict.UNKNOWN and f.rule == NO_RULE and "Keine der 1" in f.reason


def test_land_restriction(full_catalog) -> None:  # type: ignore[no-untyped-def]
    eng = Engine(full_catalog, [("a", _rule("t.th", Verdict.SERVES, lands=("16",)))])
    p = full_catalog.provider("kiv")
    assert (
        eng.area(full_catalog.kommune("16052000"), p, S.SCHULUNG, on=ON).verdict is Verdict.SERVES
    )
    assert (
        eng.area(full_catalog.kommune("14713000"), p, S.SCHULUNG, on=ON).findings[0].rule == NO_RULE
    )


@pytest.mark.parametrize(
    "bad",
    [
        lambda rule, case: "kein Befund",
        lambda rule, case: [case.finding(Verdict.SERVES, "x", rule=rule), 42],
        lambda rule, case: case.finding(Verdict.SERVES, "x", rule=rule).__class__(
            area=S.BETRIEB, verdict=Verdict.SERVES, reason="anderer Bereich", rule=rule.id
        ),
    ],
)
def test_malformed_results_become_unknown(full_catalog, bad) -> None:  # type: ignore[no-untyped-def]
    rule = Rule(id="t.bad", title="bad", norms=(NORM,), check=bad, areas=(S.SCHULUNG,))
    eng = Engine(full_catalog, [("x", rule), ("a", _rule("t.ok", Verdict.SERVES))])
    r = eng.area(full_catalog.kommune("16052000"), full_catalog.provider("kiv"), S.SCHULUNG, on=ON)
    assert r.verdict is Verdict.UNKNOWN
    assert {f.rule for f in r.findings} == {"t.bad", "t.ok"}
    (bad_finding,) = [f for f in r.findings if f.rule == "t.bad"]
    assert bad_finding.verdict is Verdict.UNKNOWN and bad_finding.plugin == "x"


def test_plugin_whose_rule_raises_is_named_and_the_rest_still_run(catalog_with) -> None:  # type: ignore[no-untyped-def]
    broken = Rule(
        id="zz.kaputt", title="kaputt", norms=(NORM,), check=_boom, areas=(S.FACHVERFAHREN,)
    )
    cat = catalog_with(kaputt=[broken])
    assert ("kaputt", broken) in cat.rules
    result = Engine(cat).check(cat.kommune("16052000"), cat.provider("kisa"), on=ON)
    area = result.area(S.FACHVERFAHREN)
    assert area.verdict is Verdict.UNKNOWN
    failed = [f for f in area.findings if f.rule == "zz.kaputt"]
    assert len(failed) == 1
    assert failed[0].plugin == "kaputt"
    assert "zz.kaputt" in failed[0].reason and "kaputt" in failed[0].reason
    assert "RuntimeError: Datei fehlt" in failed[0].reason
    # the other plugins' rules for this area still spoke, and other areas are unaffected
    assert {"thueringen", "sachsen", "bund"} <= {f.plugin for f in area.findings}
    assert result.area(S.ONLINE_DIENSTE).verdict is Verdict.SERVES_WITH_CONDITIONS
    assert not any(f.rule == "zz.kaputt" for f in result.area(S.BETRIEB).findings)


def test_plugin_name_comes_from_the_catalog_not_hook_order(catalog_with, full_catalog) -> None:  # type: ignore[no-untyped-def]
    a = _rule("aa.eins", Verdict.SERVES)
    b = _rule("bb.zwei", Verdict.SERVES_WITH_CONDITIONS)
    cat = catalog_with(erster=[a], zweiter=[b])
    r = Engine(cat).area(cat.kommune("16075"), cat.provider("kiv"), S.SCHULUNG, on=ON)
    by_rule = {f.rule: f.plugin for f in r.findings}
    assert by_rule["aa.eins"] == "erster" and by_rule["bb.zwei"] == "zweiter"
    assert by_rule["bund.angebot.leistungsbereich"] == "bund"


def test_areas_keep_the_asked_order(engine, full_catalog) -> None:  # type: ignore[no-untyped-def]
    asked = [S.DATENSCHUTZ, S.BESCHAFFUNG]
    r = engine.check(
        full_catalog.kommune("16075"), full_catalog.provider("kiv"), on=ON, areas=asked
    )
    assert [a.area for a in r.areas] == asked
    with pytest.raises(KeyError):
        r.area(S.BETRIEB)


def test_every_shipped_rule_has_norms_with_urls_and_dates(full_catalog) -> None:  # type: ignore[no-untyped-def]
    ids = [r.id for _, r in full_catalog.rules]
    assert len(ids) == len(set(ids)) >= 12
    for plugin, rule in full_catalog.rules:
        assert (
            rule.id.split(".")[0] in {"bund": "bund", "thueringen": "th", "sachsen": "sn"}[plugin]
        )
        for n in rule.norms:
            assert n.url.startswith("https://") and n.valid_from <= dt.date(2026, 1, 1)
        assert rule.valid_from == max(n.valid_from for n in rule.norms) or plugin == "bund"


def test_case_stamps_its_plugin_on_every_finding(full_catalog) -> None:  # type: ignore[no-untyped-def]
    from kommune_core.domain import Case, Confidence, Source

    args = (
        full_catalog.kommune("16075"),
        full_catalog.provider("kisa"),
        S.BETRIEB,
        ON,
        full_catalog,
        None,
    )
    rule = _rule("t.same", Verdict.SERVES)
    plain = Case(*args).finding(Verdict.UNKNOWN, "Grund", rule=rule)
    assert (plain.plugin, plain.rule, plain.norms) == (None, "t.same", rule.norms)
    stamped = Case(*args, plugin="p").finding(
        Verdict.UNKNOWN,
        "Grund",
        rule="t.str",
        norms=[NORM],
        confidence=Confidence.LOW,
        sources=[Source("Quelle")],
        missing=["x"],
    )
    assert (stamped.plugin, stamped.rule, stamped.norms) == ("p", "t.str", (NORM,))
    assert stamped.sources == (Source("Quelle"),) and stamped.missing == ("x",)


def test_norm_in_force_and_versions_on_their_first_and_last_day() -> None:
    from kommune_core.domain import NormVersion

    n = Norm(
        "TestG",
        "§ 2",
        "Test",
        "https://example.org/testg",
        dt.date(2001, 1, 1),
        dt.date(2020, 12, 31),
        (
            NormVersion(dt.date(2001, 1, 1), dt.date(2009, 12, 31)),
            NormVersion(dt.date(2010, 1, 1), dt.date(2020, 12, 31), text="Wortlaut"),
        ),
    )
    assert not n.in_force(dt.date(2000, 12, 31)) and n.in_force(dt.date(2001, 1, 1))
    assert n.in_force(dt.date(2020, 12, 31)) and not n.in_force(dt.date(2021, 1, 1))
    assert n.version(dt.date(2009, 12, 31)) is n.versions[0]
    assert n.version(dt.date(2010, 1, 1)) is n.versions[1]
    assert n.modelled_from == dt.date(2010, 1, 1)  # the first version's wording is not modelled
    with pytest.raises(ValueError, match="outside"):
        Norm(
            "T",
            "§ 3",
            "x",
            "https://example.org",
            dt.date(2001, 1, 1),
            None,
            (NormVersion(dt.date(2000, 1, 1)),),
        )


def test_bindung_active_on_its_last_day() -> None:
    from kommune_core.domain import Bindung, BindungsArt

    b = Bindung(
        kommune="16052000",
        provider="kisa",
        art=BindungsArt.MITGLIEDSCHAFT,
        since=dt.date(2021, 1, 21),
        until=dt.date(2024, 12, 31),
    )
    assert not b.active(dt.date(2021, 1, 20)) and b.active(dt.date(2021, 1, 21))
    assert b.active(dt.date(2024, 12, 31)) and not b.active(dt.date(2025, 1, 1))
    assert b.state(dt.date(2025, 1, 1)) is False and b.state(dt.date(2021, 1, 20)) is False


def test_rule_not_modelled_before_its_first_version(full_catalog) -> None:  # type: ignore[no-untyped-def]
    rule = Rule(
        id="t.alt",
        title="alt",
        norms=(NORM,),
        check=lambda r, c: c.finding(Verdict.SERVES, "Befund", rule=r),
        areas=(S.SCHULUNG,),
        valid_from=dt.date(2019, 1, 1),
        modelled_from=dt.date(2020, 1, 1),
    )
    eng = Engine(full_catalog, [("x", rule)])
    k, p = full_catalog.kommune("16052000"), full_catalog.provider("kiv")
    before = eng.area(k, p, S.SCHULUNG, on=dt.date(2019, 12, 31))
    after = eng.area(k, p, S.SCHULUNG, on=dt.date(2020, 1, 1))
    assert before.verdict is Verdict.UNKNOWN
    assert before.findings[0].reason.startswith("Recht vor 2020-01-01 nicht erfasst")
    assert after.verdict is Verdict.SERVES


def test_finding_role_must_fit_its_verdict() -> None:
    from kommune_core.domain import Finding, Role

    with pytest.raises(ValueError, match="condition cannot carry verdict 'cannot_serve'"):
        Finding(S.SCHULUNG, Verdict.CANNOT_SERVE, "x", "t.x", role=Role.CONDITION)
    assert Finding(S.SCHULUNG, Verdict.UNKNOWN, "x", "t.x").role is Role.OPEN_QUESTION
    assert Finding(S.SCHULUNG, Verdict.SERVES_WITH_CONDITIONS, "x", "t.x").role is Role.CONDITION


def test_unknown_enactment_is_said_not_invented(full_catalog) -> None:  # type: ignore[no-untyped-def]
    [rule] = [r for _, r in full_catalog.rules if r.id == "th.zweckverband.austritt"]
    kgg = rule.norms[0]
    assert not kgg.enacted_known
    assert kgg.since_text == "Inkrafttreten nicht erfasst; Wortlaut erfasst ab 2001-09-28"
    gwb = next(r for _, r in full_catalog.rules if r.id == "bund.vergabe.inhouse").norms[0]
    assert gwb.enacted_known and gwb.since_text == "in Kraft ab 2016-04-18"
