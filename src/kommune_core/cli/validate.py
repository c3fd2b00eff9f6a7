"""``kommune validate`` (XML messages against scenarios, or any XÖV standard with --schema)
and ``kommune schemas`` (schemas and scenarios by plugin)."""

from __future__ import annotations

import itertools
import sys
import time
from collections.abc import Iterator
from typing import IO, Any

import attrs
import click

from .app import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, Env, main, pass_env

BUILTIN_FORMATS = ("text", "json", "junit", "sarif", "html")
#: files read ahead to know the batch is not empty (and for progress)
DETAIL_AUTO_LIMIT = 1_000


class _Usage(click.UsageError):
    exit_code = EXIT_USAGE


@attrs.frozen
class ValidationReport:
    """What a plugin's ``validation`` report format receives: the summary and every result."""

    summary: Any
    files: tuple[Any, ...]


class _PluginWriter:
    """Adapts a plugin :class:`~kommune_core.domain.ReportFormat` (whole-report renderer)."""

    def __init__(self, fmt: Any, out: IO[str]) -> None:
        self.fmt, self.out, self.results = fmt, out, []

    def add(self, result: Any) -> None:
        self.results.append(result)

    def finish(self, summary: Any) -> None:
        text = self.fmt.render(ValidationReport(summary, tuple(self.results)))
        self.out.write(text.decode("utf-8") if isinstance(text, bytes) else text)


class _ConsoleOut:
    """A text stream that prints through the progress bar's console, so lines and the bar
    do not overwrite each other on a terminal."""

    def __init__(self, console: Any) -> None:
        self.console = console

    def write(self, text: str) -> None:
        self.console.out(text, end="", highlight=False)


@main.command("validate")
@click.argument("paths", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=True, readable=True))
@click.option("--scenario", "scenario_id", metavar="ID",
              help="Validate every file with this scenario instead of matching one.")
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=1, show_default=True,
              help="Worker processes (0: one per CPU).")
@click.option("--format", "fmt", default="text", show_default=True, metavar="FORMAT",
              help="text, json, junit, sarif, html (or a plugin's validation format).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True),
              help="Write the report to FILE instead of standard output.")
@click.option("--fail-fast", is_flag=True, help="Stop at the first invalid file.")
@click.option("--offline", is_flag=True, help="Never ask XRepository for code lists.")
@click.option("--checks", type=click.Choice(["xsd", "all"]), default="all", show_default=True,
              help="xsd: schema only (as xmllint --schema); all: + Schematron, code lists, "
                   "Nachrichtentyp and plugin checks.")
@click.option("--schema", "schema_path", type=click.Path(exists=True, dir_okay=False),
              help="Validate against this XSD (any XÖV standard) instead of plugin scenarios.")
@click.option("--catalog", "catalogs", multiple=True,
              type=click.Path(exists=True, dir_okay=False),
              help="OASIS XML catalog mapping import locations to local files (repeatable).")
@click.option("--codelists", "codelist_dirs", multiple=True,
              type=click.Path(exists=True, file_okay=False),
              help="Folder of genericode code lists (repeatable).")
@click.option("--xrepository", envvar="KOMMUNE_XREPOSITORY_URL", metavar="URL",
              help="XRepository base URL for code lists not found locally; also "
                   "KOMMUNE_XREPOSITORY_URL.")
@click.option("--xsd-detail", type=click.Choice(["auto", "always", "never"]), default="auto",
              show_default=True,
              help="Re-check messages that fail XSD with xmlschema, whose messages say what was "
                   "expected (~1-3 ms per failing message), within a fixed work budget (beyond "
                   "it libxml2's message stays, with a note). auto and always: on, whatever "
                   "the batch size; never: libxml2's messages only.")
@click.option("--progress/--no-progress", default=None,
              help="Progress bar (default: on a terminal only).")
