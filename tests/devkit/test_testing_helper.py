"""kommune_core.devkit.testing.ask_rule: one rule, one case, no engine."""

from __future__ import annotations

import datetime as dt

import pytest

from kommune_core.catalog import load_catalog
from kommune_core.devkit.testing import ask_rule
from kommune_core.domain import ServiceArea, Verdict

ON = dt.date(2026, 1, 1)


def test_ask_rule_returns_the_rules_finding_with_its_plugin() -> None:
    cat = load_catalog(["bund", "thueringen", "sachsen"], strict=True).load_all()
    f = ask_rule(
        cat, "th.portal.online_dienste", "16052000", "kisa", ServiceArea.ONLINE_DIENSTE, on=ON
    )
    # Amt24 does not serve Thüringen: a missing connection, a condition, not a ban
    assert f.verdict is Verdict.SERVES_WITH_CONDITIONS and f.plugin == "thueringen"
    # a Zweckverband rule stays silent for a GmbH provider
    assert (
        ask_rule(cat, "sn.zweckverband.beitritt", "16052000", "kiv", ServiceArea.BESCHAFFUNG, on=ON)
        is None
    )
    with pytest.raises(LookupError, match="no rule 'th.portal.online_dienste' in plugin"):
        ask_rule(
            cat,
            "th.portal.online_dienste",
            "16052000",
            "kisa",
            ServiceArea.ONLINE_DIENSTE,
            on=ON,
            plugin="sachsen",
        )
