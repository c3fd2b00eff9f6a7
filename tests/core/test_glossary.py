"""docs/glossary.md names real things: every dotted name in it imports."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

GLOSSARY = Path(__file__).resolve().parents[2] / "docs" / "glossary.md"


def test_every_name_in_the_glossary_exists() -> None:
    names = set(re.findall(r"`(kommune_core(?:\.\w+)+)`", GLOSSARY.read_text(encoding="utf-8")))
    assert len(names) >= 8
    for dotted in sorted(names):
        module, _, attr = dotted.rpartition(".")
        try:
            importlib.import_module(dotted)
        except ModuleNotFoundError:
            assert hasattr(importlib.import_module(module), attr), dotted
