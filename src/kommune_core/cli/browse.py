"""Browsing what the plugins contribute: ``plugins``, ``kommunen``, ``show``, ``providers``."""

from __future__ import annotations

import json

import click

from ..domain import KommuneKind
from .app import Env, UsageError, main, pass_env

# rich, cattrs (serialization) and the hook table are imported when a command runs: ``kommune
# --help`` imports this module for the commands' short help.


def _json(data: object) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


@main.command()
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@pass_env
def plugins(env: Env, fmt: str) -> None:
    """List loaded plugins, their versions, the hooks each implements, and load failures."""
    from rich.table import Table

    from ..plugins.host import is_builtin
    from ..serialization import unstructure

    cat = env.catalog
    infos = list(cat.host.infos.values())
    if fmt == "json":
        _json(
            {
                "plugins": [unstructure(i) for i in infos],
                "errors": [unstructure(e) for e in cat.errors],
                "conflicts": [unstructure(c) for c in cat.conflicts],
            }
        )
        return
    table = Table(title="Plugins", title_justify="left")
    for col in ("Plugin", "Distribution", "Version", "Hooks"):
        table.add_column(col)
    for i in infos:
        hooks = ", ".join(h.removeprefix("kommune_") for h in i.hooks)
        table.add_row(i.name, i.distribution or "-", i.version or "-", hooks)
    env.out.print(table)
    if not infos:
        env.out.print("Keine Plugins geladen.")
    builtin = [i.name for i in infos if is_builtin(i.module)]
    if builtin:
        env.out.print(
            f"Eingebaut und immer geladen: {', '.join(builtin)} (Bundesrecht); --plugins und "
            f"KOMMUNE_PLUGINS schränken nur die Landes-Plugins ein.",
            highlight=False,
        )
    for e in cat.errors:
        env.out.print(f"[red]Fehler:[/] {e}", highlight=False)


@main.command()
@click.option("--land", metavar="KEY", help="Only this Land (2-digit key, e.g. 16).")
@click.option("--kind", type=click.Choice([k.value for k in KommuneKind]), help="Only this kind.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@pass_env
def kommunen(env: Env, land: str | None, kind: str | None, fmt: str) -> None:
    """List Kommunen with their official keys."""
    from rich.table import Table

    from ..serialization import unstructure

    cat = env.catalog
    if land is not None and land not in cat.laender:
        raise UsageError(
            f"unknown Land {land!r}; known: {', '.join(sorted(cat.laender)) or 'none'}"
        )
    rows = sorted(
        cat.kommunen_of(land, kinds=[KommuneKind(kind)] if kind else []),
        key=lambda k: (k.kreis, k.ags or ""),
    )
    if fmt == "json":
        _json([unstructure(k) | {"key": k.key} for k in rows])
        return
    table = Table(title=f"Kommunen ({len(rows)})", title_justify="left")
    for col in ("Schlüssel", "Name", "Art", "Kreis", "ARS"):
        table.add_column(col)
    for k in rows:
        table.add_row(k.key, k.name, k.kind.label, k.kreis, k.ars or "")
    env.out.print(table)


@main.command()
@click.argument("key")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@pass_env
def show(env: Env, key: str, fmt: str) -> None:
    """Show a Kommune (by AGS, Kreisschlüssel or ARS) with its Land, kind and bindings."""
    from rich.table import Table

    from ..hookspecs import ObjectKind
    from ..serialization import unstructure

    cat = env.catalog
    k = cat.kommune(key)
    land = cat.laender.get(k.land)
    bindungen = cat.bindungen_of(k)
    if fmt == "json":
        _json(
            {
                "kommune": unstructure(k) | {"key": k.key},
                "land": unstructure(land) if land else None,
                "plugin": cat.plugin_of(ObjectKind.KOMMUNE, k.key),
                "bindungen": [unstructure(b) for _, b in bindungen],
            }
        )
        return
    table = Table(show_header=False, title=f"{k.name} ({k.kind.label})", title_justify="left")
    table.add_column(style="bold")
    table.add_column()
    table.add_row("Schlüssel", k.key)
    if k.ags:
        table.add_row("AGS", k.ags)
    if k.ars:
        table.add_row("ARS", k.ars)
    table.add_row(
        "Kreis",
        f"{k.kreis}"
        + (
            f" ({cat.kommune(k.kreis).name})"
            if k.kreis != k.key and k.kreis in cat.kommunen
            else ""
        ),
    )
    table.add_row("Land", f"{land.name} ({k.land})" if land else k.land)
    table.add_row("Plugin", cat.plugin_of(ObjectKind.KOMMUNE, k.key) or "-")
    if not bindungen:
        table.add_row("Bindungen", "keine bekannt")
    for p, b in bindungen:
        since = f" seit {b.since.isoformat()}" if b.since else ""
        sure = "" if b.confidence.firm else f" [{b.confidence.label}]"
        table.add_row("Bindung", f"{b.art.label} bei {p.name} ({p.id}){since}{sure}")
    env.out.print(table)


@main.command()
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@pass_env
def providers(env: Env, fmt: str) -> None:
    """List the IT providers the plugins know, with seat and Satzung terms."""
    from rich.table import Table

    from ..hookspecs import ObjectKind
    from ..serialization import unstructure

    cat = env.catalog
    provs = sorted(cat.providers.values(), key=lambda p: p.id)
    if fmt == "json":
        origin = {p.id: cat.plugin_of(ObjectKind.PROVIDER, p.id) for p in provs}
        _json([unstructure(p) | {"plugin": origin[p.id]} for p in provs])
        return
    table = Table(title="Anbieter", title_justify="left")
    for col in ("Id", "Name", "Rechtsform", "Sitz", "Mitglieder", "Austrittsquorum"):
        table.add_column(col)
    for p in provs:
        land = cat.laender.get(p.seat_land)
        quorum = "-"
        if p.satzung and p.satzung.exit_quorum:
            claims = {str(c.value) for c in p.satzung.exit_quorum}
            quorum = " oder ".join(sorted(claims))
            if p.satzung.exit_quorum_certain is None:
                quorum += " (unsicher)"
        table.add_row(
            p.id,
            p.name,
            p.rechtsform.label,
            f"{p.seat} ({land.name if land else p.seat_land})",
            str(len(p.members)),
            quorum,
        )
    env.out.print(table)
