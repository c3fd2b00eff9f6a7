"""The conformance suite: both bundled plugins pass it; the broken fixture plugins fail it with
messages that name the plugin, the hook, the object and what is wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from kommune_core.devkit.conformance import SkipCheck, Suite, problems_of
from kommune_core.devkit.problems import Problem


@pytest.mark.parametrize("plugin", ["thueringen", "sachsen"])
def test_bundled_plugins_pass(plugin: str) -> None:
    suite = Suite(plugin)
    checks = suite.checks()
    ids = {c.id for c in checks}
    # The suite really looked at what the plugin contributes, not at an empty list.
    assert {"load", "hooks", "kommunen"} <= ids
    assert any(i.startswith("rule:") for i in ids), "no rule was checked"
    problems = problems_of(checks)
    assert not problems, "\n".join(map(str, problems))


@pytest.fixture(scope="module")
def broken() -> dict[str, list[Problem]]:
    """Every check of the broken plugin with its problems (fixture plugins on sys.path)."""
    mp = pytest.MonkeyPatch()
    mp.syspath_prepend(str(Path(__file__).parent / "fixtures" / "plugins"))
    try:
        out: dict[str, list[Problem]] = {}
        for check in Suite("broken").checks():
            try:
                out[check.id] = check.run()
            except SkipCheck:
                out[check.id] = []
        return out
    finally:
        mp.undo()


def _find(problems: list[Problem], hook: str, obj: str, *says: str) -> Problem:
    for p in problems:
        if (
            p.plugin == "broken"
            and p.hook == hook
            and obj in p.obj
            and all(s in p.message for s in says)
        ):
            return p
    raise AssertionError(
        f"no problem of hook {hook} about {obj!r} saying {says}; got:\n"
        + "\n".join(map(str, problems))
    )


@pytest.mark.parametrize(
    ("check", "hook", "obj", "says"),
    [
        (
            "hooks",
            "kommune_antragsportale",
            "hook implementation",
            ("RuntimeError", "Portaldaten nicht lesbar"),
        ),
        ("hooks", "kommune_report_formats", "hook implementation", ("returned str",)),
        ("hooks", "kommune_providers", "Provider 'broken-gmbh'", ("'founded'", "expected date")),
        ("hooks", "kommune_kommunen", "Magdeburg", ("8 digits", "'1500300'")),
        ("conflicts", "kommune_laender", "Land '15'", ("contributed 2 times",)),
        ("kommunen", "kommune_kommunen", "Dessau-Roßlau", ("'15001000'", "more than once")),
        ("kommunen", "kommune_kommunen", "Gera", ("land '16'", "not a Land the plugin")),
        ("providers", "kommune_providers", "broken-zv", ("'15001001'", "no plugin contributes")),
        ("providers", "kommune_providers", "broken-zv", ("portal 'st-portal'",)),
        (
            "rule:broken.englisch",
            "kommune_rules",
            "broken.englisch",
            ("reads as English", "on case (Kommune"),
        ),
        (
            "rule:broken.falsche_id",
            "kommune_rules",
            "broken.falsche_id",
            ("names rule 'broken.andere'",),
        ),
        ("rule:broken.ohne_norm", "kommune_rules", "broken.ohne_norm", ("cites no norm",)),
        ("rule:broken.absturz", "kommune_rules", "broken.absturz", ("raised KeyError",)),
        ("rule:broken.datum", "kommune_rules", "broken.datum", ("'valid_from'", "expected date")),
        (
            "rule:broken.vor_der_norm",
            "kommune_rules",
            "broken.vor_der_norm",
            ("none of its norms is in force",),
        ),
        (
            "schema:broken.falscher_ns",
            "kommune_schemas",
            "broken.falscher_ns",
            ("'urn:broken:a'", "'urn:broken:b'"),
        ),
        (
            "schema:broken.fern",
            "kommune_schemas",
            "broken.fern",
            ("cannot be compiled", "'http://example.org/remote.xsd' could not be resolved locally"),
        ),
        ("schema:broken.fehlt", "kommune_schemas", "broken.fehlt", ("does not exist",)),
        (
            "codelist:urn:broken:kreis_1",
            "kommune_codelists",
            "urn:broken:kreis",
            ("schluessel:kreis_2026-01-31", "must match"),
        ),
        (
            "scenario:broken.ohne_schema",
            "kommune_scenarios",
            "broken.ohne_schema",
            ("code list 'urn:broken:fehlt'",),
        ),
        (
            "scenario:broken.anfrage",
            "kommune_scenarios",
            "broken.anfrage",
            ("anfrage.xml", "does not say whether it is valid"),
        ),
        (
            "scenario:broken.anfrage",
            "kommune_scenarios",
            "broken.anfrage",
            ("fehlt-valid.xml does not exist",),
        ),
        (
            "scenario:broken.ohne_schema",
            "kommune_scenarios",
            "broken.ohne_schema",
            ("schema 'broken.unbekannt'",),
        ),
        (
            "example:broken.anfrage:anfrage-valid.xml",
            "kommune_scenarios",
            "anfrage-valid.xml",
            ("named valid, but validation rejects it", "16052000"),
        ),
        (
            "example:broken.anfrage:anfrage-invalid.xml",
            "kommune_scenarios",
            "anfrage-invalid.xml",
            ("named invalid, but validation accepts it",),
        ),
        (
            "example:broken.anfrage:anders-valid.xml",
            "kommune_scenarios",
            "anders-valid.xml",
            ("is named valid, but no scenario matches it",),
        ),
        (
            "message_checks",
            "kommune_message_checks",
            "broken.pruefung",
            ("scenario 'broken.unbekannt'",),
        ),
    ],
)
def test_broken_plugin_faults_are_named(
    broken: dict[str, list[Problem]], check: str, hook: str, obj: str, says: tuple[str, ...]
) -> None:
    problem = _find(broken[check], hook, obj, *says)
    assert str(problem).startswith(f"plugin 'broken', hook {hook}, ")


def test_broken_plugin_good_parts_pass(broken: dict[str, list[Problem]]) -> None:
    """No false alarms: the fixture's sound rule, schema and portals check clean."""
    for check in ("rule:broken.gut", "schema:broken.gut", "antragsportale", "load"):
        assert broken[check] == [], check


def test_misspelled_hook_fails_loading(fixture_plugins: Path) -> None:
    checks = Suite("misspelled").checks()
    assert [c.id for c in checks] == ["load"]
    (problem,) = checks[0].run()
    assert problem.plugin == "misspelled"
    assert "distribution kommune-misspelled" in problem.obj
    assert "'kommune_rule' is no hook (did you mean 'kommune_rules'?)" in problem.message


def test_unknown_plugin_names_the_installed_ones() -> None:
    (problem,) = problems_of(Suite("brandenburg").checks())
    assert "no such plugin installed" in problem.message and "thueringen" in problem.message
