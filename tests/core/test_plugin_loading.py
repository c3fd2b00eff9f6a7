"""Entry-point loading: the real distributions load; a broken plugin is named (plugin and
distribution) while the others still load; --strict makes it fatal; restriction works."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from kommune_core.catalog import load_catalog
from kommune_core.cli import main
from kommune_core.plugins import PluginError, PluginHost, plugin_filter_from_env

GOOD = """
from kommune_core import hookimpl
from kommune_core.domain import Land, Kommune, KommuneKind

@hookimpl
def kommune_laender():
    return [Land(key="15", name="Testland", code="DE-ST")]

@hookimpl
def kommune_kommunen():
    return [Kommune(name="Magdeburg, Landeshauptstadt", kind=KommuneKind.KREISFREIE_STADT,
                    land="15", kreis="15003", ags="15003000")]
"""


def test_real_distributions_load_through_entry_points(catalog) -> None:
    infos = catalog.host.infos
    assert infos["thueringen"].distribution == "kommune-thueringen"
    assert infos["sachsen"].distribution == "kommune-sachsen"
    assert infos["thueringen"].module == "kommune_thueringen.plugin"
    assert infos["thueringen"].version
    assert "kommune_kommunen" in infos["thueringen"].hooks
    assert set(catalog.laender) == {"14", "16"}
    assert not catalog.errors
    assert not catalog.conflicts


def test_nothing_loads_implicitly() -> None:
    host = PluginHost()
    assert host.infos == {}
    assert host.collect("kommune_kommunen") == []


def test_import_error_is_named_and_others_still_load(make_dist) -> None:
    make_dist("broken", "import does_not_exist_anywhere\n")
    cat = load_catalog(["thueringen", "broken"]).load_all()
    assert "thueringen" in cat.host.infos
    assert "16052000" in cat.kommunen
    [err] = cat.errors
    assert err.plugin == "broken"
    assert err.distribution == "kommune-test-broken"
    assert err.stage == "import"
    assert "does_not_exist_anywhere" in err.message
    assert "plugin 'broken' (distribution kommune-test-broken) failed at import" in str(err)


def test_import_error_is_fatal_in_strict_mode(make_dist) -> None:
    make_dist("broken", "raise RuntimeError('kaputt')\n")
    with pytest.raises(PluginError, match="plugin 'broken' .*kommune-test-broken.*kaputt"):
        load_catalog(["thueringen", "broken"], strict=True)


def test_raising_hook_is_named_and_other_hooks_and_plugins_go_on(make_dist) -> None:
    make_dist(
        "raiser",
        GOOD
        + """
@hookimpl
def kommune_providers():
    raise ValueError("Datei fehlt")
""",
    )
    cat = load_catalog(["thueringen", "sachsen", "raiser"]).load_all()
    assert "kisa" in cat.providers and "kiv" in cat.providers
    assert "15003000" in cat.kommunen  # its other hooks still count
    [err] = cat.errors
    assert (err.plugin, err.stage) == ("raiser", "hook kommune_providers")
    assert "ValueError: Datei fehlt" in err.message
    assert err.distribution == "kommune-test-raiser"


def test_raising_hook_is_fatal_in_strict_mode(make_dist) -> None:
    make_dist(
        "raiser",
        GOOD
        + """
@hookimpl
def kommune_providers():
    raise ValueError("Datei fehlt")
""",
    )
    cat = load_catalog(["raiser"], strict=True)
    with pytest.raises(PluginError, match="raiser.*kommune_providers.*Datei fehlt"):
        cat.load_all()


def test_misspelled_hookimpl_is_an_error_naming_the_plugin(make_dist) -> None:
    make_dist(
        "typo",
        GOOD
        + """
@hookimpl
def kommune_kommunnen():
    return []
""",
    )
    cat = load_catalog(["thueringen", "typo"]).load_all()
    assert "typo" not in cat.host.infos
    assert "thueringen" in cat.host.infos
    [err] = cat.errors
    assert err.stage == "check_pending"
    assert "'kommune_kommunnen' is no hook (did you mean 'kommune_kommunen'?)" in err.message
    with pytest.raises(PluginError, match="kommune_kommunnen"):
        load_catalog(["typo"], strict=True)


def test_wrong_return_type_is_named(make_dist) -> None:
    make_dist(
        "wrongtype",
        """
