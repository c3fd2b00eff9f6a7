"""The ASGI application of ``kommune serve``: a drop-in for the KoSIT validator daemon plus
batch validation, compatibility answers, health, metrics and an OpenAPI description.

Routes (see :mod:`.openapi` for the documented responses):

* ``POST /{name}`` (any path) — one message as the body; 200 acceptable, 406 not acceptable,
  422 the configuration could not process it, 400 no content or ``multipart/form-data``,
  405 any method but POST/GET, 413 body too large, 503 over the time budget or the queue full.
  The body is a KoSIT (VARL) XML report; ``Accept: application/json`` or
  ``application/sarif+json`` choose the project's JSON or SARIF.
* ``POST /validate`` with ``multipart/form-data`` or ``application/zip`` — one report for all
  messages (a plain XML body is a single message named ``validate``, as the daemon would).
* ``GET /check``, ``/compare``, ``/matrix`` — the ``kommune check/compare/matrix --format json``
  documents (``text/html`` or ``text/markdown`` by ``Accept``).
* ``GET /server/health`` (the daemon's XML), ``/health/live``, ``/health/ready``,
  ``/metrics``, ``/openapi.json``. Any other GET is 405, as on a daemon without GUI.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import hmac
import json
import logging
import os
import tempfile
import threading
import time
import uuid
import zipfile
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import attrs
from starlette.applications import Starlette
from starlette.datastructures import UploadFile
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from .. import __version__
from ..serialization import structure, unstructure
from .engine_adapter import EngineOptions, MessageOutcome, ServiceEngine, render
from .metrics import Metrics
from .openapi import spec

__all__ = ["ServiceOptions", "create_app", "create_app_from_env"]

ENV_CONFIG = "KOMMUNE_SERVE_CONFIG"
ACCESS_LOG = logging.getLogger("kommune.service.access")
LOG = logging.getLogger("kommune.service")

XML = "application/xml"
JSON = "application/json"
SARIF = "application/sarif+json"
MEDIA = {"kosit": XML, "json": JSON, "sarif": SARIF}


@attrs.frozen
class ServiceOptions:
    """The service's limits and switches (the engine's choices are in ``engine``)."""

    engine: EngineOptions = attrs.field(factory=EngineOptions)
    #: largest request body in bytes (413 above it)
    max_body: int = 20 * 1024 * 1024
    #: seconds a validation may take before the client gets 503 + Retry-After
    time_budget: float = 10.0
    #: seconds to receive the whole body (slow uploads get 408)
    read_timeout: float = 30.0
    #: validations running at once in this worker (threads)
    concurrency: int = 2
    #: requests that may wait for a thread; one more gets 503 at once (back-pressure)
    queue: int = 16
    #: files with one bearer token per line; empty: no authentication
    token_file: str | None = None
    #: messages in one batch (zip or multipart)
    max_batch: int = 10_000
    #: seconds a client is told to wait (Retry-After) on 503
    retry_after: int = 1
    #: how the compatibility catalog is selected (None: all plugins)
    plugins: tuple[str, ...] | None = None

    def to_json(self) -> str:
        return json.dumps(unstructure(self))

    @classmethod
    def from_json(cls, text: str) -> ServiceOptions:
        return structure(json.loads(text), cls)


class _TooLarge(Exception):
    pass


class _Busy(Exception):
    pass


class Gate:
    """At most ``concurrency`` validations run; at most ``queue`` more wait; the next is
    refused at once. A slot is released only when its thread has really finished (a request
    over its time budget gets its answer, but its thread still counts until it ends), so a
    flood of slow messages fills the gate and gets 503s instead of piling up threads."""

    def __init__(self, concurrency: int, queue: int) -> None:
        self.limit = concurrency + queue
        self.admitted = 0
        self.sem = asyncio.Semaphore(concurrency)
        self.running = 0

    def admit(self) -> None:
        if self.admitted >= self.limit:
            raise _Busy
        self.admitted += 1

    def leave(self) -> None:
        self.admitted -= 1


class Service:
    def __init__(
        self,
        options: ServiceOptions,
        engine: ServiceEngine | None = None,
        compat_catalog: Any = None,
    ) -> None:
        self.options = options
        self.engine = engine if engine is not None else ServiceEngine(options.engine)
        self.compat_catalog = compat_catalog
        self.tokens = _read_tokens(options.token_file) if options.token_file else None
        self.metrics = Metrics()
        self.executor = ThreadPoolExecutor(
            max_workers=options.concurrency,
            thread_name_prefix="kommune-validate",
            initializer=self._init_thread,
        )
        self.gate: Gate | None = None
        self.ready = False
        self.started = time.time()

    def _init_thread(self) -> None:
        self.engine.prepare()

    # -- life cycle --------------------------------------------------------------------------
    async def startup(self) -> None:
        self.gate = Gate(self.options.concurrency, self.options.queue)
        loop = asyncio.get_running_loop()
        # Start every thread now, each compiling the schemas (its initializer, one thread at a
        # time): the barrier holds each task until all exist, so the pool cannot reuse an idle
        # thread and create the next one lazily later — a schema compiled while another
        # thread validates has been seen to fail in libxml2 (422 for good messages).
        n = self.options.concurrency
        barrier = threading.Barrier(n)
        await asyncio.gather(
            *(loop.run_in_executor(self.executor, barrier.wait, 120) for _ in range(n))
        )
        if self.compat_catalog is None:
            from ..catalog import load_catalog

            self.compat_catalog = (
                self.engine.catalog
                if self.options.plugins == self.options.engine.validation.plugins
                else load_catalog(self.options.plugins).load_all()
            )
        self.ready = not self.engine.errors
        for problem in self.engine.errors:
            LOG.warning("configuration problem: %s", problem)

    async def shutdown(self) -> None:
        self.executor.shutdown(wait=False, cancel_futures=True)

    # -- helpers -----------------------------------------------------------------------------
    def authorized(self, request: Request) -> bool:
        if self.tokens is None:
            return True
        header = request.headers.get("authorization", "")
        scheme, _, given = header.partition(" ")
        if scheme.lower() != "bearer" or not given:
            return False
        ok = False
        for token in self.tokens:  # every token compared, in constant time each
            ok |= hmac.compare_digest(given.strip().encode(), token)
        return ok

    async def read_body(self, request: Request) -> tempfile.SpooledTemporaryFile[bytes]:
        """The body in a spooled temporary file (memory up to 1 MB, then disk), refused
        beyond ``max_body`` as soon as that is known; the whole upload must arrive within
        ``read_timeout`` (against slow-loris clients)."""
        limit = self.options.max_body
        declared = request.headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            raise _TooLarge
        spool = tempfile.SpooledTemporaryFile(max_size=1024 * 1024)  # noqa: SIM115
        size = 0
        try:
            async with asyncio.timeout(self.options.read_timeout):
                async for chunk in request.stream():
                    size += len(chunk)
                    if size > limit:
                        raise _TooLarge
                    spool.write(chunk)
        except BaseException:
            spool.close()
            raise
        spool.seek(0)
        return spool

    async def run(self, fn: Callable[..., Any], *args: Any, budget: float | None = None) -> Any:
        """``fn(*args)`` in a validation thread under the gate and the time budget (which
        counts from admission, so time waiting in the queue is part of it)."""
        assert self.gate is not None
        gate = self.gate
        gate.admit()  # raises _Busy when the queue is full
        handed = False
        try:
            async with asyncio.timeout(budget or self.options.time_budget):
                await gate.sem.acquire()
                try:
                    future = asyncio.get_running_loop().run_in_executor(self.executor, fn, *args)
                except BaseException:
                    gate.sem.release()
                    raise
                handed = True

                def done(_f: Any) -> None:  # the slot is free when the thread is
                    gate.sem.release()
                    gate.leave()

                future.add_done_callback(done)
                return await asyncio.shield(future)
        finally:
            if not handed:
                gate.leave()

    def overloaded(self, exc: Exception, took_longer: str) -> Response:
        """503 + Retry-After for a request :meth:`run` did not finish: the gate was full
        (``_Busy``), or the time budget ended (a ``TimeoutError``; ``took_longer`` says so)."""
        if isinstance(exc, TimeoutError):
            self.metrics.budget_exceeded.inc()
            return self.busy_response(took_longer)
        return self.busy_response("Too many requests in flight; try again")

    def busy_response(self, why: str) -> Response:
        return PlainTextResponse(
            why + "\n", status_code=503, headers={"Retry-After": str(self.options.retry_after)}
        )


def _read_tokens(path: str) -> list[bytes]:
    with open(path, encoding="utf-8") as fh:
        tokens = [
            line.strip().encode()
            for line in fh
            if line.strip() and not line.lstrip().startswith("#")
        ]
    if not tokens:
        raise ValueError(f"{path}: no token (one bearer token per line)")
    return tokens


def _negotiate(request: Request, media: dict[str, str], default: str) -> str | None:
    """The format for the ``Accept`` header: the offered media type with the highest q
    (earlier wins a tie); ``default`` for no header or a wildcard; None when nothing fits."""
    accept = request.headers.get("accept", "").lower()
    if not accept.strip():
        return default
    best: tuple[float, int, str] | None = None
    for pos, part in enumerate(accept.split(",")):
        mtype, *params = (p.strip() for p in part.split(";"))
        q = 1.0
        for p in params:
            if p.startswith("q="):
                try:
                    q = float(p[2:])
                except ValueError:
                    q = 0.0
        fmt = media.get(mtype) or (default if mtype in ("*/*", "application/*") else None)
        if fmt is None or q <= 0:
            continue
        if best is None or q > best[0]:
            best = (q, pos, fmt)
    return best[2] if best else None


REPORT_MEDIA = {SARIF: "sarif", JSON: "json", XML: "kosit", "text/xml": "kosit"}


def _format_for(request: Request, default: str) -> str | None:
    return _negotiate(request, REPORT_MEDIA, default)


def _name_of(path: str, service: Service) -> str:
    """The daemon's rule: the last segment of the path names the input; ``/`` gets a name."""
    segment = path.rstrip("/").rsplit("/", 1)[-1] if path.strip("/") else ""
    return segment or service.engine.next_name()


