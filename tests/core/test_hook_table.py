"""One table of hooks: the catalog, the conformance suite and PackagePlugin read it; hooks go
through pluggy, so monitoring (``KOMMUNE_TRACE_PLUGINS``), wrappers and tryfirst apply."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import types
from pathlib import Path

import pytest

from kommune_core import hookimpl
from kommune_core.catalog import Catalog, Conflict, ObjectKind
from kommune_core.domain import Land
from kommune_core.hookspecs import HOOK, HOOK_TABLE, HOOKS, hook_of_kind
from kommune_core.plugins import PackagePlugin, PluginHost


def _plugin(name: str, land: str, **extra: object) -> types.ModuleType:
    @hookimpl(**extra)  # type: ignore[misc]
    def kommune_laender() -> list[Land]:
        return [Land(key=land, name=f"Land {name}", code="DE-ST")]

    module = types.ModuleType(f"plugin_{name}")
    module.kommune_laender = kommune_laender  # type: ignore[attr-defined]
    return module


def test_every_hook_has_one_row_and_a_catalog_collection() -> None:
    assert len(HOOKS) == len(set(HOOKS)) == len(HOOK_TABLE)
    for info in HOOK_TABLE:
        assert isinstance(getattr(Catalog, info.collection), property | object)
        assert info.collection in Catalog.__dict__, info
        assert hook_of_kind(info.kind) is info
        assert hook_of_kind(info.kind.value) is info


def test_package_plugin_implements_exactly_the_hooks_with_a_package_source() -> None:
    host = PluginHost()
    host.register(PackagePlugin("kommune_sachsen"), "pp")
    expected = tuple(h.name for h in HOOK_TABLE if h.package_source is not None)
    assert host.infos["pp"].hooks == expected
    assert "kommune_report_formats" not in expected


def test_conflicts_are_labelled_by_kind() -> None:
    host = PluginHost()
    host.register(_plugin("a", "15"), "a")
    host.register(_plugin("b", "15"), "b")
    cat = Catalog(host).load_all()
    assert cat.conflicts == [Conflict(ObjectKind.LAND, "15", "a", "b")]
    assert str(cat.conflicts[0]).startswith("Land '15' is contributed by plugins 'a' and 'b'")
    assert cat.plugin_of(ObjectKind.LAND, "15") == "a"
    assert HOOK["kommune_laender"].kind is ObjectKind.LAND


def test_tryfirst_goes_before_load_order() -> None:
    host = PluginHost()
    host.register(_plugin("a", "15"), "a")
    host.register(_plugin("b", "15", tryfirst=True), "b")
    assert [c.plugin for c in host.collect("kommune_laender")] == ["b", "a"]


def test_a_wrapper_sees_every_plugin_call_and_failures_stay_per_plugin() -> None:
    seen: list[str] = []

    class Wrapper:
        @hookimpl(wrapper=True)  # type: ignore[misc]
        def kommune_laender(self):  # type: ignore[no-untyped-def]
            result = yield
            seen.append(",".join(land.key for r in result for land in r))
            return result

    class Broken:
        @hookimpl
        def kommune_laender(self):  # type: ignore[no-untyped-def]
            raise RuntimeError("kaputt")

    host = PluginHost()
    host.register(Wrapper(), "w")
    host.register(_plugin("a", "15"), "a")
    host.register(Broken(), "x")
    host.register(_plugin("b", "16"), "b")
    got = [(c.plugin, c.item.key) for c in host.collect("kommune_laender")]
    assert got == [("a", "15"), ("b", "16")]
    assert seen == ["15", "16"]  # the broken call raised through the wrapper
    [error] = host.errors
    assert error.plugin == "x" and error.stage == "hook kommune_laender"
    assert "RuntimeError: kaputt" in error.message


def test_trace_prints_each_hook_call_with_plugin_and_duration(capsys) -> None:
    host = PluginHost(trace=True)
    host.register(_plugin("a", "15"), "a")
    host.collect("kommune_laender")
    err = capsys.readouterr().err
    assert "[kommune trace] kommune_laender plugin=a " in err
    assert " ms 1 object(s)" in err


@pytest.mark.parametrize("value, traced", [("1", True), ("0", False), ("", False)])
def test_trace_env_var_on_the_cli(value: str, traced: bool) -> None:
    env = {**os.environ, "KOMMUNE_TRACE_PLUGINS": value, "KOMMUNE_PLUGINS": "sachsen"}
    run = subprocess.run(
        [str(Path(sys.executable).with_name("kommune")), "show", "14612000"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    lines = [ln for ln in run.stderr.splitlines() if ln.startswith("[kommune trace]")]
    if traced:
        assert any("kommune_kommunen plugin=sachsen" in ln for ln in lines), run.stderr
        assert all(" ms " in ln for ln in lines)
    else:
        assert not lines


def test_trace_of_a_check_shows_every_plugin_asked_for_rules() -> None:
    env = {**os.environ, "KOMMUNE_TRACE_PLUGINS": "1", "KOMMUNE_PLUGINS": "bund,sachsen"}
    run = subprocess.run(
        [
            str(Path(sys.executable).with_name("kommune")),
            "check",
            "--kommune",
            "14612000",
            "--provider",
            "kisa",
            "--format",
            "json",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.stdout.startswith("{"), run.stderr
    traced = re.findall(r"^\[kommune trace\] (\w+) plugin=(\w+) [\d.]+ ms", run.stderr, re.M)
    assert ("kommune_rules", "bund") in traced and ("kommune_rules", "sachsen") in traced
    assert ("kommune_providers", "sachsen") in traced
