"""The browsing commands: plugins, kommunen, show, providers; exit codes and suggestions."""

from __future__ import annotations

import json

import click
import pytest
from click.testing import CliRunner

from kommune_core.cli import main

PLUGINS = ["--plugins", "thueringen,sachsen"]


def run(*args: str) -> click.testing.Result:
    return CliRunner().invoke(main, [*PLUGINS, *args])


def test_plugins_lists_name_distribution_version_and_hooks() -> None:
    res = run("plugins", "--format", "json")
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    names = {p["name"]: p for p in data["plugins"]}
    assert names["thueringen"]["distribution"] == "kommune-thueringen"
    assert "kommune_providers" in names["sachsen"]["hooks"]
    assert data["errors"] == [] and data["conflicts"] == []


def test_kommunen_json_for_a_land() -> None:
    res = run("kommunen", "--land", "16", "--format", "json")
    assert res.exit_code == 0
    rows = json.loads(res.output)
    assert len(rows) == 601 + 17
    assert {"key": "16052000", "ags": "16052000", "ars": "160520000000"}.items() <= next(
        r for r in rows if r["key"] == "16052000"
    ).items()


def test_kommunen_table_and_unknown_land() -> None:
    res = run("kommunen", "--land", "14", "--kind", "kreisfreie_stadt")
    assert res.exit_code == 0 and "Dresden, Stadt" in res.output and "14612000" in res.output
    bad = run("kommunen", "--land", "99")
    assert bad.exit_code == 2 and "unknown Land '99'" in bad.output


@pytest.mark.parametrize("key", ["16052000", "16052", "160520000000"])
def test_show_gera_by_any_key(key: str) -> None:
    res = run("show", key, "--format", "json")
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert data["kommune"]["name"] == "Gera, Stadt"
    assert data["land"]["name"] == "Thüringen"
    assert data["kommune"]["kind"] == "kreisfreie_stadt"
    assert data["plugin"] == "thueringen"
    # Gera's council decided to join KISA (2021-09-30), but no admitting change is recorded:
    # an application, not a Bindung.
    assert not any(b["provider"] == "kisa" for b in data["bindungen"])


def test_show_text() -> None:
    res = run("show", "16075")
    assert res.exit_code == 0
    for text in ("Saale-Orla-Kreis", "Landkreis", "Thüringen (16)", "KISA"):
        assert text in res.output


@pytest.mark.parametrize(
    ("key", "hint"),
    [
        ("16052001", "16052000"),
        ("Gra", "Gera"),
        ("16O52000", "did you mean"),
        ("Saale-Orla", "16075"),
    ],
)
def test_show_unknown_key_suggests_closest(key: str, hint: str) -> None:
    res = run("show", key)
    assert res.exit_code == 2
    assert "unknown Kommune key" in res.output
    assert hint in res.output


def test_providers() -> None:
    res = run("providers", "--format", "json")
    assert res.exit_code == 0
    data = {p["id"]: p for p in json.loads(res.output)}
    assert set(data) == {"kisa", "kiv"}
    assert data["kisa"]["plugin"] == "sachsen" and data["kisa"]["seat_land"] == "14"
    table = run("providers")
    assert "unsicher" in table.output  # the exit quorum is not silently firm


def _commands(group: click.Group, prefix: tuple[str, ...] = ()):
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        cmd = group.get_command(ctx, name)
        assert cmd is not None, f"command {name!r} does not load"
        yield (*prefix, name)
        if isinstance(cmd, click.Group):
            yield from _commands(cmd, (*prefix, name))


def test_help_on_every_command() -> None:
    for path in [(), *_commands(main)]:
        res = CliRunner().invoke(main, [*path, "--help"])
        assert res.exit_code == 0, (path, res.output)
        assert "Usage:" in res.output


def test_commands_load_lazily_and_all_are_listed() -> None:
    res = CliRunner().invoke(main, ["--help"])
    for name in (
        "check",
        "compare",
        "matrix",
        "validate",
        "schemas",
        "codelists",
        "plugin",
        "data",
        "show",
        "kommunen",
        "providers",
        "plugins",
    ):
        assert name in res.output
