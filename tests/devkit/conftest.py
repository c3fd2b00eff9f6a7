"""Fixtures of the developer-kit tests: the deliberately broken fixture plugins (installed by
putting their folder, which holds their ``.dist-info``, on ``sys.path``) and the excerpts of
the official key lists."""

from __future__ import annotations

from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
FIXTURE_PLUGINS = HERE / "fixtures" / "plugins"
KEYLISTS = HERE / "fixtures" / "keylists"
KREIS_LIST = KEYLISTS / "kreis-15-excerpt.xml"
AGS_LIST = KEYLISTS / "ags-15-excerpt.xml"
ARS_LIST = KEYLISTS / "rs-15-excerpt.xml"


@pytest.fixture
def fixture_plugins(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Make the fixture plugins ``broken`` and ``misspelled`` installed for this test."""
    monkeypatch.syspath_prepend(str(FIXTURE_PLUGINS))
    return FIXTURE_PLUGINS