# -- handlers -----------------------------------------------------------------------------------
async def validate_one(request: Request) -> Response:
    service: Service = request.app.state.service
    if request.method != "POST":
        return PlainTextResponse(
            "Method not supported\n", status_code=405, headers={"Allow": "POST"}
        )
    ctype = request.headers.get("content-type", "")
    if request.url.path == "/validate" and _is_batch(ctype):
        return await validate_batch(request)
    fmt = _format_for(request, "kosit")
    if fmt is None:
        return PlainTextResponse(
            "Accept: application/xml, application/json or application/sarif+json\n", status_code=406
        )
    if ctype.lower().startswith("multipart/"):
        return PlainTextResponse(
            "No content supplied (multipart/form-data is not supported "
            "here; use POST /validate for batches)\n",
            status_code=400,
        )
    try:
        spool = await service.read_body(request)
    except _TooLarge:
        return PlainTextResponse(
            f"Body larger than {service.options.max_body} bytes\n", status_code=413
        )
    except TimeoutError:
        return PlainTextResponse("Body not received in time\n", status_code=408)
    with spool:
        data = spool.read()
    if not data:
        return PlainTextResponse("No content supplied\n", status_code=400)
    name = _name_of(request.url.path, service)
    try:
        outcome: MessageOutcome = await service.run(service.engine.validate_bytes, data, name)
    except (_Busy, TimeoutError) as exc:
        return service.overloaded(
            exc, f"Validation took longer than {service.options.time_budget} s"
        )
    service.metrics.observe_outcome(outcome)
    text = render(fmt, [outcome], outcome.seconds)
    return Response(text, status_code=outcome.status, media_type=MEDIA[fmt])


