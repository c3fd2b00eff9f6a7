"""PackagePlugin: a Land package laid out like the bundled ones needs one line of plugin code;
missing parts contribute nothing, broken parts are reported under the plugin's name."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

from kommune_core.catalog import Catalog
from kommune_core.domain import Norm, Verdict
from kommune_core.engine import fold
from kommune_core.plugins import PackagePlugin, PluginHost
from kommune_core.rulekit import rule_on_norms

LAND = '[land]\nkey = "15"\nname = "Testland"\ncode = "DE-ST"\n'


@pytest.fixture
def package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    pkg = tmp_path / "kommune_testland"
    (pkg / "data").mkdir(parents=True)
    (pkg / "__init__.py").write_text("", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    yield pkg
    for name in [m for m in sys.modules if m.startswith("kommune_testland")]:
        del sys.modules[name]


def _catalog(plugin: PackagePlugin) -> Catalog:
    host = PluginHost()
    assert host.register(plugin, "testland")
    return Catalog(host).load_all()


def test_only_land_file(package: Path) -> None:
    (package / "data" / "land.toml").write_text(LAND, encoding="utf-8")
    cat = _catalog(PackagePlugin("kommune_testland"))
    assert cat.land("15").name == "Testland"
    assert cat.kommunen == {} and cat.providers == {} and cat.rules == []
    assert not cat.errors
    assert cat.host.infos["testland"].module == "kommune_core.plugins.package"


def test_broken_data_file_is_reported_under_the_plugin(package: Path) -> None:
    (package / "data" / "land.toml").write_text(LAND + "extra = 1\n", encoding="utf-8")
    cat = _catalog(PackagePlugin("kommune_testland"))
    assert cat.laender == {}
    assert any(e.plugin == "testland" and "land.toml" in e.message for e in cat.errors)


def test_broken_rules_subpackage_is_reported(package: Path) -> None:
    (package / "data" / "land.toml").write_text(LAND, encoding="utf-8")
    (package / "rules").mkdir()
    (package / "rules" / "__init__.py").write_text("import not_there_at_all\n", encoding="utf-8")
    cat = _catalog(PackagePlugin("kommune_testland"))
    [err] = cat.errors
    assert err.stage == "hook kommune_rules" and "not_there_at_all" in err.message


def test_rule_on_norms_is_in_force_while_all_norms_are() -> None:
    url = "https://example.org/gesetz"
    norms = {
        "a": Norm("G1", "§ 1", "alt", url, dt.date(2001, 1, 1), dt.date(2020, 12, 31)),
        "b": Norm("G2", "§ 2", "neu", url, dt.date(2010, 6, 1)),
    }
    rule = rule_on_norms(norms, "x.test", "Test", ("a", "b"), lambda r, c: None)
    assert (rule.valid_from, rule.valid_until) == (dt.date(2010, 6, 1), dt.date(2020, 12, 31))
    assert rule.in_force(dt.date(2020, 12, 31)) and not rule.in_force(dt.date(2021, 1, 1))
    assert fold([]) is Verdict.UNKNOWN
