"""The lxml parser objects: safe options, a tripwire resolver, one parser per thread."""

from __future__ import annotations

import threading
from types import MappingProxyType

from lxml import etree

__all__ = ["HARDENED", "Tripwire", "hardened_parser", "new_parser", "parser_for", "safe_parser"]

#: The switches of every parser the core builds: no entity is resolved, no external DTD is
#: loaded (nor used to validate or to add default attributes), nothing is fetched from the
#: network.
#: :func:`hardened_parser` applies them; add resolvers to the parser it returns, never
#: other switches.
HARDENED: MappingProxyType[str, bool] = MappingProxyType(
    {
        "resolve_entities": False,
        "no_network": True,
        "load_dtd": False,
        "dtd_validation": False,
        "attribute_defaults": False,
    }
)


class Tripwire(etree.Resolver):
    """Defence in depth: libxml2 must never load anything; if it tries, record and refuse."""

    def __init__(self) -> None:
        super().__init__()
        self.hits: list[str] = []

    def resolve(self, system_url, public_id, context):  # type: ignore[no-untyped-def]
        self.hits.append(system_url or public_id or "?")
        return self.resolve_string("", context)


def hardened_parser(*, huge: bool = False) -> etree.XMLParser:
    """A parser with every loading switched off (:data:`HARDENED`); ``huge`` lifts libxml2's
    depth (256 → 2048) and text-node (10 MB → 1 GB) limits. Blank text is kept (lines and
    positions stay those of the file)."""
    return etree.XMLParser(**HARDENED, huge_tree=huge, remove_blank_text=False)


def new_parser(huge: bool) -> tuple[etree.XMLParser, Tripwire]:
    """A :func:`hardened_parser` and its tripwire."""
    parser = hardened_parser(huge=huge)
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