def _is_batch(ctype: str) -> bool:
    c = ctype.lower()
    return c.startswith(("multipart/form-data", "application/zip", "application/x-zip-compressed"))


async def validate_batch(request: Request) -> Response:
    service: Service = request.app.state.service
    fmt = _format_for(request, "json")
    if fmt is None:
        return PlainTextResponse(
            "Accept: application/json, application/sarif+json or application/xml\n", status_code=406
        )
    ctype = request.headers.get("content-type", "").lower()
    limit = service.options.engine.max_bytes
    try:
        if ctype.startswith("multipart/form-data"):
            declared = request.headers.get("content-length")
            if (
                declared is not None
                and declared.isdigit()
                and int(declared) > service.options.max_body
            ):
                raise _TooLarge
            # python-multipart parses the stream; Starlette spools each part (1 MB in memory,
            # then disk); the parts are read one at a time in the validation thread
            async with (
                asyncio.timeout(service.options.read_timeout),
                request.form(
                    max_files=service.options.max_batch,
                    max_fields=service.options.max_batch,
                    max_part_size=limit,
                ) as form,
            ):
                parts: list[tuple[str, Any]] = []
                for key, value in form.multi_items():
                    if isinstance(value, UploadFile):
                        parts.append((value.filename or key, value.file))
                    elif isinstance(value, str) and value.strip():
                        parts.append((key, value.encode("utf-8")))
                return await _run_batch(request, service, fmt, parts, _part_items, limit)
        spool = await service.read_body(request)
        with spool, zipfile.ZipFile(spool) as zf:
            members = _zip_members(zf, service.options)
            return await _run_batch(
                request, service, fmt, [(zf, m) for m in members], _zip_items, limit
            )
    except _TooLarge:
        return PlainTextResponse(
            f"Body larger than {service.options.max_body} bytes\n", status_code=413
        )
    except TimeoutError:
        return PlainTextResponse("Body not received in time\n", status_code=408)
    except (zipfile.BadZipFile, ValueError) as exc:
        return PlainTextResponse(f"Not a usable batch: {exc}\n", status_code=400)
    except ClientDisconnect:
        return PlainTextResponse("Client disconnected\n", status_code=400)
    except Exception as exc:  # multipart parse errors of Starlette
        if type(exc).__name__ == "MultiPartException":
            return PlainTextResponse(f"Not a usable batch: {exc}\n", status_code=400)
        raise


