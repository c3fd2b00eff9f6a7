"""Fixtures for the German reports: the real plugins and checks of the examples."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kommune_core.catalog import Catalog, load_catalog
from kommune_core.engine import CheckResult, Engine
from kommune_core.loading.setupfile import load_setup
from kommune_core.reports.compatibility import ReportContext, context_from_catalog

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
ON = dt.date(2026, 11, 29)
GENERATED = dt.datetime(2026, 11, 29, 23, 5)


@pytest.fixture(scope="session")
def full_catalog() -> Catalog:
    """bund + thueringen + sachsen, strict: every rule the project ships."""
    return load_catalog(["bund", "thueringen", "sachsen"], strict=True).load_all()


@pytest.fixture(scope="session")
def ctx(full_catalog: Catalog) -> ReportContext:
    return context_from_catalog(full_catalog, now=GENERATED)


@pytest.fixture(scope="session")
def example(full_catalog: Catalog):  # type: ignore[no-untyped-def]
    """``example("gera", "kisa")``: the example setup checked against a provider."""

    def check(name: str, provider: str, on: dt.date = ON) -> CheckResult:
        setup = load_setup(EXAMPLES / f"{name}.toml", full_catalog)
        return Engine(full_catalog).check(
            full_catalog.kommune(setup.kommune),
            full_catalog.provider(provider),
            on=on,
            areas=setup.areas,
            setup=setup,
        )

    return check
