"""What plugins contribute for XML exchange validation: schemas, code lists, scenarios,
message checks. Paths are ``importlib.resources`` traversables or filesystem paths."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import attrs

__all__ = ["CodeListSpec", "MessageCheck", "Scenario", "SchemaSpec"]

_ID = attrs.validators.matches_re(r"[a-z0-9][a-z0-9_.:-]*")


@attrs.frozen
class SchemaSpec:
    """An XSD a plugin ships. ``namespace`` is its target namespace; ``path`` the file; imports
    of other schemas are resolved by namespace through the catalog, never the network."""

    id: str = attrs.field(validator=_ID)
    namespace: str
    path: Any
    title: str = ""


@attrs.frozen
class CodeListSpec:
    """A genericode code list a plugin ships: its canonical URI (= a message's ``listURI``),
    its version (= ``listVersionID``) and file."""

    urn: str
    version: str
    path: Any
    title: str = ""


@attrs.frozen
class Scenario:
    """Which messages a validation applies to and what applies to them (KoSIT-style).

    A message matches when its root element is ``{namespace}root`` and, if ``message_type``
    is set, its header's message type code equals it; or when ``match`` (an XPath with
    ``namespaces``) is true for it. ``schema`` names a :class:`SchemaSpec` id; ``schematron``
    are paths; ``codelists`` are ``urn`` or ``urn_version`` strings that must be available.
    """

    id: str = attrs.field(validator=_ID)
    title: str
    schema: str
    namespace: str | None = None
    root: str | None = None
    message_type: str | None = None
    match: str | None = None
    namespaces: tuple[tuple[str, str], ...] = ()
    schematron: tuple[Any, ...] = ()
    codelists: tuple[str, ...] = ()
    examples: tuple[Any, ...] = ()

    def __attrs_post_init__(self) -> None:
        if self.match is None and self.root is None:
            raise ValueError(f"scenario {self.id!r}: needs a match XPath or a root element")


@attrs.frozen
class MessageCheck:
    """A plugin's own check on a parsed message (after XSD, Schematron and code lists).

    ``check(tree, scenario)`` yields ``(xpath, message)`` pairs or richer issue objects;
    ``scenarios`` restricts it (empty: every scenario of the plugin).
    """

    id: str = attrs.field(validator=_ID)
    title: str
    check: Callable[[Any, Scenario], Iterable[Any]] = attrs.field(repr=False)
    scenarios: tuple[str, ...] = ()
    severity: str = attrs.field(
        default="error", validator=attrs.validators.in_(("error", "warning"))
    )
