"""kommune_core.validation.checks: reusable message checks for plugins."""

from __future__ import annotations

from lxml import etree

from kommune_core.domain import Kommune, KommuneKind
from kommune_core.validation.checks import known_kommune_check

NS = "urn:example:test:1"
KOMMUNEN = [
    Kommune(
        name="Gera, Stadt",
        kind=KommuneKind.KREISFREIE_STADT,
        land="16",
        kreis="16052",
        ags="16052000",
    ),
    Kommune(name="Saale-Orla-Kreis", kind=KommuneKind.LANDKREIS, land="16", kreis="16075"),
]


def _tree(*keys: str, parent: str = "kommune"):  # type: ignore[no-untyped-def]
    items = "".join(f"<{parent}><ags>{k}</ags></{parent}>" for k in keys)
    return etree.fromstring(f"<m xmlns='{NS}'>{items}</m>").getroottree()


def test_unknown_key_of_the_land_is_reported_known_and_foreign_keys_are_not() -> None:
    calls = []

    def kommunen():  # type: ignore[no-untyped-def]
        calls.append(1)
        return KOMMUNEN

    check = known_kommune_check(
        check_id="t.kommune-bekannt",
        land="16",
        namespace=NS,
        kommunen=kommunen,
        land_label="Thüringer",
    )
    assert check.id == "t.kommune-bekannt" and check.severity == "error"
    found = list(check.check(_tree("16052000", "16075", "16099999", "14612000"), None))
    assert found == [
        (
            "/*/*[3]/*",
            "AGS 16099999 ist keiner Thüringer Kommune zugeordnet (Gebietsstand des Plugins)",
        )
    ]
    list(check.check(_tree("16099998"), None))
    assert calls == [1]  # the Kommunen are read once


def test_only_ags_under_the_parent_element_counts() -> None:
    check = known_kommune_check(
        check_id="t.x", land="16", namespace=NS, kommunen=lambda: KOMMUNEN, land_label="Thüringer"
    )
    assert list(check.check(_tree("16099999", parent="antragsteller"), None)) == []
