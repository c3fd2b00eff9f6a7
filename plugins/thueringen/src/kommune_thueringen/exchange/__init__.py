"""XML exchange contributions of Thüringen: the Land's message schema, its Schematron rules,
code lists (the project's own plus Destatis' Bundesland list), scenarios and message checks.

Messages: ``antrag.einreichen.1010`` (an application submitted through ThAVEL) and
``bindung.mitteilen.1020`` (a Kommune's Bindung to an IT provider), namespace :data:`NS`.
Built with :class:`kommune_core.plugins.exchange_kit.LandExchange`.
"""

from __future__ import annotations

from kommune_core.plugins.exchange_kit import DestatisList, LandExchange

EXCHANGE = LandExchange(
    package="kommune_thueringen",
    prefix="th",
    land="16",
    land_name="Thüringen",
    land_adjective="Thüringer",
    portal="ThAVEL",
    law="ThürKGG, ThürKO",
    antrag_root="antrag.einreichen.1010",
    bindung_root="bindung.mitteilen.1020",
    destatis=DestatisList(
        urn="urn:de:bund:destatis:bevoelkerungsstatistik:schluessel:bundesland",
        version="2010-04-01",
        filename="Bundesland_2010-04-01.xml",
        title="Bundesland (Destatis, via XRepository)",
    ),
)
NS = EXCHANGE.namespace
SCHEMA, SCHEMATRON = EXCHANGE.schema, EXCHANGE.schematron
schemas, codelists = EXCHANGE.schemas, EXCHANGE.codelists
scenarios, message_checks = EXCHANGE.scenarios, EXCHANGE.message_checks
