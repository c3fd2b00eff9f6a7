"""The OpenAPI description against the server: every documented (path, method, status) is
produced by a recipe here, with a documented content type; every recipe's response is
documented. In-process for most; a ``kommune serve`` subprocess for what needs real sockets
(a slow upload: 408) and real time (over the budget: 503)."""

from __future__ import annotations

import socket
import time
from typing import Any

import httpx
import pytest

from kommune_core.service.app import ServiceOptions
from kommune_core.service.engine_adapter import EngineOptions, ServiceEngine
from kommune_core.service.openapi import spec

from .conftest import INVALID, VALID, Server, make_client

OPTS = EngineOptions.of(plugins=("thueringen", "sachsen"))
Q = {"kommune": "16052000", "provider": "kisa", "on": "2025-06-01"}


def _documented() -> set[tuple[str, str, str]]:
    out = set()
    for path, item in spec()["paths"].items():
        for method, op in item.items():
            for status in op["responses"]:
                out.add((path, method.upper(), status))
    return out


def _check(path: str, method: str, r: Any) -> tuple[str, str, str]:
    op = spec()["paths"][path][method.lower()]
    status = str(r.status_code)
    assert status in op["responses"], f"{method} {path}: {status} is not documented"
    content = op["responses"][status].get("content", {})
    ctype = r.headers.get("content-type", "").split(";")[0].strip()
    assert ctype in content, f"{method} {path} {status}: {ctype} not in {sorted(content)}"
    for header in op["responses"][status].get("headers", {}):
        assert header.lower() in r.headers, f"{method} {path} {status}: no {header} header"
    return path, method, status


def _zip() -> bytes:
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("a.xml", VALID.read_bytes())
    return buf.getvalue()


def _check_zip_post(client: Any, content: bytes, accept: str | None = None) -> tuple[str, str, str]:
    """``_check`` of a POST of ``content`` as a ZIP to ``/validate`` (with ``Accept``, if given)."""
    headers = {"Content-Type": "application/zip"}
    if accept is not None:
        headers["Accept"] = accept
    return _check("/validate", "POST", client.post("/validate", content=content, headers=headers))


def test_openapi_served_and_well_formed(client):
    r = client.get("/openapi.json")
    assert r.status_code == 200
    doc = r.json()
    assert doc["openapi"].startswith("3.") and doc == spec()
    for item in doc["paths"].values():
        for op in item.values():
            for resp in op["responses"].values():
                assert resp["description"]


