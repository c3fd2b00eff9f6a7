"""``kommune data``: maintaining the plugins' reference data."""

from __future__ import annotations

import importlib
from importlib.resources import files
from pathlib import Path

import click

from .app import Env, UsageError, main, pass_env


@main.group()
def data() -> None:
    """Maintain reference data (official key lists)."""


def _data_file_of(env: Env, land: str) -> Path:
    from ..hookspecs import ObjectKind

    cat = env.catalog
    plugin = cat.plugin_of(ObjectKind.LAND, land)
    if plugin is None:
        raise UsageError(f"no loaded plugin contributes Land {land!r}; use --into FILE")
    module = importlib.import_module(cat.host.infos[plugin].module)
    package = module.__package__ or module.__name__
    return Path(str(files(package) / "data" / "kommunen.json"))


@data.command("import-codelist")
@click.argument("codelist", type=click.Path(exists=True, dir_okay=False))
@click.option("--land", default="16", show_default=True, help="Land key to import (14, 16, …).")
@click.option(
    "--into",
    type=click.Path(dir_okay=False),
    help="Data file to rewrite "
    "(default: the kommunen.json of the plugin that contributes the Land).",
)
@pass_env
def import_codelist_cmd(env: Env, codelist: str, land: str, into: str | None) -> None:
    """Import a Destatis AGS, ARS or Kreis key list (genericode) into a plugin's data file.

    Rows of other Länder are filtered out; bad rows are reported and skipped; the file is
    rewritten atomically and records the list's URN and version (the Gebietsstand).
    """
    from ..codelists.genericode import GenericodeError
    from ..codelists.importer import import_codelist

    target = Path(into) if into else _data_file_of(env, land)
    try:
        result = import_codelist(codelist, target, land)
    except (GenericodeError, ValueError) as exc:
        raise UsageError(str(exc)) from None
    for problem in result.skipped:
        env.err.print(f"[yellow]übersprungen:[/] {problem}", highlight=False)
    env.out.print(
        f"{result.imported} {result.kind.upper()}-Einträge für Land {land} aus {result.urn} "
        f"(Version {result.version}) nach {result.data_file} geschrieben; "
        f"{len(result.skipped)} übersprungen.",
        highlight=False,
    )
