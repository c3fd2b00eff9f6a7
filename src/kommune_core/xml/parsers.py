"""The lxml parser objects: safe options, a tripwire resolver, one parser per thread."""

from __future__ import annotations

import threading

from lxml import etree

__all__ = ["Tripwire", "new_parser", "parser_for", "safe_parser"]


class Tripwire(etree.Resolver):
    """Defence in depth: libxml2 must never load anything; if it tries, record and refuse."""

    def __init__(self) -> None:
        super().__init__()
        self.hits: list[str] = []

    def resolve(self, system_url, public_id, context):  # type: ignore[no-untyped-def]
        self.hits.append(system_url or public_id or "?")
        return self.resolve_string("", context)


def new_parser(huge: bool) -> tuple[etree.XMLParser, Tripwire]:
    """A parser with every loading switched off, and its tripwire; ``huge`` lifts libxml2's
    depth (256 → 2048) and text-node (10 MB → 1 GB) limits."""
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        attribute_defaults=False,
        huge_tree=huge,
        remove_blank_text=False,
    )
    tripwire = Tripwire()
    parser.resolvers.add(tripwire)
    return parser, tripwire


def safe_parser() -> etree.XMLParser:
    """A fresh parser that resolves no entity, loads no DTD and never touches the network.

    Prefer :func:`parse_bytes`: the parser alone does not refuse entity declarations,
    external DTD references or XInclude elements; it only never acts on them."""
    return new_parser(False)[0]


_local = threading.local()


def parser_for(huge: bool) -> tuple[etree.XMLParser, Tripwire]:
    # lxml parsers must not be shared between threads; one per thread and mode is cheap.
    cache = getattr(_local, "parsers", None)
    if cache is None:
        cache = _local.parsers = {}
    if huge not in cache:
        cache[huge] = new_parser(huge)
    return cache[huge]
