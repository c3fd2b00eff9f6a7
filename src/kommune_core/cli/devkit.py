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
    help="The Land's name; default: its name in Destatis' Länder list (shipped with the core).",
)
@click.option(
    "--land-code",
    metavar="DE-XX",
    help="The Land's ISO 3166-2 code; default (and checked against): the code of --land-key.",
)
@click.option(
    "--codelist",
    "codelists",
    multiple=True,
    required=True,
    metavar="FILE|NAME",
    help="An official Destatis key list (genericode): the AGS list, best also the Kreis and "
    "ARS lists. A file, or XRepository's name of it (AGS_2026-04-30.xml), taken from the "
    "code-list cache or fetched into it. Repeatable; rows of other Länder are left out.",
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
    """Scaffold the installable plugin distribution NAME (e.g. mecklenburg_vorpommern or
    mecklenburg-vorpommern).

    It has the bundled plugins' shape (PackagePlugin): the kommune_core entry point, its Land,
    the Kommunen of the given key lists, one example rule citing a norm with validity dates
    (rules/norms.toml), one schema with a scenario and example messages, tests and a README —
    and passes its tests and the conformance suite at once.
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
        f"Plugin {result.name!r} angelegt in {result.root} ({len(result.files)} Dateien, "
        f"{result.kommunen} Kommunen aus {len(result.key_lists)} Schlüssellisten).",
        highlight=False,
    )
    env.out.print(
        "Weiter: python -m pip install --no-build-isolation -e "
        f"{result.root}; dann kommune plugins und "
        f"python -m pytest --kommune-conformance={result.name}",
        highlight=False,
    )