@click.option("-v", "--verbose", is_flag=True, help="Also list valid files (text format).")
@pass_env
def validate(env: Env, paths: tuple[str, ...], scenario_id: str | None, jobs: int, fmt: str,
             output: str | None, fail_fast: bool, offline: bool, checks: str,
             schema_path: str | None, catalogs: tuple[str, ...],
             codelist_dirs: tuple[str, ...], xrepository: str | None, xsd_detail: str,
             progress: bool | None, verbose: bool) -> None:
    """Validate XML messages: files and folders (recursively, *.xml).

    Each message goes through hardened parsing, scenario matching, XSD, Schematron, code
    lists, the Nachrichtentyp check and plugin checks. Exit code 0: all valid; 1: some
    invalid or not processable; 2: usage error.
    """
    import os

    from ..catalog import load_catalog
    from ..reports.validation import FORMATS, make_writer, summary_line
    from ..validation import (
        CHECKS,
        SchemaLoadError,
        Summary,
        ValidationConfig,
        Validator,
        iter_files,
        validate_files,
    )
    from ..validation.resources import CatalogError

    assert checks in CHECKS
    if scenario_id and schema_path:
        raise _Usage("--scenario and --schema exclude each other")
    files: Iterator[str] | list[str] = iter_files(paths)
    if progress is None:
        # rich decides from these (and isatty); without them and without a terminal the
        # answer is no, and rich need not be imported to say so
        maybe = sys.stderr.isatty() or any(v in os.environ for v in ("FORCE_COLOR",
                                                                     "TTY_COMPATIBLE"))
        progress = env.err.is_terminal if maybe else False
    show_progress = progress
    head: list[str] = []
    if show_progress:
        files = head = list(files)
    else:
        head = list(itertools.islice(files, DETAIL_AUTO_LIMIT + 1))
        files = itertools.chain(head, files)
    if not head:
        raise _Usage(f"no *.xml files in {', '.join(paths)}")
    # i11-xsd: the detail pass is bounded by work (validation/xsd/detail.py), so "auto" no
    # longer depends on the batch size — a file's errors are the same alone and in a batch
    detail = xsd_detail != "never"

    catalog = load_catalog(env.only, strict=env.strict)
    config = ValidationConfig(
        plugins=tuple(env.only) if env.only is not None else None, strict=env.strict,
        schema=schema_path, catalogs=catalogs, codelist_dirs=codelist_dirs,
        scenario=scenario_id, checks=checks, offline=offline, xrepository=xrepository,
        xsd_detail=detail)
    try:
        validator = Validator(config, catalog)
        if schema_path:
            validator.prepare()
    except (SchemaLoadError, CatalogError) as exc:
        raise _Usage(str(exc)) from None
    for collection in ("schemas", "codelists", "scenarios", "message_checks", "report_formats"):
        getattr(catalog, collection)  # so that load problems are known before we report them
    for error in catalog.errors:
        env.err.print(f"[yellow]Warnung:[/] {error}", highlight=False)
    for conflict in catalog.conflicts:
        env.err.print(f"[yellow]Konflikt:[/] {conflict}", highlight=False)
    if not validator.scenarios:
        raise _Usage("no validation scenarios: no loaded plugin contributes one; load a plugin "
                     "or pass --schema ENTRY.xsd")

    plugin_format = None
    if fmt not in FORMATS:
        plugin_format = catalog.report_formats.get(f"validation:{fmt}")
        if plugin_format is None:
            extra = sorted(k.split(":", 1)[1] for k in catalog.report_formats
                           if k.startswith("validation:"))
            raise _Usage(f"unknown format {fmt!r}; choose from "
                         f"{', '.join(list(BUILTIN_FORMATS) + extra)}")

    jobs = jobs or os.cpu_count() or 1

    stream: IO[str] = open(output, "w", encoding="utf-8") if output else sys.stdout  # noqa: SIM115
    bar = None
    try:
        if show_progress:
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeRemainingColumn,
            )

            bar = Progress(TextColumn("validating"), BarColumn(), MofNCompleteColumn(),
                           TimeRemainingColumn(), console=env.err, transient=True)
            task = bar.add_task("validate", total=len(files))
        out: Any = stream
        if bar is not None and stream is sys.stdout and sys.stdout.isatty():
            out = _ConsoleOut(bar.console)
        writer: Any = (_PluginWriter(plugin_format, out) if plugin_format is not None
                       else make_writer(fmt, out, verbose=verbose))
        n = n_valid = n_warnings = n_unprocessed = 0
        add = writer.add
        start = time.perf_counter()
        # --fail-fast in one process: file by file, so nothing after the first invalid file
        # is read (batches of 64 would validate up to 63 more)
        batch = {"chunk": 1} if fail_fast and jobs == 1 else {}
        for result in validate_files(validator, files, jobs=jobs, **batch):
            add(result)
            n += 1
            if not result.errors:  # the common case: valid, nothing to count
                n_valid += 1
            else:
                valid = result.valid
                n_valid += valid
                n_warnings += result.warning_count
                n_unprocessed += not result.processed
                if fail_fast and not valid:
                    break
            if bar is not None:
                if n == 1:
                    # started only now: worker processes are forked before the bar's thread
                    bar.start()
                bar.advance(task)
        seconds = time.perf_counter() - start
        if bar is not None:
            bar.stop()
            bar = None
        summary = Summary(files=n, valid=n_valid, invalid=n - n_valid, seconds=seconds,
                          warnings=n_warnings, unprocessed=n_unprocessed)
        writer.finish(summary)
    finally:
        if bar is not None:
            bar.stop()
        if output:
            stream.close()
        else:
            stream.flush()
    if fmt != "text" or output:
        click.echo(summary_line(summary) + (f" → {output}" if output else ""), err=True)
    sys.exit(EXIT_OK if summary.invalid == 0 else EXIT_FINDINGS)


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

    plugins = sorted({p for (kind, _k), p in cat.origin.items()
                      if kind in ("Schema", "Scenario", "Codeliste", "MessageCheck")})
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
            s.add_row(sid, matches, sc.schema,
                      ", ".join(resource_path(p).name for p in sc.schematron) or "—",
                      str(len(sc.codelists)))
        env.out.print(s)
        lists = [k for k in cat.codelists if cat.plugin_of("Codeliste", k) == plugin]
        checks = [c.id for p, c in cat.message_checks if p == plugin]
        env.out.print(f"  code lists: {len(lists)}; message checks: "
                      f"{', '.join(checks) or 'none'}\n", highlight=False)