@pytest.mark.slow
def test_every_documented_response_is_what_the_server_returns(tmp_path, catalog):
    seen: set[tuple[str, str, str]] = set()
    data, bad = VALID.read_bytes(), INVALID.read_bytes()
    with make_client(catalog=catalog) as c:
        one = "/{name}"
        for accept in ("application/xml", "application/json", "application/sarif+json"):
            seen.add(
                _check(one, "POST", c.post("/m.xml", content=data, headers={"Accept": accept}))
            )
            seen.add(_check(one, "POST", c.post("/m.xml", content=bad, headers={"Accept": accept})))
            seen.add(_check_zip_post(c, _zip(), accept))
        seen.add(_check(one, "POST", c.post("/m.xml", content=b"")))
        seen.add(
            _check(one, "POST", c.post("/m.xml", content=data, headers={"Accept": "image/png"}))
        )
        seen.add(_check(one, "GET", c.get("/m.xml")))
        seen.add(_check_zip_post(c, b"x"))
        seen.add(_check_zip_post(c, _zip(), "image/png"))
        for path, q in (
            ("/check", Q),
            ("/compare", {**Q, "providers": "kisa,kiv"}),
            ("/matrix", {"land": "16", "provider": "kisa"}),
        ):
            for accept in ("application/json", "text/html", "text/markdown"):
                seen.add(_check(path, "GET", c.get(path, params=q, headers={"Accept": accept})))
            seen.add(_check(path, "GET", c.get(path, params={})))
            bad_key = {**q, "kommune": "0"} if path == "/compare" else {**q, "provider": "x"}
            seen.add(_check(path, "GET", c.get(path, params=bad_key)))
            seen.add(_check(path, "GET", c.get(path, params=q, headers={"Accept": "x/y"})))
        for path in (
            "/server/health",
            "/health/live",
            "/health/ready",
            "/metrics",
            "/openapi.json",
        ):
            seen.add(_check(path, "GET", c.get(path)))

    with make_client(ServiceOptions(engine=OPTS, max_body=100), catalog=catalog) as c:
        seen.add(_check("/{name}", "POST", c.post("/m.xml", content=data)))
        seen.add(
            _check(
                "/validate",
                "POST",
                c.post("/validate", content=_zip(), headers={"Content-Type": "application/zip"}),
            )
        )

    # the gate full (one slot, no queue, held by a message): every route behind it is 503
    from .test_limits import HeldEngine, _in_thread

    held = HeldEngine(OPTS, catalog)
    with make_client(ServiceOptions(engine=OPTS, concurrency=1, queue=0), engine=held) as c:
        t, _out = _in_thread(lambda: c.post("/held.xml", content=b"<HOLD/>"))
        assert held.entered.acquire(timeout=30)
        for path, q in (
            ("/check", Q),
            ("/compare", {**Q, "providers": "kisa,kiv"}),
            ("/matrix", {"land": "16", "provider": "kisa"}),
        ):
            seen.add(_check(path, "GET", c.get(path, params=q)))
        held.release.set()
        t.join(30)

    tokens = tmp_path / "tokens"
    tokens.write_text("t0ken\n")
    with make_client(ServiceOptions(engine=OPTS, token_file=str(tokens)), catalog=catalog) as c:
        for path, method in (
            ("/{name}", "POST"),
            ("/{name}", "GET"),
            ("/validate", "POST"),
            ("/check", "GET"),
            ("/compare", "GET"),
            ("/matrix", "GET"),
            ("/metrics", "GET"),
            ("/openapi.json", "GET"),
        ):
            real = "/m.xml" if path == "/{name}" else path
            seen.add(
                _check(
                    path,
                    method,
                    c.request(method, real, content=b"<a/>" if method == "POST" else None),
                )
            )

    class Crashing(ServiceEngine):
        def validate_bytes(self, data: bytes, name: str) -> Any:
            raise RuntimeError("boom")

    with make_client(engine=Crashing(OPTS, catalog)) as c:
        seen.add(_check("/{name}", "POST", c.post("/a.xml", content=b"<a/>")))

    broken = tmp_path / "broken.xsd"
    broken.write_text(
        '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">'
        '<xs:element name="a" type="n:T" xmlns:n="urn:x"/></xs:schema>'
    )
    with make_client(
        ServiceOptions(engine=EngineOptions.of(schema=str(broken))), catalog=catalog
    ) as c:
        seen.add(_check("/{name}", "POST", c.post("/a.xml", content=b"<a/>")))
        seen.add(_check("/health/ready", "GET", c.get("/health/ready")))

    # real sockets and real time: a slow upload (408) and a message over the budget (503)
    big = _big_message(1_500_000)
    s = Server("--read-timeout", "0.5", "--time-budget", "0.001", "--max-body", "3000000")
    try:
        s.wait_ready()
        seen.add(_check("/{name}", "POST", _slow_upload(s.port, "/slow.xml")))
        seen.add(_check("/validate", "POST", _slow_upload(s.port, "/validate", "application/zip")))
        seen.add(_check("/{name}", "POST", httpx.post(s.url + "/big.xml", content=big, timeout=60)))
        files = {"file": ("big.xml", big, "application/xml")}
        seen.add(
            _check("/validate", "POST", httpx.post(s.url + "/validate", files=files, timeout=60))
        )
    finally:
        s.stop()

    missing = _documented() - seen
    assert not missing, f"documented but never produced: {sorted(missing)}"


def _big_message(size: int) -> bytes:
    """A well-formed message of ``size`` bytes: many elements, many attributes."""
    item = b'<x a="1" b="2" c="3" d="4" e="5">text</x>'
    return b"<big>" + item * (size // len(item)) + b"</big>"


class _Raw:
    """What httpx-like code in ``_check`` needs from a raw HTTP response."""

    def __init__(self, status: int, headers: dict[str, str], body: bytes) -> None:
        self.status_code, self.headers, self.content = status, httpx.Headers(headers), body


def _slow_upload(port: int, path: str, ctype: str = "application/xml") -> _Raw:
    """Announces 1000 bytes, sends 10 and stalls (slow-loris): the server gives up."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(
            f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: {ctype}\r\n"
            f"Content-Length: 1000\r\n\r\n<a>1234567".encode()
        )
        chunks = []
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            chunk = sock.recv(65536)
            if not chunk:
                break
            chunks.append(chunk)
            raw = b"".join(chunks)
            head, sep, body = raw.partition(b"\r\n\r\n")
            if sep and b"content-length:" in head.lower():
                length = int(head.lower().split(b"content-length:")[1].split(b"\r\n")[0])
                if len(body) >= length:
                    break
    raw = b"".join(chunks)
    head, _, body = raw.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = dict(line.split(": ", 1) for line in lines[1:] if ": " in line)
    return _Raw(status, headers, body)
