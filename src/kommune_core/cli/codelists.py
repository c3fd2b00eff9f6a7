"""``kommune codelists``: fetch code lists from an XRepository-style server into the cache."""

from __future__ import annotations

import os

import click

from ..codelists.cache import CodeListCache, default_cache_dir
from ..codelists.client import DEFAULT_SERVER, SERVER_VAR, FetchError, XRepositoryClient
from .app import EXIT_USAGE, Env, UsageError, main, pass_env
from .options import xrepository_client

EXIT_FETCH_FAILED = 1


@main.group()
def codelists() -> None:
    """Code lists (genericode) from XRepository: fetch into the cache, list the cache."""


def _cache(cache_dir: str | None) -> CodeListCache:
    return CodeListCache(cache_dir) if cache_dir else CodeListCache()


_cache_option = click.option(
    "--cache",
    "cache_dir",
    type=click.Path(file_okay=False),
    envvar="KOMMUNE_CACHE_DIR",
    help=f"Cache directory (default: $KOMMUNE_CACHE_DIR or {default_cache_dir()}).",
)


@codelists.command("fetch")
@click.argument("urn")
@click.option(
    "--version",
    "version",
    metavar="V",
    help="Version to fetch (default: the server's current version).",
)
@click.option(
    "--server",
    envvar=SERVER_VAR,
    default=DEFAULT_SERVER,
    show_default=True,
    metavar="URL",
    help="XRepository base URL; also KOMMUNE_XREPOSITORY_URL.",
)
@_cache_option
@click.option("--offline", is_flag=True, help="Use the cache only; never touch the network.")
@xrepository_client
@pass_env
def fetch_cmd(
    env: Env,
    urn: str,
    version: str | None,
    server: str,
    cache_dir: str | None,
    offline: bool,
    timeout: float,
    retries: int,
) -> None:
    """Fetch code list URN (optionally in --version) into the cache.

    A failed fetch falls back to a cached copy with a warning (exit 0); without one the
    command fails with exit code 1. Usage errors exit with 2.
    """
    if not server.lower().startswith(("http://", "https://")):
        raise UsageError(f"--server {server!r} is no http(s) URL")
    try:
        client = XRepositoryClient(
            server, _cache(cache_dir), timeout=timeout, retries=retries, offline=offline
        )
        result = client.fetch_codelist(urn, version)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    except FetchError as exc:
        env.err.print(f"[red]Fehler:[/] {exc}", highlight=False)
        if not offline:
            env.err.print(
                "Keine Kopie im Cache; mit --offline lässt sich prüfen, was dort "
                "liegt (kommune codelists cached).",
                highlight=False,
            )
        raise SystemExit(EXIT_FETCH_FAILED) from None
    except OSError as exc:  # the cache could not be written; the previous copy is intact
        env.err.print(f"[red]Fehler:[/] Cache nicht beschreibbar: {exc}", highlight=False)
        raise SystemExit(EXIT_FETCH_FAILED) from None
    if result.warning:
        env.err.print(f"[yellow]Warnung:[/] {result.warning}", highlight=False)
    how = "aus dem Cache" if result.from_cache else "neu geladen"
    env.out.print(
        f"Codeliste {result.urn}, Version {result.version} ({how}): {result.path}", highlight=False
    )


@codelists.command("cached")
@_cache_option
@pass_env
def cached_cmd(env: Env, cache_dir: str | None) -> None:
    """List the code lists and schemas in the cache."""
    from rich.table import Table

    cache = _cache(cache_dir)
    entries = list(cache.entries())
    if not entries:
        env.out.print(f"Der Cache {cache.root} ist leer.", highlight=False)
        return
    table = Table(title=f"Cache {cache.root}")
    for col in ("Art", "URN / URL", "Version", "Größe", "abgerufen", "ETag", "Datei"):
        table.add_column(col, overflow="fold")
    for e in entries:
        table.add_row(
            "Codeliste" if e.kind == "codelist" else "Schema",
            e.urn,
            e.version,
            f"{e.size:,}".replace(",", "."),
            str(e.meta.get("fetched", "?")),
            str(e.meta.get("etag") or "–"),
            os.path.relpath(e.path, cache.root),
        )
    env.out.print(table)


__all__ = ["EXIT_FETCH_FAILED", "EXIT_USAGE", "codelists"]