async def _run_batch(
    request: Request,
    service: Service,
    fmt: str,
    entries: list[Any],
    reader: Callable[[list[Any], int], Iterator[tuple[str, bytes]]],
    limit: int,
) -> Response:
    """Validates the batch in a validation thread, reading one message at a time (so at
    most one message's bytes are in memory); the time budget is per message."""
    if not entries:
        return PlainTextResponse(
            "No content supplied (no messages in the batch)\n", status_code=400
        )
    start = time.perf_counter()
    budget = service.options.time_budget * len(entries)
    try:
        outcomes: list[MessageOutcome] = await service.run(
            lambda: service.engine.validate_many(reader(entries, limit)), budget=budget
        )
    except (_Busy, TimeoutError) as exc:
        return service.overloaded(exc, f"Validation took longer than {budget} s")
    for o in outcomes:
        service.metrics.observe_outcome(o)
    text = render(fmt, outcomes, time.perf_counter() - start)
    return Response(text, status_code=200, media_type=MEDIA[fmt])


def _zip_members(zf: zipfile.ZipFile, options: ServiceOptions) -> list[zipfile.ZipInfo]:
    """The *.xml members of a zip, in archive order."""
    members = [m for m in zf.infolist() if not m.is_dir() and m.filename.lower().endswith(".xml")]
    if len(members) > options.max_batch:
        raise ValueError(f"{len(members)} messages, more than {options.max_batch}")
    return members


def _zip_items(entries: list[Any], limit: int) -> Iterator[tuple[str, bytes]]:
    """Each member inflated when its turn comes, at most ``limit + 1`` bytes of it (a zip
    bomb member stops there and is reported as too large, the others are validated)."""
    for zf, member in entries:
        with zf.open(member) as fh:
            yield member.filename, fh.read(limit + 1)


def _part_items(entries: list[Any], limit: int) -> Iterator[tuple[str, bytes]]:
    for name, part in entries:
        yield name, part if isinstance(part, bytes) else part.read(limit + 1)


def _compat_format(request: Request) -> str | None:
    return _negotiate(request, {JSON: "json", "text/html": "html", "text/markdown": "md"}, "json")


_COMPAT_MEDIA = {
    "json": JSON,
    "html": "text/html; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
}


