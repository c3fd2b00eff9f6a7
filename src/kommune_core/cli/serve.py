"""``kommune serve``: the validation and compatibility service (see ``docs/service.md``)."""

from __future__ import annotations

import os
import sys
import tempfile

import click

from .app import EXIT_USAGE, Env, main, pass_env
from .options import checks_option, scenarios_option, schema_inputs, setting


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
    schema_path: str | None,
    catalogs: tuple[str, ...],
    codelist_dirs: tuple[str, ...],
    kosit_scenarios: str | None,
    checks: str,
    xrepository: str | None,
    xsd_detail: str,
    max_findings: int,
    max_body: int,
    time_budget: float,
    read_timeout: float,
    concurrency: int,
    queue: int,
    token_file: str | None,
    graceful_timeout: int,
) -> None:
    """Serve validation (a drop-in for the KoSIT validator daemon: POST a message to any
    path; 200 acceptable, 406 not) and compatibility answers (/check, /compare, /matrix).

    \b
    kommune serve --port 8080 --workers 2
    curl -s -o /dev/null -w '%{http_code}\\n' --data-binary @msg.xml \\
         -H 'Content-Type: application/xml' http://127.0.0.1:8080/msg.xml
    """
    from ..service.app import ENV_CONFIG, ServiceOptions, configure_logging
    from ..service.engine_adapter import EngineOptions, ServiceEngine

    if kosit_scenarios and schema_path:
        raise click.UsageError("--scenarios and --schema exclude each other")
    engine_options = EngineOptions(
        plugins=tuple(env.only) if env.only is not None else None,
        strict=env.strict,
        schema=os.path.abspath(schema_path) if schema_path else None,
        catalogs=tuple(os.path.abspath(c) for c in catalogs),
        codelist_dirs=tuple(os.path.abspath(d) for d in codelist_dirs),
        scenarios_file=os.path.abspath(kosit_scenarios) if kosit_scenarios else None,
        checks=checks,
        offline=not xrepository,
        xrepository=xrepository,
        xsd_detail=xsd_detail == "always",
        max_bytes=max_body,
        max_findings=max_findings,
    )
    options = ServiceOptions(
        engine=engine_options,
        max_body=max_body,
        time_budget=time_budget,
        read_timeout=read_timeout,
        concurrency=concurrency,
        queue=queue,
        token_file=os.path.abspath(token_file) if token_file else None,
        plugins=engine_options.plugins,
    )
    # check the configuration once here, so that a broken one is a clear error at start
    # (exit 2) instead of N workers failing
    try:
        engine = ServiceEngine(engine_options)
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
    if token_file:
        from ..service.app import _read_tokens

        try:
            _read_tokens(token_file)
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
