"""``kommune serve`` as a real process on 127.0.0.1: the daemon's status codes over TCP,
a hostile message over the time budget, an unusable configuration, graceful shutdown,
several workers."""

from __future__ import annotations

import signal
import socket
import subprocess
import time

import httpx
import pytest

from .conftest import INVALID, KOMMUNE, ROOT, VALID, Server

pytestmark = pytest.mark.slow


def test_kosit_status_codes_over_tcp(server):
    u = server.url
    h = {"Content-Type": "application/xml"}
    assert httpx.post(u + "/v.xml", content=VALID.read_bytes(), headers=h).status_code == 200
    r = httpx.post(u + "/i.xml", content=INVALID.read_bytes(), headers=h)
    assert r.status_code == 406 and b"<rep:reject>" in r.content
    assert httpx.post(u + "/", content=b"", headers=h).status_code == 400
    assert httpx.get(u + "/v.xml").status_code == 405
    j = httpx.post(
        u + "/i.xml", content=INVALID.read_bytes(), headers={**h, "Accept": "application/json"}
    )
    assert j.json()["files"][0]["valid"] is False
    s = httpx.post(
        u + "/i.xml",
        content=INVALID.read_bytes(),
        headers={**h, "Accept": "application/sarif+json"},
    )
    assert s.json()["runs"][0]["results"]
    assert b"<status>UP</status>" in httpx.get(u + "/server/health").content


def test_hostile_message_over_the_budget_then_the_worker_answers(tmp_path):
    s = Server("--time-budget", "0.002", "--max-body", "30000000")
    try:
        s.wait_ready()
        # 8 MB with ~40 attributes per element: parsing alone takes far more than 2 ms
        item = b"<x " + b" ".join(b'a%d="%d"' % (i, i) for i in range(40)) + b"/>"
        hostile = b"<m>" + item * (8_000_000 // len(item)) + b"</m>"
        r = httpx.post(s.url + "/hostile.xml", content=hostile, timeout=60)
        assert r.status_code == 503 and r.headers["retry-after"] == "1"
        # the same worker process answers the next request (its pid is in /health/live)
        pid = httpx.get(s.url + "/health/live").json()["pid"]
        for _ in range(50):  # the hostile thread may still be finishing: 503 until then
            r = httpx.post(s.url + "/big-budget-ok.xml", content=b"<a/>")
            if r.status_code != 503:
                break
            time.sleep(0.1)
        assert r.status_code == 406
        assert httpx.get(s.url + "/health/live").json()["pid"] == pid
        metrics = httpx.get(s.url + "/metrics").text
        exceeded = [
            float(line.split()[-1])
            for line in metrics.splitlines()
            if line.startswith("kommune_time_budget_exceeded_total ")
        ]
        assert exceeded and exceeded[0] >= 1
    finally:
        code, _err = s.stop()
    assert code in (0, -signal.SIGTERM)  # uvicorn re-raises the signal after shutdown


def _serve_until_exit(*options: str) -> subprocess.CompletedProcess[str]:
    """``kommune serve --port 0 OPTIONS`` run to its end (in the source tree's folder)."""
    return subprocess.run(
        [*KOMMUNE, "serve", "--port", "0", *options],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )


def test_unusable_configuration_refuses_to_start(tmp_path):
    broken = tmp_path / "broken.xsd"
    broken.write_text(
        '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">'
        '<xs:element name="a" type="n:T" xmlns:n="urn:x"/></xs:schema>'
    )
    r = _serve_until_exit("--schema", str(broken))
    assert r.returncode == 2
    assert "unusable configuration" in r.stderr and "broken.xsd" in r.stderr


def test_an_unusable_kosit_configuration_stops_serve_with_exit_2(tmp_path):
    pytest.importorskip("saxonche")
    sc = tmp_path / "scenarios.xml"
    sc.write_text("<scenarios/>")
    r = _serve_until_exit("--scenarios", str(sc))
    assert r.returncode == 2 and "scenarios.xml" in r.stderr


def test_graceful_shutdown_finishes_the_request_in_flight():
    s = Server()
    try:
        s.wait_ready()
        data = VALID.read_bytes()
        with socket.create_connection(("127.0.0.1", s.port), timeout=30) as sock:
            sock.sendall(
                b"POST /v.xml HTTP/1.1\r\nHost: x\r\nContent-Type: application/xml"
                b"\r\nContent-Length: %d\r\n\r\n" % len(data) + data[:100]
            )
            time.sleep(0.5)  # the request is in flight: headers and part of the body read
            s.proc.send_signal(signal.SIGTERM)
            time.sleep(0.5)
            sock.sendall(data[100:])
            reply = b""
            while b"</rep:report>" not in reply:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                reply += chunk
        assert reply.startswith(b"HTTP/1.1 200"), reply[:200]
        assert b"<rep:accept>" in reply
        code = s.proc.wait(timeout=30)
        assert code in (0, -signal.SIGTERM)  # uvicorn re-raises the signal after shutdown
        # and the port is closed: no new requests after shutdown
        with pytest.raises(httpx.ConnectError):
            httpx.get(s.url + "/health/live", timeout=2)
    finally:
        s.stop()


def test_two_workers_share_one_metrics_view():
    s = Server("--workers", "2")
    try:
        s.wait_ready()
        pids = set()
        for _ in range(40):
            with httpx.Client() as c:  # a new connection each time: either worker answers
                pids.add(c.get(s.url + "/health/live").json()["pid"])
                c.post(s.url + "/v.xml", content=VALID.read_bytes())
        total = 0.0
        for line in httpx.get(s.url + "/metrics").text.splitlines():
            if line.startswith('kommune_messages_validated_total{verdict="acceptable"}'):
                total = float(line.split()[-1])
        assert total == 40.0  # summed over both workers (multiprocess mode)
    finally:
        code, _ = s.stop()
    assert code in (0, -signal.SIGTERM)  # uvicorn re-raises the signal after shutdown


def test_the_daemon_documentations_curl_call(server):
    """The cURL example of the KoSIT daemon's documentation, unchanged but for the host."""
    import shutil

    if shutil.which("curl") is None:
        pytest.skip("curl is not installed")
    for message, code in ((VALID, "200"), (INVALID, "406")):
        r = subprocess.run(
            [
                "curl",
                "--silent",
                "--location",
                "--request",
                "POST",
                server.url,
                "--header",
                "Content-Type: application/xml",
                "--data-binary",
                f"@{message}",
                "--output",
                "/dev/null",
                "--write-out",
                "%{http_code}",
            ],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert r.stdout == code, (message.name, r.stdout, r.stderr)
