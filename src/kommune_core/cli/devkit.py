"""``kommune plugin``: the plugin developer kit (scaffold a new Land plugin)."""

from __future__ import annotations

from pathlib import Path

import click

from .app import Env, UsageError, main, pass_env


@main.group()
def plugin() -> None:
    """Develop Land plugins: scaffold one, then test it with
    ``pytest --kommune-conformance=NAME``."""


@plugin.command("new")
@click.argument("name")
@click.option(
    "--land-key",
    required=True,
    metavar="NN",
    help="The Land's 2-digit key (Landesschlüssel): the first two digits of its AGS.",
)
@click.option(
    "--land-name",
    metavar="NAME",
    help="The Land's name; default: its name in Destatis' Länder list if given as --codelist.",
)
@click.option("--land-code", required=True, metavar="DE-XX", help="The Land's ISO 3166-2 code.")
@click.option(
    "--codelist",
    "codelists",
    multiple=True,
    required=True,
    type=click.Path(exists=True, dir_okay=False),
    help="An official Destatis key list (genericode): the AGS list, best also the "
    "Kreis and ARS lists, and the Länder list for the Land's name. Repeatable; rows of "
    "other Länder are left out.",
)
@click.option(
    "--into",
    type=click.Path(file_okay=False),
    default=".",
    show_default=True,
    help="Folder in which the project folder kommune-<name> is created.",
)
@pass_env
def new(
    env: Env,
    name: str,
    land_key: str,
    land_name: str | None,
    land_code: str | None,
    codelists: tuple[str, ...],
    into: str,
) -> None:
    """Scaffold the installable plugin distribution NAME (e.g. mecklenburg_vorpommern).

    It gets the kommune_core entry point, its Land, the Kommunen of the given key lists, one
    example rule citing a norm with validity dates, one schema with a scenario and example
    messages, tests and a README — and passes its tests and the conformance suite at once.
    """
    from ..devkit.scaffold import ScaffoldError, scaffold

    try:
        result = scaffold(
            name,
            land_key,
            into=Path(into),
            key_lists=codelists,
            land_name=land_name,
            land_code=land_code,
        )
    except ScaffoldError as exc:
        raise UsageError(str(exc)) from None
    for problem in result.skipped:
        env.err.print(f"[yellow]übersprungen:[/] {problem}", highlight=False)
    for warning in result.warnings:
        env.err.print(f"[yellow]Warnung:[/] {warning}", highlight=False)
    env.out.print(
        f"Plugin {name!r} angelegt in {result.root} ({len(result.files)} Dateien, "
        f"{result.kommunen} Kommunen aus {len(result.key_lists)} Schlüssellisten).",
        highlight=False,
    )
    env.out.print(
        "Weiter: python -m pip install --no-build-isolation -e "
        f"{result.root}; dann kommune plugins und "
        f"python -m pytest --kommune-conformance={name}",
        highlight=False,
    )
