"""``kommune validate`` (XML messages against scenarios, or any XÖV standard with --schema)
and ``kommune schemas`` (schemas and scenarios by plugin)."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from typing import IO, Any

import click

from .app import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, Env, main, pass_env
from .options import checks_option, run_fields, scenarios_option, schema_inputs, xrepository_client


class _Usage(click.UsageError):
    exit_code = EXIT_USAGE


@main.command("validate")
@click.argument(
    "paths", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=True, readable=True)
)
@click.option(
    "--scenario",
    "scenario_id",
    metavar="ID",
    help="Validate every file with this scenario instead of matching one.",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=0),
    default=1,
    show_default=True,
    help="Worker processes (0: one per CPU).",
)
@click.option(
    "--format",
    "fmt",
    default="text",
    show_default=True,
    metavar="FORMAT",
    help="text, json, junit, sarif, html, kosit (the KoSIT validator's report) or a "
    "plugin's validation format.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    help="Write the report to FILE (folders are created; written atomically).",
)
@click.option("--fail-fast", is_flag=True, help="Stop at the first invalid file.")
@click.option("--offline", is_flag=True, help="Never ask XRepository for code lists.")
@checks_option
@schema_inputs
@click.option(
    "--xrepository",
    envvar="KOMMUNE_XREPOSITORY_URL",
    metavar="URL",
    help="XRepository base URL for code lists not found locally; also KOMMUNE_XREPOSITORY_URL.",
)
@xrepository_client
@click.option(
    "--file-timeout",
    type=click.FloatRange(min=0, min_open=True),
    metavar="SECONDS",
    help="Stop a worker that has no result after SECONDS per file (a hang) and "
    "report its file as not processed; runs in worker processes.",
)
@click.option(
    "--xsd-detail",
    type=click.Choice(["auto", "always", "never"]),
    default="auto",
    show_default=True,
    help="Re-check messages that fail XSD with xmlschema, whose messages say what was "
    "expected (~1-3 ms per failing message), within a fixed work budget (beyond "
    "it libxml2's message stays, with a note). auto and always: on, whatever "
    "the batch size; never: libxml2's messages only.",
)
@scenarios_option
@click.option(
    "--repository",
    "kosit_repository",
    type=click.Path(exists=True, file_okay=False),
    help="The KoSIT configuration's repository folder (resource locations are "
    "relative to it; default: the configuration's folder, then its "
    "repository/ subfolder).",
)
@click.option(
    "--schematron",
    "schematron_paths",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False),
    help="Also check this Schematron (.sch, any queryBinding, or a compiled .xsl) "
    "in --schema mode (repeatable).",
)
@click.option(
    "--dask-scheduler",
    metavar="ADDRESS",
    help="Validate on the Dask cluster at ADDRESS (tcp://host:8786); the files are "
    "read where the workers are. Needs the 'dask' extra.",
)
@click.option(
    "--progress/--no-progress", default=None, help="Progress bar (default: on a terminal only)."
)
@click.option("-v", "--verbose", is_flag=True, help="Also list valid files (text format).")
@pass_env
def validate(
    env: Env, fmt: str, output: str | None, progress: bool | None, verbose: bool, **given: Any
) -> None:
    """Validate XML messages: files and folders (recursively, *.xml).

    Each message goes through hardened parsing, scenario matching, XSD, Schematron, code
    lists, the Nachrichtentyp check and plugin checks. Exit code 0: all valid; 1: some
    invalid or not processable; 2: usage error or a configuration that cannot be used.
    """
    from ..reports.validation import FORMATS, make_writer, summary_line
    from ..validation import RunError, RunOptions, run
    from ..validation.orchestration import kosit_validator, load_catalog_for_run, needs_plugins

    try:
        options = RunOptions(
            plugins=tuple(env.only) if env.only is not None else None,
            strict=env.strict,
            **run_fields(given),
        )
    except RunError as exc:
        raise _Usage(str(exc)) from None
    # --schema with --checks xsd and a built-in format reads no plugin: none is loaded
    catalog = None
    if needs_plugins(options) or fmt not in FORMATS:
        catalog = load_catalog_for_run(options)
        for error in catalog.errors:
            env.err.print(f"[yellow]Warnung:[/] {error}", highlight=False)
        for conflict in catalog.conflicts:
            env.err.print(f"[yellow]Konflikt:[/] {conflict}", highlight=False)
    bar = _Bar(env) if _want_progress(env, progress) else None
    try:
        with _usage_errors(output):  # a KoSIT configuration that cannot be used: exit 2
            validator = kosit_validator(options) if options.kosit_scenarios else None
        with _usage_errors(output), _report_stream(output, bar) as out:
            writer = make_writer(
                fmt, out, catalog=catalog, verbose=verbose, config=getattr(validator, "kosit", None)
            )
            summary = run(options, writer, catalog=catalog, progress=bar, validator=validator)
    finally:
        if bar is not None:
            bar.stop()
    if fmt != "text" or output:
        click.echo(summary_line(summary) + (f" → {output}" if output else ""), err=True)
    sys.exit(EXIT_OK if summary.invalid == 0 else EXIT_FINDINGS)


@contextlib.contextmanager
def _usage_errors(output: str | None) -> Iterator[None]:
    """What cannot start, or cannot be written, as a usage error (exit 2) — no traceback."""
    from ..reports.validation import UnknownFormatError
    from ..validation import RunError

    try:
        yield
    except (RunError, UnknownFormatError) as exc:
        raise _Usage(str(exc)) from None
    except BrokenPipeError:
        if output:
            raise _Usage(f"cannot write the report to {output}: broken pipe") from None
        # the reader of standard output went away (`| head`): stop quietly, as other tools do
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(EXIT_FINDINGS)
    except OSError as exc:  # the report file or its folder cannot be written
        from ..files import why_not_written

        why = why_not_written(output, exc) if output else exc.strerror or str(exc)
        raise _Usage(f"cannot write the report{f' to {output}' if output else ''}: {why}") from None


def _want_progress(env: Env, progress: bool | None) -> bool:
    if progress is not None:
        return progress
    # rich decides from these (and isatty); without them and without a terminal the answer
    # is no, and rich need not be imported to say so
    maybe = sys.stderr.isatty() or any(v in os.environ for v in ("FORCE_COLOR", "TTY_COMPATIBLE"))
    return env.err.is_terminal if maybe else False


@contextlib.contextmanager
def _report_stream(output: str | None, bar: _Bar | None) -> Iterator[IO[str]]:
    """The report's stream: ``output`` written atomically (never a half report), or stdout —
    through the progress bar's console on a terminal, so lines and bar do not mix."""
    if output:
        from ..files import atomic_output

        with atomic_output(output) as fh:
            yield fh
        return
    if bar is not None and sys.stdout.isatty():
        yield _ConsoleOut(bar)  # type: ignore[misc]
    else:
        yield sys.stdout
    sys.stdout.flush()


