"""Benchmark: ``kommune serve`` under concurrent clients, clean and with hostile traffic.

For each corpus — the XWasser samples (``--schema xwasser.xsd --xml-catalog catalog.xml``) and
the bundled example messages (the Thüringen and Sachsen plugins) — and for ``--workers 1``
and ``--workers 2``, it starts the server on 127.0.0.1 and drives it with an asyncio httpx
client at 1, 8 and 64 concurrent connections:

* throughput (messages/s), latency p50/p95/p99, error rate (anything but 200/406);
* the resident memory of each worker after ``--memory-requests`` requests (and before);
* the same with ``--hostile`` (10 %) hostile messages mixed in: entity bombs, 40 KB
  messages with thousands of unexpected attributes, truncated bodies, and slow-loris
  uploads on extra connections (a byte every 0.5 s; the server answers 408 after
  ``--read-timeout``). Reported: the p99 of the *valid* messages against the clean run, and
  whether every worker process survived (same pids, /health/live answering).

The anchor is ``kommune validate --checks xsd --jobs 1`` over the same files (single
process, start-up excluded by timing a large batch). The servers run ``--checks xsd`` too.

Why an asyncio client and not locust: one process on a 2-core machine holds 64 connections
without 64 OS threads or gevent; the figures (p50/p95/p99 from every request's own latency)
are computed here, not sampled; the hostile mix (raw-socket slow-loris) needs code anyway;
locust's web UI and distributed workers earn nothing here. httpx starts the server and asks
/health; the load itself goes over plain asyncio streams (HTTP/1.1 keep-alive, one request
in flight per connection), because on the same two cores httpx's AsyncClient cost more CPU
than the server it measured: 155 vs 2,499 messages/s at 64 clients against the same server
(460 vs 1,017 at 1 client) — the benchmark would have measured its own client.

Not a test: ``python benchmarks/service.py --requests 2000 --memory-requests 100000``.
Prints tables and, as the last line, one JSON object with every figure.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
KOMMUNE = str(BIN / "kommune")
CORPUS = (ROOT / ".." / "shared" / "corpus").resolve()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# -- the corpora ---------------------------------------------------------------------------
def corpora(only: str | None) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    xw = CORPUS / "xwasser"
    if (xw / "samples").is_dir() and only in (None, "xwasser"):
        out["xwasser"] = {
            "files": sorted((xw / "samples").glob("*.xml")),
            "args": [
                "--schema",
                str(xw / "xsd" / "xwasser.xsd"),
                "--xml-catalog",
                str(CORPUS / "catalog.xml"),
            ],
            "env": {},
        }
    if only in (None, "examples"):
        out["examples"] = {
            "files": sorted((ROOT / "examples" / "messages").glob("*.xml")),
            "args": [],
            "env": {"KOMMUNE_PLUGINS": "thueringen,sachsen"},
        }
    return out


def hostile_messages(valid: bytes) -> list[tuple[str, bytes]]:
    """Entity bomb, 40 KB of unexpected attributes on a real message, a truncated body."""
    bomb = (ROOT / "tests" / "validation" / "hostile" / "billion-laughs.xml").read_bytes()
    quad = ROOT / "tests" / "validation" / "hostile" / "quadratic-blowup.xml"
    root = valid.index(b"<", valid.index(b"?>") + 2 if valid.startswith(b"<?") else 0)
    while valid[root + 1 : root + 2] in (b"!", b"?"):  # comments, processing instructions
        root = valid.index(b"<", root + 1)
    end = valid.index(b">", root)
    end -= valid[end - 1 : end] == b"/"
    attrs, k = [], 0
    while sum(map(len, attrs)) + len(attrs) < 40_000:  # ~40 KB of unexpected attributes
        attrs.append(b'unexpected%d="%d"' % (k, k))
        k += 1
    many = valid[:end] + b" " + b" ".join(attrs) + valid[end:]
    out = [
        ("bomb.xml", bomb),
        ("attributes.xml", many),
        ("truncated.xml", valid[: len(valid) // 2]),
    ]
    if quad.is_file():
        out.append(("quadratic.xml", quad.read_bytes()))
    return out


# -- the server ----------------------------------------------------------------------------
class Server:
    def __init__(
        self, workers: int, args: list[str], env: dict[str, str], extra: list[str]
    ) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        e = {**os.environ, **env}
        e.pop("PROMETHEUS_MULTIPROC_DIR", None)
        self.proc = subprocess.Popen(
            [
                KOMMUNE,
                "serve",
                "--port",
                str(self.port),
                "--workers",
                str(workers),
                "--checks",
                "xsd",
                "--xsd-detail",
                "never",
                *args,
                *extra,
            ],
            env=e,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            cwd=ROOT,
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit(f"server exited with {self.proc.returncode}")
            try:
                if httpx.get(self.url + "/health/ready", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        self.workers = workers

    def worker_pids(self) -> list[int]:
        if self.workers == 1:
            return [self.proc.pid]
        pids = []
        for task in Path(f"/proc/{self.proc.pid}/task").iterdir():
            kids = (task / "children").read_text().split()
            pids.extend(int(k) for k in kids)
        # uvicorn's multiprocess supervisor may keep a helper (resource tracker): keep the
        # processes that serve, i.e. that have a listening socket inherited — approximated
        # by the ones whose command line is a Python spawn of the worker
        return sorted(
            p
            for p in pids
            if b"multiprocessing" in Path(f"/proc/{p}/cmdline").read_bytes()
            and b"resource_tracker" not in Path(f"/proc/{p}/cmdline").read_bytes()
        )

    def rss_mb(self) -> dict[int, float]:
        out = {}
        for pid in self.worker_pids():
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    out[pid] = round(int(line.split()[1]) / 1024, 1)
        return out

    def stop(self) -> None:
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(60)
        except subprocess.TimeoutExpired:
            self.proc.kill()


# -- the clients ---------------------------------------------------------------------------
async def drive(
    url: str, items: list[tuple[str, bytes, bool]], clients: int, slow_loris: int = 0
) -> dict[str, Any]:
    """Sends ``items`` (name, body, hostile?) over ``clients`` connections; returns the
    figures. ``slow_loris`` extra connections dribble a body meanwhile."""
    queue: asyncio.Queue[tuple[str, bytes, bool]] = asyncio.Queue()
    for it in items:
        queue.put_nowait(it)
    lat_valid: list[float] = []
    lat_all: list[float] = []
    statuses: dict[int, int] = {}
    errors = 0
    stop = asyncio.Event()

    host, port = url.removeprefix("http://").split(":")

    async def one() -> None:
        nonlocal errors
        conn: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None
        while True:
            try:
                name, body, hostile = queue.get_nowait()
            except asyncio.QueueEmpty:
                break
            t = time.perf_counter()
            try:
                if conn is None:
                    conn = await asyncio.open_connection(host, int(port))
                code, close = await _post(conn, name, body)
                if close:
                    conn[1].close()
                    conn = None
            except (OSError, asyncio.IncompleteReadError, ValueError):
                code = -1
                conn = None
            dt_ = time.perf_counter() - t
            statuses[code] = statuses.get(code, 0) + 1
            lat_all.append(dt_)
            if not hostile:
                lat_valid.append(dt_)
                if code not in (200, 406):
                    errors += 1
        if conn is not None:
            conn[1].close()

    async def loris() -> int:
        host, port = url.removeprefix("http://").split(":")
        got = 0
        while not stop.is_set():
            try:
                reader, writer = await asyncio.open_connection(host, int(port))
                writer.write(
                    b"POST /slow.xml HTTP/1.1\r\nHost: x\r\nContent-Type: "
                    b"application/xml\r\nContent-Length: 100000\r\n\r\n<a>"
                )
                await writer.drain()
                while not stop.is_set() and not reader.at_eof():
                    writer.write(b"x")
                    await writer.drain()
                    try:
                        line = await asyncio.wait_for(reader.readline(), 0.5)
                    except TimeoutError:
                        continue
                    if line.startswith(b"HTTP/1.1"):
                        got += 1
                        break
                writer.close()
            except OSError:
                await asyncio.sleep(0.1)
        return got

    start = time.perf_counter()
    lorises = [asyncio.create_task(loris()) for _ in range(slow_loris)]
    await asyncio.gather(*(one() for _ in range(clients)))
    seconds = time.perf_counter() - start
    stop.set()
    loris_answers = sum(await asyncio.gather(*lorises)) if lorises else 0
    return {
        "clients": clients,
        "requests": len(items),
        "seconds": round(seconds, 3),
        "rps": round(len(items) / seconds, 1),
        **{f"p{q}_ms": _pct(lat_valid, q) for q in (50, 95, 99)},
        "error_rate": round(errors / max(1, len(lat_valid)), 4),
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
        "slow_loris_answered": loris_answers,
    }


async def _post(
    conn: tuple[asyncio.StreamReader, asyncio.StreamWriter], name: str, body: bytes
) -> tuple[int, bool]:
    """One HTTP/1.1 POST on a kept-alive connection; (status, server closes)."""
    reader, writer = conn
    writer.write(
        b"POST /%s HTTP/1.1\r\nHost: bench\r\nContent-Type: application/xml\r\n"
        b"Content-Length: %d\r\n\r\n" % (name.encode(), len(body)) + body
    )
    await writer.drain()
    head = (await reader.readuntil(b"\r\n\r\n")).lower()
    status = int(head.split(b" ", 2)[1])
    length = int(head.split(b"content-length:")[1].split(b"\r\n")[0])
    await reader.readexactly(length)
    return status, b"connection: close" in head


async def ceiling(url: str, n: int, clients: int) -> float:
    """Requests/s of ``GET /health/live`` (no validation, no body): what the HTTP stack
    alone allows on this machine — the upper bound of any validation throughput."""
    host, port = url.removeprefix("http://").split(":")
    left = [n]

    async def one() -> None:
        reader, writer = await asyncio.open_connection(host, int(port))
        while left[0] > 0:
            left[0] -= 1
            writer.write(b"GET /health/live HTTP/1.1\r\nHost: bench\r\n\r\n")
            head = (await reader.readuntil(b"\r\n\r\n")).lower()
            await reader.readexactly(int(head.split(b"content-length:")[1].split(b"\r\n")[0]))
        writer.close()

    t = time.perf_counter()
    await asyncio.gather(*(one() for _ in range(clients)))
    return round(n / (time.perf_counter() - t), 1)


def _pct(values: list[float], q: int) -> float:
    if not values:
        return 0.0
    values = sorted(values)
    k = min(len(values) - 1, max(0, round(q / 100 * len(values)) - 1))
    return round(values[k] * 1000, 2)


def items_for(
    files: list[Path], n: int, hostile: float, seed: int = 7
) -> list[tuple[str, bytes, bool]]:
    rnd = random.Random(seed)
    bodies = [(f.name, f.read_bytes()) for f in files]
    bad = hostile_messages(bodies[0][1]) if hostile else []
    out = []
    for k in range(n):
        if bad and rnd.random() < hostile:
            name, body = bad[k % len(bad)]
            out.append((name, body, True))
        else:
            name, body = bodies[k % len(bodies)]
            out.append((name, body, False))
    return out


# -- the anchor ----------------------------------------------------------------------------
def anchor(files: list[Path], args: list[str], env: dict[str, str], n: int) -> float:
    """``kommune validate --checks xsd --jobs 1`` messages/s over ``n`` copies of ``files``,
    by the run's own clock (the JSON summary's seconds: validation only, no start-up)."""
    tmp = Path(tempfile.mkdtemp(prefix="kommune-bench-"))
    try:
        folder = tmp / "msgs"
        folder.mkdir()
        for k in range(n):
            f = files[k % len(files)]
            shutil.copy(f, folder / f"{k:06d}-{f.name}")
        report = tmp / "report.json"
        subprocess.run(
            [
                KOMMUNE,
                "validate",
                str(folder),
                "--checks",
                "xsd",
                "--jobs",
                "1",
                "--format",
                "json",
                "-o",
                str(report),
                "--xsd-detail",
                "never",
                *args,
            ],
            env={**os.environ, **env},
            capture_output=True,
            cwd=ROOT,
        )
        summary = json.loads(report.read_text())["summary"]
        assert summary["files"] == n, summary
        return round(n / summary["seconds"], 1)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--requests", type=int, default=2000, help="requests per level")
    ap.add_argument("--clients", default="1,8,64")
    ap.add_argument("--workers", default="1,2")
    ap.add_argument(
        "--memory-requests",
        type=int,
        default=100_000,
        help="requests before the memory reading (100,000 takes long)",
    )
    ap.add_argument("--hostile", type=float, default=0.10)
    ap.add_argument("--slow-loris", type=int, default=4, help="slow-loris connections")
    ap.add_argument("--corpus", choices=["xwasser", "examples"], default=None)
    ap.add_argument("--anchor-files", type=int, default=5000)
    opts = ap.parse_args()
    clients = [int(c) for c in opts.clients.split(",")]
    workers = [int(w) for w in opts.workers.split(",")]
    report: dict[str, Any] = {
        "cpus": os.cpu_count(),
        "requests": opts.requests,
        "memory_requests": opts.memory_requests,
        "corpora": {},
    }
    for cname, c in corpora(opts.corpus).items():
        cr: dict[str, Any] = {
            "anchor_validate_xsd_jobs1_per_s": anchor(
                c["files"], c["args"], c["env"], opts.anchor_files
            ),
            "runs": {},
        }
        print(
            f"\n## {cname}: kommune validate --checks xsd --jobs 1: "
            f"{cr['anchor_validate_xsd_jobs1_per_s']} messages/s",
            flush=True,
        )
        for w in workers:
            srv = Server(
                w,
                c["args"],
                c["env"],
                [
                    "--read-timeout",
                    "1",
                    "--time-budget",
                    "10",
                    "--concurrency",
                    "2",
                    "--queue",
                    "256",
                ],
            )
            try:
                pids = srv.worker_pids()
                run: dict[str, Any] = {"pids": pids, "clean": [], "hostile": []}
                run["ceiling_get_health_at_8_per_s"] = asyncio.run(
                    ceiling(srv.url, opts.requests, 8)
                )
                clean_items = items_for(c["files"], opts.requests, 0)
                asyncio.run(drive(srv.url, clean_items[:200], 8))  # warm-up
                for n in clients:
                    run["clean"].append(asyncio.run(drive(srv.url, clean_items, n)))
                hostile_items = items_for(c["files"], opts.requests, opts.hostile)
                for n in clients:
                    run["hostile"].append(
                        asyncio.run(drive(srv.url, hostile_items, n, slow_loris=opts.slow_loris))
                    )
                run["rss_mb_before_memory_run"] = srv.rss_mb()
                mem_items = items_for(c["files"], opts.memory_requests, opts.hostile)
                run["memory_run"] = asyncio.run(drive(srv.url, mem_items, 8))
                run["rss_mb_after_memory_run"] = srv.rss_mb()
                alive = srv.proc.poll() is None and srv.worker_pids() == pids
                run["workers_survived"] = (
                    alive and httpx.get(srv.url + "/health/live", timeout=5).status_code == 200
                )
            finally:
                srv.stop()
            cr["runs"][str(w)] = run
            _print_run(cname, w, run, cr["anchor_validate_xsd_jobs1_per_s"])
        report["corpora"][cname] = cr
        at8 = {
            w: next(x["rps"] for x in cr["runs"][str(w)]["clean"] if x["clients"] == 8)
            for w in workers
            if str(w) in cr["runs"]
        }
        if 1 in at8:
            cr["per_worker_at_8_vs_anchor"] = round(
                at8[1] / cr["anchor_validate_xsd_jobs1_per_s"], 2
            )
        if 1 in at8 and 2 in at8:
            cr["workers2_vs_workers1_at_8"] = round(at8[2] / at8[1], 2)
        print(
            f"per worker at 8 clients vs anchor: {cr.get('per_worker_at_8_vs_anchor')}; "
            f"--workers 2 / --workers 1 at 8 clients: {cr.get('workers2_vs_workers1_at_8')}"
        )
    print(json.dumps(report))


def _print_run(cname: str, w: int, run: dict[str, Any], anchor_rps: float) -> None:
    print(f"\n### {cname}, --workers {w}")
    print(f"HTTP ceiling (GET /health/live, 8 clients): {run['ceiling_get_health_at_8_per_s']}/s")
    print("| traffic | clients | msg/s | p50 ms | p95 ms | p99 ms (valid) | errors | statuses |")
    print("|---|---|---|---|---|---|---|---|")
    for kind in ("clean", "hostile"):
        for x in run[kind]:
            print(
                f"| {kind} | {x['clients']} | {x['rps']} | {x['p50_ms']} | {x['p95_ms']} | "
                f"{x['p99_ms']} | {x['error_rate']} | {x['statuses']} |"
            )
    for c, h in zip(run["clean"], run["hostile"], strict=True):
        ratio = h["p99_ms"] / c["p99_ms"] if c["p99_ms"] else 0
        print(f"p99 hostile/clean at {c['clients']} clients: {ratio:.2f}")
    m = run["memory_run"]
    print(
        f"memory: {run['rss_mb_before_memory_run']} MB → {run['rss_mb_after_memory_run']} MB "
        f"after {m['requests']} more requests ({m['rps']} msg/s, statuses {m['statuses']}); "
        f"workers survived: {run['workers_survived']}",
        flush=True,
    )
    if run["clean"] and w == 1:
        at8 = [x["rps"] for x in run["clean"] if x["clients"] == 8]
        if at8:
            print(f"at 8 clients: {at8[0] / anchor_rps:.2f}× the single-process anchor")


if __name__ == "__main__":
    main()
