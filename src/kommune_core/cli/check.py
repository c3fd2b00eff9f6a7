"""Compatibility commands: ``check``, ``compare``, ``matrix``.

Exit codes: 0 every asked area is served (with or without conditions); 1 some area cannot be
served or is open; 2 usage or input errors (unknown key, broken setup file).
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from ..domain.services import ServiceArea
from ..matrix import MATRIX_LEVELS
from ..reports.compatibility import FORMATS
from .app import EXIT_USAGE, Env, InputError, UsageError, main, pass_env

# What the commands run (the catalog, the engine, the renderers) is imported when one runs:
# ``kommune --help`` imports every command module for its short help.
if TYPE_CHECKING:
    from ..domain import Setup
    from ..engine import CheckResult

AREAS = [a.value for a in ServiceArea]
F = TypeVar("F", bound=Callable[..., Any])


def _on(value: str | None) -> dt.date:
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"--on: expected a date YYYY-MM-DD, got {value!r}") from None


def _emit(env: Env, data: str | bytes, output: Path | None) -> None:
    """Write the report to ``output`` atomically (or to stdout); a place that cannot take it
    is an input error (exit 2) that says why, and whatever stood there is left as it was."""
    if output is None:
        if isinstance(data, bytes):
            raise UsageError("this format writes binary output: give -o FILE")
        sys.stdout.write(data)
        return
    from ..files import atomic_write, why_not_written

    try:
        atomic_write(output, data)
    except OSError as exc:
        raise InputError(
            f"-o {output}: cannot write there: {why_not_written(output, exc)}"
        ) from None
    env.err.print(f"Bericht geschrieben: {output}", highlight=False)


def _report(env: Env, fmt: str, render: Callable[[str], str], output: Path | None) -> None:
    """Write a rendered report; ``pdf`` is the HTML report laid out by WeasyPrint (needs -o)."""
    if fmt != "pdf":
        _emit(env, render(fmt), output)
        return
    if output is None:
        raise UsageError("--format pdf writes binary output: give -o FILE")
    from ..reports.compatibility import render_pdf
    from ..reports.compatibility.pdf import PdfUnavailable

    try:
        data = render_pdf(render("html"))
    except PdfUnavailable as exc:
        raise click.ClickException(str(exc)) from None
    _emit(env, data, output)


def _warn(env: Env, warnings: tuple[str, ...]) -> None:
    for w in warnings:
        env.err.print(f"Warnung: {w}", highlight=False)


def _exit(results: list[CheckResult]) -> None:
    code = max((r.exit_code for r in results), default=0)
    if code:
        raise SystemExit(code)


def _areas(values: tuple[str, ...], setup: Setup | None) -> tuple[ServiceArea, ...]:
    if values:
        return tuple(ServiceArea(v) for v in values)
    return setup.areas if setup is not None else ()


_format = click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="Report format (German text).",
)
_output = click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the report to this file instead of stdout.",
)


def _area_option(default: str) -> Callable[[F], F]:
    return click.option(
        "--area",
        "areas",
        multiple=True,
        type=click.Choice(AREAS),
        help=f"Only this service area (repeatable; default: {default}).",
    )


_date = click.option(
    "--on", "on", metavar="YYYY-MM-DD", help="Date the law is applied on (default: today)."
)


@main.command()
@click.argument("setup_file", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--kommune",
    "kommune_key",
    metavar="KEY",
    help="AGS (8 digits), Kreisschlüssel (5) or ARS (12), instead of a setup file.",
)
@click.option(
    "--provider", "provider_id", metavar="ID", help="Provider id (see: kommune providers)."
)
@_area_option("the setup's or all")
@_date
@click.option(
    "--format",
    "fmt",
    default="text",
    show_default=True,
    metavar="|".join(FORMATS),
    help="Report format (German); plugins may add more (hook kommune_report_formats).",
)
@_output
@pass_env
def check(
    env: Env,
    setup_file: Path | None,
    kommune_key: str | None,
    provider_id: str | None,
    areas: tuple[str, ...],
    on: str | None,
    fmt: str,
    output: Path | None,
) -> None:
    """Can a provider serve a Kommune? A verdict per service area, with reasons and law.

    \b
    kommune check SETUP.toml --provider ID --format html -o out/report.html
    kommune check --kommune KEY --provider ID --on 2020-01-01
    """
    from ..engine import Engine
    from ..loading.setupfile import load_setup
    from ..reports.compatibility import context_from_catalog, render_check
    from ..reports.compatibility.text import check_renderable

    date = _on(on)
    cat = env.catalog
    setup = None
    if setup_file is not None:
        if kommune_key is not None:
            raise UsageError("give either SETUP_FILE or --kommune, not both")
        setup = load_setup(setup_file, cat)
        kommune_key = setup.kommune
        provider_id = provider_id or setup.provider
    if kommune_key is None:
        raise UsageError("give a SETUP_FILE or --kommune KEY")
    if provider_id is None:
        raise UsageError(
            f"no provider: give --provider ID (known: {', '.join(sorted(cat.providers)) or 'none'})"
        )
    kommune = cat.kommune(kommune_key)
    provider = cat.provider(provider_id)
    extra = None
    if fmt not in FORMATS:
        extra = cat.report_formats.get(f"compatibility:{fmt}")
        if extra is None:
            known = [
                *FORMATS,
                *(f.id for f in cat.report_formats.values() if f.kind == "compatibility"),
            ]
            raise UsageError(f"--format: unknown format {fmt!r}; available: {', '.join(known)}")
    result = Engine(cat).check(kommune, provider, on=date, areas=_areas(areas, setup), setup=setup)
    _warn(env, result.warnings)
    if extra is not None:
        _emit(env, extra.render(result), output)
    elif fmt == "text" and output is None:
        env.out.print(check_renderable(result, ctx=context_from_catalog(cat)))
    else:
        ctx = context_from_catalog(cat)
        _report(env, fmt, lambda f: render_check(result, f, ctx), output)
    _exit([result])


@main.command()
@click.argument("kommune_key", metavar="KEY")
@click.option(
    "--providers",
    "providers",
    required=True,
    metavar="ID,ID",
    help="Two or more provider ids, comma-separated.",
)
@_area_option("all")
@_date
@_format
@_output
@pass_env
def compare(
    env: Env,
    kommune_key: str,
    providers: str,
    areas: tuple[str, ...],
    on: str | None,
    fmt: str,
    output: Path | None,
) -> None:
    """The service areas of one Kommune side by side for two or more providers."""
    from ..engine import Engine
    from ..reports.compatibility import context_from_catalog, render_compare
    from ..reports.compatibility.text import compare_renderable

    date = _on(on)
    ids = [p.strip() for p in providers.split(",") if p.strip()]
    if len(ids) < 2:
        raise UsageError("--providers: give at least two provider ids, comma-separated")
    cat = env.catalog
    kommune = cat.kommune(kommune_key)
    engine = Engine(cat)
    results = [
        engine.check(kommune, cat.provider(pid), on=date, areas=_areas(areas, None)) for pid in ids
    ]
    _warn(env, tuple(dict.fromkeys(w for r in results for w in r.warnings)))
    if fmt == "text" and output is None:
        env.out.print(compare_renderable(results, context_from_catalog(cat)))
    else:
        ctx = context_from_catalog(cat)
        _report(env, fmt, lambda f: render_compare(results, f, ctx), output)
    _exit(results)


@main.command()
@click.option("--land", required=True, metavar="KEY", help="Land key, e.g. 14 or 16.")
@click.option("--provider", "provider_id", required=True, metavar="ID", help="Provider id.")
@click.option(
    "--level",
    type=click.Choice(list(MATRIX_LEVELS)),
    default="kreis",
    show_default=True,
    help="kreis: Landkreise and kreisfreie Städte; gemeinde: every Gemeinde.",
)
@_date
@_format
@_output
@pass_env
def matrix(
    env: Env, land: str, provider_id: str, level: str, on: str | None, fmt: str, output: Path | None
) -> None:
    """Every Kreis and kreisfreie Stadt (or every Gemeinde) of a Land against all areas."""
    from ..engine import Engine
    from ..reports.compatibility import context_from_catalog, render_matrix
    from ..reports.compatibility.german import de_date
    from ..reports.compatibility.text import matrix_renderable

    date = _on(on)
    cat = env.catalog
    if land not in cat.laender:
        known = ", ".join(sorted(cat.laender)) or "none"
        raise UsageError(f"unknown Land {land!r}; known: {known}")
    provider = cat.provider(provider_id)
    kommunen = cat.matrix_rows(land, level)
    engine = Engine(cat)
    results = [engine.check(k, provider, on=date) for k in kommunen]
    _warn(env, engine.warnings(provider, date))
    title = (
        f"Matrix {cat.laender[land].name} ({'Kreisebene' if level == 'kreis' else 'Gemeinden'}"
        f") – {provider.short_name or provider.name} – Stichtag "
        f"{de_date(date)}"
    )
    if fmt == "text" and output is None and env.out.is_terminal:
        env.out.print(matrix_renderable(results, title, context_from_catalog(cat)))
    elif fmt == "text" and output is None:  # piped: wide plain text, one line per Kommune
        sys.stdout.write(render_matrix(results, fmt, title))
    else:
        ctx = context_from_catalog(cat)
        _report(env, fmt, lambda f: render_matrix(results, f, title, ctx), output)
    _exit(results)


__all__ = ["EXIT_USAGE", "check", "compare", "matrix"]
