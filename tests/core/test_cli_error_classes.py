"""The command line names some errors without importing their modules
(:func:`kommune_core._lazy.if_imported`): every such name must be an exception class of its
module, and the errors must still end as a message with exit code 2."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

from click.testing import CliRunner

import kommune_core
from kommune_core.cli import main

SRC = Path(kommune_core.__file__).parent
CALL = re.compile(r'if_imported\(\s*"([\w.]+)",\s*"(\w+)"\s*\)')
MESSAGE = Path(__file__).parents[1] / "validation/fixtures/kosit/messages/antrag-ok.xml"


def test_every_lazily_named_error_is_an_exception_class_of_its_module() -> None:
    found = {m.groups() for p in SRC.rglob("*.py") for m in CALL.finditer(p.read_text("utf-8"))}
    assert len(found) >= 4  # catalog, loading, plugins, workers
    for module, name in sorted(found):
        cls = getattr(importlib.import_module(module), name)
        assert isinstance(cls, type) and issubclass(cls, Exception), (module, name)


def test_a_plugin_error_under_strict_is_a_message_and_exit_2(make_dist) -> None:  # type: ignore[no-untyped-def]
    make_dist("broken", "raise RuntimeError('kaputt')\n")
    result = CliRunner().invoke(
        main, ["--strict", "--plugins", "broken", "validate", "--offline", str(MESSAGE)]
    )
    assert result.exit_code == 2, result.output
    assert "Plugin-Fehler (--strict):" in result.output
    assert "kaputt" in result.output
