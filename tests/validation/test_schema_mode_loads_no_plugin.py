"""``validate --schema X --checks xsd`` reads no plugin, so it loads none (start-up as a plain
libxml2 loop); ``--checks all`` still does (plugin code lists)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from kommune_core.cli import main

KOSIT = Path(__file__).parent / "fixtures/kosit"
SCHEMA = KOSIT / "repository/test.xsd"
MESSAGE = KOSIT / "messages/antrag-ok.xml"


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    import kommune_core.catalog as catalog

    calls: list[object] = []
    real = catalog.load_catalog

    def counting(*args: object, **kw: object) -> object:
        calls.append(args)
        return real(*args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(catalog, "load_catalog", counting)
    return calls


def _validate(*extra: str) -> int:
    result = CliRunner().invoke(
        main, ["validate", "--schema", str(SCHEMA), "--offline", *extra, str(MESSAGE)]
    )
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code


def test_xsd_only_loads_no_plugin(loads: list[object]) -> None:
    assert _validate("--checks", "xsd") == 0
    assert loads == []


def test_all_checks_load_the_plugins(loads: list[object]) -> None:
    assert _validate("--checks", "all") == 0
    assert loads