from kommune_core import hookimpl

@hookimpl
def kommune_providers():
    return [{"id": "x"}]

@hookimpl
def kommune_laender():
    return "16"
""",
    )
    cat = load_catalog(["wrongtype"]).load_all()
    messages = sorted(str(e) for e in cat.errors)
    assert any(
        "kommune_providers" in m and "returned a dict, expected Provider" in m for m in messages
    )
    assert any("kommune_laender" in m and "expected a list" in m for m in messages)


def test_kommune_outside_the_plugins_land_is_refused(make_dist) -> None:
    make_dist(
        "stray",
        """
from kommune_core import hookimpl
from kommune_core.domain import Land, Kommune, KommuneKind

@hookimpl
def kommune_laender():
    return [Land(key="15", name="Testland", code="DE-ST")]

@hookimpl
def kommune_kommunen():
    return [Kommune(name="Gera, Stadt", kind=KommuneKind.KREISFREIE_STADT, land="16",
                    kreis="16052", ags="16052000")]
""",
    )
    cat = load_catalog(["stray"]).load_all()
    assert "16052000" not in cat.kommunen
    assert "lies in Land '16', which the plugin does not contribute" in str(cat.errors[0])


def test_same_key_from_two_plugins_is_a_reported_conflict(make_dist) -> None:
    make_dist(
        "zdup",
        """
from kommune_core import hookimpl
from kommune_core.domain import Land, Kommune, KommuneKind, Provider, Rechtsform

@hookimpl
def kommune_laender():
    return [Land(key="16", name="Thüringen (Kopie)", code="DE-TH")]

@hookimpl
def kommune_providers():
    return [Provider(id="kisa", name="Nachgemacht", rechtsform=Rechtsform.GMBH, seat="X",
                     seat_land="16")]
""",
    )
    cat = load_catalog(["sachsen", "thueringen", "zdup"]).load_all()  # loads in name order
    kinds = {(c.kind, c.key, c.kept, c.dropped) for c in cat.conflicts}
    assert ("Land", "16", "thueringen", "zdup") in kinds
    assert ("Provider", "kisa", "sachsen", "zdup") in kinds
    assert cat.providers["kisa"].name.startswith("Zweckverband")  # no silent override
    assert "keeping 'sachsen'" in str(next(c for c in cat.conflicts if c.key == "kisa"))


def test_unknown_plugin_name_is_reported_with_the_available_ones() -> None:
    cat = load_catalog(["thueringen", "bayern"])
    [err] = cat.errors
    assert err.plugin == "bayern" and "available: " in err.message and "sachsen" in err.message


def test_env_var_restricts_plugins(monkeypatch) -> None:
    assert plugin_filter_from_env({}) is None
    assert plugin_filter_from_env({"KOMMUNE_PLUGINS": "thueringen, sachsen"}) == [
        "thueringen",
        "sachsen",
    ]
    assert plugin_filter_from_env({"KOMMUNE_PLUGINS": "-"}) == []
    monkeypatch.setenv("KOMMUNE_PLUGINS", "sachsen")
    cat = load_catalog()
    # federal law (the built-in bund plugin) is always there; the filter restricts Länder
    assert list(cat.host.infos) == ["bund", "sachsen"]
    monkeypatch.setenv("KOMMUNE_PLUGINS", "-")
    assert list(load_catalog().host.infos) == ["bund"]
    out = CliRunner().invoke(main, ["--plugins", "sachsen", "plugins"]).output
    assert "Eingebaut und immer geladen: bund" in out


def test_cli_plugins_option_and_strict(make_dist) -> None:
    make_dist("broken", "import does_not_exist_anywhere\n")
    runner = CliRunner()
    ok = runner.invoke(main, ["--plugins", "thueringen,broken", "plugins"])
    assert ok.exit_code == 0, ok.output
    assert "thueringen" in ok.output
    assert "broken" in ok.output and "does_not_exist_anywhere" in ok.output
    strict = runner.invoke(main, ["--strict", "--plugins", "thueringen,broken", "plugins"])
    assert strict.exit_code != 0
    assert "broken" in strict.output and "kommune-test-broken" in strict.output
