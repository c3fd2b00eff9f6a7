"""Options that more than one command takes, each defined once: what an XSD run reads
(``validate``, ``serve``) and how the XRepository client behaves (``validate``,
``codelists fetch``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])


class AliasedOption(click.Option):
    """An option whose first name is the documented one; the others are old spellings that
    keep working but are not shown in ``--help``."""

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        names = self.opts
        self.opts = names[:1]
        try:
            return super().get_help_record(ctx)
        finally:
            self.opts = names


def stacked(*options: Callable[[F], F]) -> Callable[[F], F]:
    """The ``options`` as one decorator, in the order given (as if written one above the
    other)."""

    def apply(command: F) -> F:
        for option in reversed(options):
            command = option(command)
        return command

    return apply


def setting(name: str, default: float, kind: click.ParamType, help: str) -> Callable[[F], F]:
    """A numeric setting with a default, which ``--help`` shows with its range."""
    return click.option(name, default=default, show_default=True, type=kind, help=help)


_FILE = click.Path(exists=True, dir_okay=False)

#: ``--schema``, ``--xml-catalog`` (old spelling ``--catalog``) and ``--codelists``
schema_inputs = stacked(
    click.option(
        "--schema",
        "schema_path",
        type=_FILE,
        help="Validate against this XSD (any XÖV standard) instead of plugin scenarios.",
    ),
    click.option(
        "--xml-catalog",
        "--catalog",
        "catalogs",
        cls=AliasedOption,
        multiple=True,
        type=_FILE,
        help="OASIS XML catalog mapping import locations to local files (repeatable).",
    ),
    click.option(
        "--codelists",
        "codelist_dirs",
        multiple=True,
        type=click.Path(exists=True, file_okay=False),
        help="Folder of genericode code lists (repeatable).",
    ),
)

#: ``--scenarios``: validate with a KoSIT validator configuration
scenarios_option = click.option(
    "--scenarios",
    "kosit_scenarios",
    type=_FILE,
    help="Validate with a KoSIT validator configuration (scenarios.xml), unchanged: "
    "XPath 2.0 matches, Schematron stylesheets, acceptMatch, customLevel.",
)

#: ``--checks xsd|all``
checks_option = click.option(
    "--checks",
    type=click.Choice(["xsd", "all"]),
    default="all",
    show_default=True,
    help="xsd: schema only (as xmllint --schema); all: + Schematron, code lists, "
    "Nachrichtentyp and plugin checks.",
)

#: ``--timeout`` and ``--retries`` of the XRepository client
xrepository_client = stacked(
    click.option(
        "--timeout",
        type=click.FloatRange(min=0, min_open=True),
        default=10.0,
        show_default=True,
        metavar="SECONDS",
        help="XRepository: seconds to connect and between bytes; a whole fetch gets "
        "at most 6× this (at least 60 s).",
    ),
    click.option(
        "--retries",
        type=click.IntRange(min=0, max=20),
        default=3,
        show_default=True,
        metavar="N",
        help="XRepository: retries after a failed attempt (timeouts, connection errors, "
        "5xx, cut bodies).",
    ),
)


#: CLI parameter name → RunOptions field, where they differ
_RUN_FIELD = {"scenario_id": "scenario", "schema_path": "schema"}


def run_fields(given: dict[str, Any]) -> dict[str, Any]:
    """Click's parameters as :class:`~kommune_core.validation.RunOptions` fields (``validate``
    and ``serve`` share them; an option named like a field needs nothing here)."""
    return {_RUN_FIELD.get(k, k): v for k, v in given.items()}
