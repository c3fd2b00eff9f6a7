"""The ``kommune`` root group: plugin selection, strict mode, error handling."""

from __future__ import annotations

import functools
import importlib
import os
import sys
from typing import TYPE_CHECKING, Any

import click

from .. import __version__
from .._lazy import if_imported

if TYPE_CHECKING:
    from rich.console import Console

    from ..catalog import Catalog

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
#: Width of rich output into a pipe or file: tables take the width their cells need.
PIPED_WIDTH = 4000


class Env:
    """What every command shares: the plugin selection and the lazily loaded catalog."""

    def __init__(self, plugins: str | None, strict: bool) -> None:
        self.only = [p.strip() for p in plugins.split(",") if p.strip()] if plugins else None
        self.strict = strict
        self._catalog: Catalog | None = None

    # The consoles are made on first use: importing rich costs ~30 ms of start-up, which
    # ``kommune validate`` (plain text through click) only pays when it prints through rich.
    @functools.cached_property
    def out(self) -> Console:
        """stdout; piped (no terminal, no COLUMNS) it is as wide as the widest table needs,
        so nothing is cut at 80 columns."""
        from rich.console import Console

        console = Console(soft_wrap=True)
        if not console.is_terminal and "COLUMNS" not in os.environ:
            console = Console(soft_wrap=True, width=PIPED_WIDTH)
        return console

    @functools.cached_property
    def err(self) -> Console:
        from rich.console import Console

        return Console(stderr=True, soft_wrap=True)

    @property
    def catalog(self) -> Catalog:
        if self._catalog is None:
            from ..catalog import load_catalog
            from ..plugins import PluginError

            try:
                self._catalog = load_catalog(self.only, strict=self.strict).load_all()
            except PluginError as exc:
                raise click.ClickException(f"Plugin-Fehler (--strict): {exc}") from None
            for error in self._catalog.errors:
                self.err.print(f"[yellow]Warnung:[/] {error}", highlight=False)
            for conflict in self._catalog.conflicts:
                self.err.print(f"[yellow]Konflikt:[/] {conflict}", highlight=False)
        return self._catalog


pass_env = click.make_pass_decorator(Env)


#: command name → the module (in this package) that defines it. Modules are imported when
#: their command is asked for, so ``kommune validate`` does not pay for the engine or the
#: HTTP client, and the reverse.
LAZY_COMMANDS = {
    "plugins": "browse",
    "kommunen": "browse",
    "show": "browse",
    "providers": "browse",
    "data": "data",
    "check": "check",
    "compare": "check",
    "matrix": "check",
    "validate": "validate",
    "schemas": "validate",
    "codelists": "codelists",
    "plugin": "devkit",
    "serve": "serve",
}


class KommuneGroup(click.Group):
    """Loads command modules lazily; turns expected errors into messages with exit code 2."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(LAZY_COMMANDS))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in LAZY_COMMANDS:
            importlib.import_module(f"{__package__}.{LAZY_COMMANDS[cmd_name]}")
        return super().get_command(ctx, cmd_name)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except if_imported("kommune_core.catalog", "UnknownKeyError") as exc:
            click.echo(f"Fehler: {exc}", err=True)
            ctx.exit(EXIT_USAGE)
        except if_imported("kommune_core.loading.documents", "DataFileError") as exc:
            click.echo(f"Fehler: {exc}", err=True)
            ctx.exit(EXIT_USAGE)
        except if_imported("kommune_core.plugins.host", "PluginError") as exc:
            click.echo(f"Plugin-Fehler (--strict): {exc}", err=True)
            ctx.exit(EXIT_USAGE)


class UsageError(click.UsageError):
    exit_code = EXIT_USAGE


class InputError(click.ClickException):
    """Bad input that is no misuse of the command line (an unwritable -o, …): exit 2, without
    the usage text."""

    exit_code = EXIT_USAGE


@click.group(cls=KommuneGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kommune")
@click.option(
    "--plugins",
    envvar="KOMMUNE_PLUGINS",
    metavar="NAMES",
    help="Only load these Land plugins (comma-separated); also KOMMUNE_PLUGINS. The built-in "
    "federal plugin (bund) is always loaded.",
)
@click.option("--strict", is_flag=True, help="A plugin that fails to load or raises is fatal.")
@click.pass_context
def main(ctx: click.Context, plugins: str | None, strict: bool) -> None:
    """Kommune Interop: can a joint IT provider serve a Kommune — and is the XML valid?"""
    ctx.obj = Env(plugins, strict)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