def _problem(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


def _date(value: str | None) -> dt.date:
    if value is None:
        return dt.date.today()
    return dt.date.fromisoformat(value)


def _areas(values: list[str]) -> tuple[Any, ...]:
    from ..domain import ServiceArea

    return tuple(ServiceArea(v) for v in values)


async def check(request: Request) -> Response:
    return await _compat(request, "check")


async def compare(request: Request) -> Response:
    return await _compat(request, "compare")


async def matrix(request: Request) -> Response:
    return await _compat(request, "matrix")


async def _compat(request: Request, what: str) -> Response:
    from ..catalog import UnknownKeyError

    service: Service = request.app.state.service
    fmt = _compat_format(request)
    if fmt is None:
        return _problem(406, "Accept: application/json, text/html or text/markdown")
    q = request.query_params
    try:
        date = _date(q.get("on"))
        areas = _areas(q.getlist("area"))
        # through the same gate and time budget as validation: a Gemeinde matrix is work too
        text = await service.run(_compat_report, service.compat_catalog, what, q, date, areas, fmt)
    except (_Busy, TimeoutError) as exc:
        return service.overloaded(exc, f"Took longer than {service.options.time_budget} s")
    except UnknownKeyError as exc:
        return _problem(404, str(exc))
    except (ValueError, KeyError) as exc:
        return _problem(400, str(exc).strip("'\""))
    return Response(text, media_type=_COMPAT_MEDIA[fmt])


def _compat_report(
    cat: Any, what: str, q: Any, date: dt.date, areas: tuple[Any, ...], fmt: str
) -> str:
    from ..catalog import MATRIX_LEVELS
    from ..engine import Engine
    from ..reports.compatibility import render_check, render_compare, render_matrix

    engine = Engine(cat)
    if what == "check":
        for key in ("kommune", "provider"):
            if not q.get(key):
                raise ValueError(f"query parameter {key!r} is required")
        result = engine.check(
            cat.kommune(q["kommune"]), cat.provider(q["provider"]), on=date, areas=areas
        )
        return render_check(result, fmt)
    if what == "compare":
        if not q.get("kommune"):
            raise ValueError("query parameter 'kommune' is required")
        ids = [p.strip() for p in q.get("providers", "").split(",") if p.strip()]
        if len(ids) < 2:
            raise ValueError("query parameter 'providers': at least two ids, comma-separated")
        kommune = cat.kommune(q["kommune"])
        return render_compare(
            [engine.check(kommune, cat.provider(p), on=date, areas=areas) for p in ids], fmt
        )
    land, pid, level = q.get("land"), q.get("provider"), q.get("level", "kreis")
    if not land or not pid:
        raise ValueError("query parameters 'land' and 'provider' are required")
    if land not in cat.laender:
        from ..catalog import UnknownKeyError

        raise UnknownKeyError("Land", land, sorted(cat.laender))
    if level not in MATRIX_LEVELS:
        raise ValueError("query parameter 'level': kreis or gemeinde")
    provider = cat.provider(pid)
    kommunen = cat.matrix_rows(land, level)
    results = [engine.check(k, provider, on=date) for k in kommunen]
    title = (
        f"Matrix {cat.laender[land].name} "
        f"({'Kreisebene' if level == 'kreis' else 'Gemeinden'}) – "
        f"{provider.short_name or provider.name} ({provider.id}) – Stichtag "
        f"{date.isoformat()}"
    )
    return render_matrix(results, fmt, title)


async def server_health(request: Request) -> Response:
    """The daemon's ``/server/health``: status UP when scenarios are configured, DOWN
    otherwise, the application and the memory (of this worker process)."""
    service: Service = request.app.state.service
    status = (
        "UP"
        if service.engine.scenario_ids and service.ready
        else ("WARN" if service.engine.scenario_ids else "DOWN")
    )
    rss = _rss_bytes()
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<health xmlns="http://www.xoev.de/de/validator/framework/1/daemon">'
        f"<status>{status}</status><application><name>kommune-interop</name>"
        f"<version>{__version__}</version><build>python</build></application>"
        f"<memory><freeMemory>0</freeMemory><maxMemory>{rss}</maxMemory>"
        f"<totalMemory>{rss}</totalMemory></memory></health>\n"
    )
    return Response(body, media_type=XML)


def _rss_bytes() -> int:
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):  # pragma: no cover - not Linux
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


async def live(request: Request) -> Response:
    return JSONResponse({"status": "live", "pid": os.getpid()})


async def ready(request: Request) -> Response:
    service: Service = request.app.state.service
    body = {
        "status": "ready" if service.ready else "not ready",
        "scenarios": list(service.engine.scenario_ids),
        "problems": list(service.engine.errors),
        "plugins": sorted(
            {p for (_k, _i), p in getattr(service.engine.catalog, "origin", {}).items()}
        ),
    }
    return JSONResponse(body, status_code=200 if service.ready else 503)


async def metrics(request: Request) -> Response:
    service: Service = request.app.state.service
    body, ctype = service.metrics.exposition()
    return Response(body, media_type=ctype)


async def openapi(request: Request) -> Response:
    return JSONResponse(spec())


