"""Test helpers for the Land plugins' rule tests: the shipped catalog as a pytest fixture and
an ``ask`` bound to one plugin and date. Imports pytest only when a fixture is made.

>>> from kommune_core.rulekit.testing import catalog_fixture, rule_asker   # doctest: +SKIP
>>> cat = catalog_fixture()                                 # a module-scoped fixture "cat"
>>> ask = rule_asker("musterland", on=dt.date(2026, 1, 1))
>>> ask(catalog, "xy.zweckverband.beitritt", "99001000", "zv-xy")
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from ..domain import Provider, ServiceArea, Setup

__all__ = ["catalog_fixture", "rule_asker"]


def catalog_fixture(plugins: tuple[str, ...] | None = None, scope: str = "module") -> Any:
    """A pytest fixture named ``cat``: the catalog of ``plugins`` (default: every installed
    plugin), loaded strictly (a broken data file fails the tests). Assign it to a
    module-level name in the test module."""
    import pytest

    from ..catalog import Catalog, load_catalog

    @pytest.fixture(scope=scope, name="cat")  # type: ignore[call-overload]
    def cat() -> Catalog:
        chosen = list(plugins) if plugins is not None else None
        return load_catalog(chosen, strict=True).load_all()

    return cat


def rule_asker(
    plugin: str, *, on: dt.date, area: ServiceArea = ServiceArea.FACHVERFAHREN
) -> Callable[..., Any]:
    """``ask(catalog, rule_id, kommune, provider, area=…, *, setup=None, on=…)``: call one of
    ``plugin``'s rules on one case (:func:`kommune_core.devkit.testing.ask_rule`)."""
    from ..devkit.testing import ask_rule

    default_area, default_on = area, on

    def ask(
        catalog: Any,
        rule_id: str,
        kommune: str,
        provider: str | Provider,
        area: ServiceArea = default_area,
        *,
        setup: Setup | None = None,
        on: dt.date = default_on,
    ) -> Any:
        return ask_rule(
            catalog, rule_id, kommune, provider, area, on=on, setup=setup, plugin=plugin
        )

    return ask
