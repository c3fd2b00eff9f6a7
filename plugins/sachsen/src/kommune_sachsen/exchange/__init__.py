"""XML exchange contributions of Sachsen: the Land's message schema, its Schematron rules,
code lists (the project's own plus Destatis' Kreis list), scenarios and message checks.

Messages: ``antrag.einreichen.2010`` (an application submitted through Amt24) and
``bindung.mitteilen.2020`` (a Kommune's Bindung to an IT provider), namespace :data:`NS`.
Built with :class:`kommune_core.plugins.exchange_kit.LandExchange`.
"""

from __future__ import annotations

from kommune_core.plugins.exchange_kit import DestatisList, LandExchange

EXCHANGE = LandExchange(
    package="kommune_sachsen",
    prefix="sn",
    land="14",
    land_name="Sachsen",
    land_adjective="sächsischen",
    portal="Amt24",
    law="SächsKomZG, SächsGemO",
    antrag_root="antrag.einreichen.2010",
    bindung_root="bindung.mitteilen.2020",
    destatis=DestatisList(
        urn="urn:de:bund:destatis:bevoelkerungsstatistik:schluessel:kreis",
        version="2026-01-31",
        filename="Kreis_2026-01-31.xml",
        title="Kreis (Destatis, via XRepository)",
    ),
)
NS = EXCHANGE.namespace
SCHEMA, SCHEMATRON = EXCHANGE.schema, EXCHANGE.schematron
schemas, codelists = EXCHANGE.schemas, EXCHANGE.codelists
scenarios, message_checks = EXCHANGE.scenarios, EXCHANGE.message_checks
