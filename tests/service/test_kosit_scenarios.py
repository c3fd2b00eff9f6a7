"""The service with a KoSIT configuration (``kommune serve --scenarios``): the configuration's
own verdicts (acceptMatch, customLevel, no scenario) become the daemon's status codes."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from .conftest import make_client

pytest.importorskip("saxonche")

FIXTURE = Path(__file__).resolve().parents[1] / "validation/fixtures/kosit"
VARL = "{http://www.xoev.de/de/validator/varl/1}"

#: message → status, from the fixture's expectations in tests/validation/test_kosit.py
EXPECTED = {
    "antrag-ok.xml": 200,
    "antrag-warnung.xml": 200,  # customLevel makes the failed assert a warning; acceptMatch
    "antrag-zu-hoch.xml": 406,
    "antrag-version-1.xml": 406,  # no scenario matches
    "bescheid-ok.xml": 200,
    "bescheid-zukunft.xml": 406,
    "kaputt.xml": 406,
}


@pytest.fixture(scope="module")
def kosit_client():
    from kommune_core.service.app import ServiceOptions
    from kommune_core.service.engine_adapter import EngineOptions

    options = ServiceOptions(
        engine=EngineOptions.of(kosit_scenarios=str(FIXTURE / "scenarios.xml"))
    )
    with make_client(options) as c:
        yield c


@pytest.mark.parametrize(("name", "status"), sorted(EXPECTED.items()))
def test_the_configuration_decides_the_status(kosit_client, name: str, status: int) -> None:
    r = kosit_client.post(f"/{name}", content=(FIXTURE / "messages" / name).read_bytes())
    assert r.status_code == status, r.text[:500]
    root = etree.fromstring(r.content)
    verdict = "accept" if status == 200 else "reject"
    assert root.find(f"{VARL}assessment/{VARL}{verdict}") is not None


def test_ready_once_the_configuration_compiled(kosit_client) -> None:
    assert kosit_client.get("/health/ready").status_code == 200
