"""XML exchange contributions of Sachsen: the Land's message schema, its Schematron rules,
code lists (the project's own plus Destatis' Kreis list), scenarios and message checks.

Messages: ``antrag.einreichen.2010`` (an application submitted through Amt24) and
``bindung.mitteilen.2020`` (a Kommune's Bindung to an IT provider), namespace :data:`NS`.
"""

from __future__ import annotations

from importlib.resources import files
from typing import Any

from kommune_core.domain import CodeListSpec, MessageCheck, Scenario, SchemaSpec
from kommune_core.loading import load_kommunen
from kommune_core.validation.checks import known_kommune_check

NS = "urn:kommune-interop:sn:nachrichten:1"
HERE = files(__package__ or "kommune_sachsen.exchange")
SCHEMA = HERE / "schemas" / "sn-nachrichten.xsd"
SCHEMATRON = HERE / "schematron" / "sn-nachrichten.sch"
CODELISTS = HERE / "codelists"
_CL = "urn:kommune-interop:sn:codeliste:"
KREIS = "urn:de:bund:destatis:bevoelkerungsstatistik:schluessel:kreis"


def schemas() -> list[SchemaSpec]:
    return [
        SchemaSpec(
            id="sn.nachrichten",
            namespace=NS,
            path=SCHEMA,
            title="Sachsen: Antrag (Amt24) und Bindungsmitteilung",
        )
    ]


def codelists() -> list[CodeListSpec]:
    own = [
        ("nachrichtentyp", "Nachrichtentyp (Sachsen)"),
        ("antragsportal", "Antragsportal (Sachsen)"),
        ("it-dienstleister", "IT-Dienstleister"),
        ("bindungsart", "Bindungsart (SächsKomZG, SächsGemO)"),
    ]
    specs = [
        CodeListSpec(urn=_CL + name, version="1", path=CODELISTS / f"sn-{name}_1.xml", title=title)
        for name, title in own
    ]
    specs.append(
        CodeListSpec(
            urn=KREIS,
            version="2026-01-31",
            path=CODELISTS / "Kreis_2026-01-31.xml",
            title="Kreis (Destatis, via XRepository)",
        )
    )
    return specs


def scenarios() -> list[Scenario]:
    common: dict[str, Any] = {
        "schema": "sn.nachrichten",
        "namespace": NS,
        "schematron": (SCHEMATRON,),
    }
    return [
        Scenario(
            id="sn.antrag",
            title="Sachsen: Antrag über Amt24 (2010)",
            root="antrag.einreichen.2010",
            codelists=(f"{_CL}nachrichtentyp_1", f"{_CL}antragsportal_1", f"{KREIS}_2026-01-31"),
            **common,
        ),
        Scenario(
            id="sn.bindung",
            title="Sachsen: Bindung an einen IT-Dienstleister (2020)",
            root="bindung.mitteilen.2020",
            codelists=(
                f"{_CL}nachrichtentyp_1",
                f"{_CL}it-dienstleister_1",
                f"{_CL}bindungsart_1",
                f"{KREIS}_2026-01-31",
            ),
            **common,
        ),
    ]


def message_checks() -> list[MessageCheck]:
    return [
        known_kommune_check(
            check_id="sn.kommune-bekannt",
            title="Kommune ist in Sachsen bekannt",
            land="14",
            namespace=NS,
            kommunen=lambda: load_kommunen(files("kommune_sachsen") / "data" / "kommunen.json"),
            land_label="sächsischen",
        )
    ]
