"""XML exchange contributions of Thüringen: the Land's message schema, its Schematron rules,
code lists (the project's own plus Destatis' Bundesland list), scenarios and message checks.

Messages: ``antrag.einreichen.1010`` (an application submitted through ThAVEL) and
``bindung.mitteilen.1020`` (a Kommune's Bindung to an IT provider), namespace :data:`NS`.
"""

from __future__ import annotations

from importlib.resources import files
from typing import Any

from kommune_core.domain import CodeListSpec, MessageCheck, Scenario, SchemaSpec
from kommune_core.loading import load_kommunen
from kommune_core.validation.checks import known_kommune_check

NS = "urn:kommune-interop:th:nachrichten:1"
HERE = files(__package__ or "kommune_thueringen.exchange")
SCHEMA = HERE / "schemas" / "th-nachrichten.xsd"
SCHEMATRON = HERE / "schematron" / "th-nachrichten.sch"
CODELISTS = HERE / "codelists"
_CL = "urn:kommune-interop:th:codeliste:"
BUNDESLAND = "urn:de:bund:destatis:bevoelkerungsstatistik:schluessel:bundesland"


def schemas() -> list[SchemaSpec]:
    return [
        SchemaSpec(
            id="th.nachrichten",
            namespace=NS,
            path=SCHEMA,
            title="Thüringen: Antrag (ThAVEL) und Bindungsmitteilung",
        )
    ]


def codelists() -> list[CodeListSpec]:
    own = [
        ("nachrichtentyp", "Nachrichtentyp (Thüringen)"),
        ("antragsportal", "Antragsportal (Thüringen)"),
        ("it-dienstleister", "IT-Dienstleister"),
        ("bindungsart", "Bindungsart (ThürKGG, ThürKO)"),
    ]
    specs = [
        CodeListSpec(urn=_CL + name, version="1", path=CODELISTS / f"th-{name}_1.xml", title=title)
        for name, title in own
    ]
    specs.append(
        CodeListSpec(
            urn=BUNDESLAND,
            version="2010-04-01",
            path=CODELISTS / "Bundesland_2010-04-01.xml",
            title="Bundesland (Destatis, via XRepository)",
        )
    )
    return specs


def scenarios() -> list[Scenario]:
    common: dict[str, Any] = {
        "schema": "th.nachrichten",
        "namespace": NS,
        "schematron": (SCHEMATRON,),
    }
    return [
        Scenario(
            id="th.antrag",
            title="Thüringen: Antrag über ThAVEL (1010)",
            root="antrag.einreichen.1010",
            codelists=(
                f"{_CL}nachrichtentyp_1",
                f"{_CL}antragsportal_1",
                f"{BUNDESLAND}_2010-04-01",
            ),
            **common,
        ),
        Scenario(
            id="th.bindung",
            title="Thüringen: Bindung an einen IT-Dienstleister (1020)",
            root="bindung.mitteilen.1020",
            codelists=(
                f"{_CL}nachrichtentyp_1",
                f"{_CL}it-dienstleister_1",
                f"{_CL}bindungsart_1",
                f"{BUNDESLAND}_2010-04-01",
            ),
            **common,
        ),
    ]


def message_checks() -> list[MessageCheck]:
    return [
        known_kommune_check(
            check_id="th.kommune-bekannt",
            title="Kommune ist in Thüringen bekannt",
            land="16",
            namespace=NS,
            kommunen=lambda: load_kommunen(files("kommune_thueringen") / "data" / "kommunen.json"),
            land_label="Thüringer",
        )
    ]
