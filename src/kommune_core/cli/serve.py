"""``kommune serve``: the validation and compatibility service (see ``docs/service.md``)."""

from __future__ import annotations

import os
import sys
import tempfile
from typing import TYPE_CHECKING, Any

import attrs
import click

from .app import EXIT_USAGE, Env, main, pass_env
from .options import checks_option, run_fields, scenarios_option, schema_inputs, setting

if TYPE_CHECKING:
    from ..service.app import ServiceOptions


@main.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to bind.")
@setting("--port", 8080, click.IntRange(0, 65535), "TCP port.")
@setting(
    "--workers",
    1,
    click.IntRange(min=1),
    "Worker processes (uvicorn); each loads the plugins and schemas once.",
)
@schema_inputs
@scenarios_option
@checks_option
@click.option(
    "--xrepository",
    envvar="KOMMUNE_XREPOSITORY_URL",
    metavar="URL",
    help="XRepository base URL: code lists missing locally are fetched once at "
    "first use and cached, never per request. Default: offline.",
)
@click.option(
    "--xsd-detail",
    type=click.Choice(["always", "never"]),
    default="never",
    show_default=True,
    help="always: re-check messages that fail XSD with xmlschema, whose messages say what was "
    "expected. Off by default: without a bound on that pass, one 40 KB message with 2,000 "
    "stray attributes keeps a thread busy for 30-85 s.",
)
@setting(
    "--max-findings",
    100,
    click.IntRange(min=1),
    "Findings reported per message; the rest are counted in one finding.",
)
@setting(
    "--max-body",
    20 * 1024 * 1024,
    click.IntRange(min=1),
    "Largest request body in bytes (413 above).",
)
@setting(
    "--time-budget",
    10.0,
    click.FloatRange(min=0.001),
    "Seconds per validation request before 503 + Retry-After.",
)
@setting(
    "--read-timeout",
    30.0,
    click.FloatRange(min=0.1),
    "Seconds to receive a request body (slow uploads get 408).",
)
@setting(
    "--concurrency", 2, click.IntRange(min=1), "Validations running at once per worker (threads)."
)
@setting(
    "--queue",
    16,
    click.IntRange(min=0),
    "Requests waiting per worker; beyond that 503 at once (back-pressure).",
)
@click.option(
    "--token-file",
    type=click.Path(exists=True, dir_okay=False),
    help="Bearer tokens, one per line: requests without one get 401.",
)
@setting(
    "--graceful-timeout",
    30,
    click.IntRange(min=1),
    "Seconds to finish requests in flight on SIGTERM/SIGINT.",
)
@pass_env
def serve(
    env: Env,
    host: str,
    port: int,
    workers: int,
    max_findings: int,
    graceful_timeout: int,
    **given: Any,
) -> None:
    """Serve validation (a drop-in for the KoSIT validator daemon: POST a message to any
    path; 200 acceptable, 406 not) and compatibility answers (/check, /compare, /matrix).

    \b
    kommune serve --port 8080 --workers 2
    curl -s -o /dev/null -w '%{http_code}\\n' --data-binary @msg.xml \\
         -H 'Content-Type: application/xml' http://127.0.0.1:8080/msg.xml
    """
    from ..service.app import ENV_CONFIG, configure_logging
    from ..service.engine_adapter import ServiceEngine

    options = _service_options(env, max_findings, given)
    # check the configuration once here, so that a broken one is a clear error at start
    # (exit 2) instead of N workers failing
    try:
        engine = ServiceEngine(options.engine)
        problems = engine.prepare()
    except Exception as exc:  # any configuration failure ends the start
        click.echo(f"Fehler: unusable configuration: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    if problems:
        for p in problems:
            click.echo(f"Fehler: unusable configuration: {p}", err=True)
        sys.exit(EXIT_USAGE)
    if not engine.scenario_ids:
        click.echo("Fehler: no validation scenarios: load a plugin or pass --schema", err=True)
        sys.exit(EXIT_USAGE)
    if options.token_file:
        from ..service.app import _read_tokens

        try:
            _read_tokens(options.token_file)
        except (OSError, ValueError) as exc:
            click.echo(f"Fehler: --token-file: {exc}", err=True)
            sys.exit(EXIT_USAGE)
    scenario_ids = engine.scenario_ids
    del engine

    import uvicorn

    os.environ[ENV_CONFIG] = options.to_json()
    if workers > 1 and not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        # one metrics view over all workers (prometheus_client's multiprocess mode)
        import atexit
        import shutil

        folder = tempfile.mkdtemp(prefix="kommune-metrics-")
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = folder
        atexit.register(shutil.rmtree, folder, True)
    configure_logging()
    click.echo(
        f"kommune serve: http://{host}:{port}/ ({workers} worker(s), scenarios: "
        f"{', '.join(scenario_ids)})",
        err=True,
    )
    uvicorn.run(
        "kommune_core.service.app:create_app_from_env",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        access_log=False,
        log_level="warning",
        timeout_graceful_shutdown=graceful_timeout,
        server_header=False,
    )


#: parameters that name files: made absolute (the workers read them)
_FILES = ("schema_path", "catalogs", "codelist_dirs", "kosit_scenarios", "token_file")


def _absolute(value: Any) -> Any:
    """A path, or paths, made absolute; no path stays None."""
    if isinstance(value, tuple):
        return tuple(os.path.abspath(v) for v in value)
    return os.path.abspath(value) if value else None


def _service_options(env: Env, max_findings: int, given: dict[str, Any]) -> ServiceOptions:
    """The command's parameters as :class:`ServiceOptions`: those named like one of its
    fields (body limit, time budget, threads, queue, token file) go there, the others are
    ``kommune validate``'s options and become :class:`RunOptions` as there."""
    from ..service.app import ServiceOptions
    from ..service.engine_adapter import EngineOptions
    from ..validation import RunError
    from ..xml import DEFAULT_LIMITS

    given = {k: _absolute(v) if k in _FILES else v for k, v in given.items()}
    service = {k: given.pop(k) for k in attrs.fields_dict(ServiceOptions).keys() & given.keys()}
    plugins = tuple(env.only) if env.only is not None else None
    try:
        engine = EngineOptions.of(
            plugins=plugins,
            strict=env.strict,
            offline=not given["xrepository"],
            limits=attrs.evolve(DEFAULT_LIMITS, max_bytes=service["max_body"]),
            max_findings=max_findings,
            **run_fields(given),
        )
    except RunError as exc:
        raise click.UsageError(str(exc)) from None
    return ServiceOptions(engine=engine, plugins=plugins, **service)