GET_ROUTES = {
    "/server/health",
    "/health/live",
    "/health/ready",
    "/metrics",
    "/openapi.json",
    "/check",
    "/compare",
    "/matrix",
}
OPEN_ROUTES = {"/server/health", "/health/live", "/health/ready"}


def create_app(
    options: ServiceOptions | None = None,
    engine: ServiceEngine | None = None,
    compat_catalog: Any = None,
) -> Starlette:
    options = options or ServiceOptions()
    service = Service(options, engine, compat_catalog)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await service.startup()
        yield
        await service.shutdown()

    routes = [
        Route("/server/health", server_health, methods=["GET"]),
        Route("/health/live", live, methods=["GET"]),
        Route("/health/ready", ready, methods=["GET"]),
        Route("/metrics", metrics, methods=["GET"]),
        Route("/openapi.json", openapi, methods=["GET"]),
        Route("/check", check, methods=["GET"]),
        Route("/compare", compare, methods=["GET"]),
        Route("/matrix", matrix, methods=["GET"]),
        # the daemon answers POST on any path; every other method there is 405
        Route(
            "/{path:path}",
            validate_one,
            methods=["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"],
        ),
    ]
    app = Starlette(routes=routes, lifespan=lifespan)
    app.state.service = service
    app.add_middleware(_Access, service=service)  # type: ignore[arg-type]
    return app


class _Access:
    """Outermost layer: request id, bearer-token check, the JSON-lines access log and the
    request metrics. Tokens and other headers are never logged."""

    def __init__(self, app: Any, service: Service) -> None:
        self.app, self.service = app, service

    async def __call__(
        self,
        scope: dict[str, Any],
        receive: Callable[[], Awaitable[Any]],
        send: Callable[[Any], Awaitable[None]],
    ) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        status = 500
        sent = 0
        rid = uuid.uuid4().hex[:16]

        async def send_wrapped(message: Any) -> None:
            nonlocal status, sent
            if message["type"] == "http.response.start":
                status = message["status"]
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (b"x-request-id", rid.encode())]
            elif message["type"] == "http.response.body":
                sent += len(message.get("body", b""))
            await send(message)

        path = scope.get("path", "")
        try:
            if path not in OPEN_ROUTES and not self.service.authorized(Request(scope)):
                response = PlainTextResponse(
                    "Unauthorized\n", status_code=401, headers={"WWW-Authenticate": "Bearer"}
                )
                await response(scope, receive, send_wrapped)
            else:
                await self.app(scope, receive, send_wrapped)
        except Exception:
            LOG.exception("request %s failed", rid)
            if status == 500:
                response = PlainTextResponse("Internal error\n", status_code=500)
                with contextlib.suppress(Exception):  # the response may have started
                    await response(scope, receive, send_wrapped)
        finally:
            seconds = time.perf_counter() - start
            route = _route_label(scope.get("method", ""), path)
            self.service.metrics.observe_request(route, status, seconds)
            client = scope.get("client") or ("", 0)
            ACCESS_LOG.info(
                json.dumps(
                    {
                        "ts": dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds"),
                        "id": rid,
                        "pid": os.getpid(),
                        "thread": threading.get_ident() % 100_000,
                        "client": client[0],
                        "method": scope.get("method"),
                        "path": path,
                        "status": status,
                        "bytes": sent,
                        "ms": round(seconds * 1000, 2),
                    }
                )
            )


def _route_label(method: str, path: str) -> str:
    if path in GET_ROUTES:
        return path
    if path == "/validate" and method == "POST":
        return "/validate"
    return "/{name}"


def create_app_from_env() -> Starlette:
    """The uvicorn factory for ``--workers N``: options come from ``KOMMUNE_SERVE_CONFIG``."""
    text = os.environ.get(ENV_CONFIG)
    options = ServiceOptions.from_json(text) if text else ServiceOptions()
    configure_logging()
    return create_app(options)


def configure_logging() -> None:
    """JSON lines on stderr for the access log; other service messages as plain lines."""
    if not ACCESS_LOG.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(message)s"))
        ACCESS_LOG.addHandler(handler)
        ACCESS_LOG.setLevel(logging.INFO)
        ACCESS_LOG.propagate = False
    if not LOG.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("kommune serve: %(levelname)s %(message)s"))
        LOG.addHandler(handler)
        LOG.setLevel(logging.INFO)