class _ConsoleOut:
    """A text stream that prints through the progress bar's console."""

    def __init__(self, bar: _Bar) -> None:
        self.bar = bar

    def write(self, text: str) -> None:
        self.bar.console.out(text, end="", highlight=False)


class _Bar:
    """A rich progress bar for :func:`~kommune_core.validation.run`; started only with the
    first result, after worker processes were forked (not with the bar's thread running)."""

    def __init__(self, env: Env) -> None:
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeRemainingColumn,
        )

        self.bar = Progress(
            TextColumn("validating"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=env.err,
            transient=True,
        )
        self.console = self.bar.console
        self.task: Any = None
        self.running = False

    def start(self, total: int) -> None:
        self.task = self.bar.add_task("validate", total=total)

    def advance(self) -> None:
        if not self.running:
            self.bar.start()
            self.running = True
        self.bar.advance(self.task)

    def stop(self) -> None:
        if self.running:
            self.bar.stop()
            self.running = False


@main.command("schemas")
@pass_env
def schemas(env: Env) -> None:
    """List the core schemas, and each plugin's schemas, scenarios, code lists and checks."""
    from rich.table import Table

    from ..validation.resources import core_schema_dir, resource_path

    cat = env.catalog
    core = Table(title="Core schemas", title_justify="left")
    core.add_column("file")
    core.add_column("namespace")
    from lxml import etree

    for path in sorted(core_schema_dir().glob("*.xsd")):
        ns = etree.parse(str(path)).getroot().get("targetNamespace", "")
        core.add_row(path.name, ns)
    env.out.print(core)

    plugins = sorted(
        {
            p
            for (kind, _k), p in cat.origin.items()
            if kind in ("Schema", "Scenario", "CodeList", "MessageCheck")
        }
    )
    if not plugins:
        env.out.print("No plugin contributes schemas or scenarios.")
    for plugin in plugins:
        t = Table(title=f"Plugin {plugin}: schemas", title_justify="left")
        for col in ("id", "namespace", "file"):
            t.add_column(col)
        for sid, spec in cat.schemas.items():
            if cat.plugin_of("Schema", sid) == plugin:
                t.add_row(sid, spec.namespace, resource_path(spec.path).name)
        env.out.print(t)
        s = Table(title=f"Plugin {plugin}: scenarios", title_justify="left")
        for col in ("id", "matches", "schema", "schematron", "code lists"):
            s.add_column(col)
        for sid, sc in cat.scenarios.items():
            if cat.plugin_of("Scenario", sid) != plugin:
                continue
            if sc.match:
                matches = f"XPath {sc.match}"
            else:
                matches = f"{{{sc.namespace}}}{sc.root}" if sc.namespace else str(sc.root)
                if sc.message_type:
                    matches += f" + nachrichtentyp {sc.message_type}"
            s.add_row(
                sid,
                matches,
                sc.schema,
                ", ".join(resource_path(p).name for p in sc.schematron) or "—",
                str(len(sc.codelists)),
            )
        env.out.print(s)
        lists = [k for k in cat.codelists if cat.plugin_of("CodeList", k) == plugin]
        checks = [c.id for p, c in cat.message_checks if p == plugin]
        env.out.print(
            f"  code lists: {len(lists)}; message checks: {', '.join(checks) or 'none'}\n",
            highlight=False,
        )
