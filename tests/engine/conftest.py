"""Fixtures for the compatibility engine: the real plugins (bund, Thüringen, Sachsen) loaded
explicitly through their entry points, and a host for throwaway test plugins."""

from __future__ import annotations

import datetime as dt
import types
from collections.abc import Callable

import pytest

from kommune_core import hookimpl
from kommune_core.catalog import Catalog, load_catalog
from kommune_core.engine import Engine
from kommune_core.plugins import PluginHost

ON = dt.date(2026, 1, 1)


@pytest.fixture(scope="session")
def full_catalog() -> Catalog:
    """bund + thueringen + sachsen, strict: every rule the project ships."""
    return load_catalog(["bund", "thueringen", "sachsen"], strict=True).load_all()


@pytest.fixture(scope="session")
def engine(full_catalog: Catalog) -> Engine:
    return Engine(full_catalog)


def _returning(rules: list) -> Callable[[], list]:  # type: ignore[type-arg]
    def kommune_rules():  # type: ignore[no-untyped-def]
        return list(rules)

    return kommune_rules


@pytest.fixture
def catalog_with() -> Callable[..., Catalog]:
    """``catalog_with(name=rules_list)``: the real plugins plus throwaway plugins whose
    ``kommune_rules`` hook returns the given rules (registered by name, like entry points)."""

    def make(**extra: list) -> Catalog:  # type: ignore[type-arg]
        host = PluginHost()
        host.load_entry_points(["bund", "thueringen", "sachsen"])
        for name, rules in extra.items():
            module = types.ModuleType(f"kommune_test_{name}")
            module.kommune_rules = hookimpl(_returning(rules))  # type: ignore[attr-defined]
            assert host.register(module, name), host.errors
        return Catalog(host).load_all()

    return make


def ask(catalog: Catalog, rule_id: str, kommune: str, provider, area, *, setup=None, on=ON):  # type: ignore[no-untyped-def]
    """Call one shipped rule directly; returns its finding (or None)."""
    from kommune_core.devkit.testing import ask_rule

    return ask_rule(catalog, rule_id, kommune, provider, area, on=on, setup=setup)
