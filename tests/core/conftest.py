"""Fixtures that install throwaway plugin distributions on ``sys.path`` (dist-info + module),
so entry-point discovery finds them exactly as it finds the real ones."""

from __future__ import annotations

import importlib
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

MakeDist = Callable[..., str]


@pytest.fixture
def make_dist(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> MakeDist:
    """``make_dist("broken", source)`` → a distribution ``kommune-test-broken`` whose entry
    point ``broken`` (group ``kommune_core``) is module ``kommune_test_broken``."""
    site = tmp_path / "site"
    site.mkdir()
    monkeypatch.syspath_prepend(str(site))
    made: list[str] = []

    def make(name: str, source: str, *, module: str | None = None) -> str:
        module = module or f"kommune_test_{name}"
        (site / f"{module}.py").write_text(textwrap.dedent(source), encoding="utf-8")
        dist = f"kommune_test_{name}-0.0.1.dist-info"
        info = site / dist
        info.mkdir()
        (info / "METADATA").write_text(
            f"Metadata-Version: 2.1\nName: kommune-test-{name}\nVersion: 0.0.1\n",
            encoding="utf-8",
        )
        (info / "entry_points.txt").write_text(
            f"[kommune_core]\n{name} = {module}\n", encoding="utf-8"
        )
        made.append(module)
        importlib.invalidate_caches()
        return module

    yield make
    for module in made:
        sys.modules.pop(module, None)
