"""Shared fixtures. Tests never load plugins implicitly: ``catalog`` loads the installed
Thüringen and Sachsen distributions explicitly through their entry points."""

from __future__ import annotations

from pathlib import Path

import pytest

from kommune_core.catalog import Catalog, load_catalog

ROOT = Path(__file__).resolve().parents[1]
CORPUS = (ROOT / ".." / "shared" / "corpus").resolve()


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    """The real installed plugins, loaded through entry points, strict."""
    return load_catalog(["thueringen", "sachsen"], strict=True).load_all()


@pytest.fixture(scope="session")
def corpus() -> Path:
    """``../shared/corpus`` — skips the test cleanly where it is absent."""
    if not (CORPUS / "README.md").is_file():
        pytest.skip("../shared/corpus is not present")
    return CORPUS


@pytest.fixture(autouse=True)
def _no_env_plugin_filter(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KOMMUNE_PLUGINS", raising=False)
