"""Limits that keep the service alive: body size, time budget, back-pressure, token auth,
slow uploads. The engine double below blocks until the test lets it go, so the tests
sequence requests by events, never by timing."""

from __future__ import annotations

import logging
import threading
from typing import Any

import pytest

from kommune_core.service.app import ServiceOptions
from kommune_core.service.engine_adapter import EngineOptions, ServiceEngine

from .conftest import INVALID, VALID, make_client

OPTS = EngineOptions.of(plugins=("thueringen", "sachsen"))


class HeldEngine(ServiceEngine):
    """The real engine, except that a message containing ``HOLD`` waits for ``release``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.entered = threading.Semaphore(0)
        self.release = threading.Event()

    def validate_bytes(self, data: bytes, name: str) -> Any:
        if b"HOLD" in data:
            self.entered.release()
            assert self.release.wait(30)
        return super().validate_bytes(data, name)


def _in_thread(fn: Any) -> tuple[threading.Thread, list[Any]]:
    out: list[Any] = []
    t = threading.Thread(target=lambda: out.append(fn()))
    t.start()
    return t, out


def test_body_over_the_limit_is_413(catalog):
    options = ServiceOptions(engine=OPTS, max_body=1000)
    with make_client(options, catalog=catalog) as c:
        big = b"<a>" + b"x" * 2000 + b"</a>"
        assert c.post("/a.xml", content=big).status_code == 413  # Content-Length
        chunks = iter([big[:600], big[600:1200], big[1200:]])
        assert c.post("/a.xml", content=chunks).status_code == 413  # chunked, counted
        assert (
            c.post(
                "/validate", content=big, headers={"Content-Type": "application/zip"}
            ).status_code
            == 413
        )
        assert c.post("/a.xml", content=b"<a/>").status_code == 406  # small is fine


def test_over_the_time_budget_is_503_with_retry_after_and_the_worker_lives_on(catalog):
    options = ServiceOptions(engine=OPTS, time_budget=0.2, concurrency=1, queue=4)
    engine = HeldEngine(OPTS, catalog)
    with make_client(options, engine=engine) as c:
        r = c.post("/slow.xml", content=b"<HOLD/>")
        assert r.status_code == 503
        assert r.headers["retry-after"] == "1"
        assert "time budget" in r.text or "longer than" in r.text
        engine.release.set()  # the thread finishes its message; the worker goes on
        assert c.post("/v.xml", content=VALID.read_bytes()).status_code == 200
        assert "kommune_time_budget_exceeded_total 1.0" in c.get("/metrics").text


def test_a_full_queue_is_503_at_once(catalog):
    options = ServiceOptions(engine=OPTS, concurrency=1, queue=0, time_budget=30)
    engine = HeldEngine(OPTS, catalog)
    with make_client(options, engine=engine) as c:
        t, out = _in_thread(lambda: c.post("/first.xml", content=b"<HOLD/>"))
        assert engine.entered.acquire(timeout=30)  # the only slot is taken
        r = c.post("/second.xml", content=VALID.read_bytes())
        assert r.status_code == 503 and r.headers["retry-after"] == "1"
        assert "in flight" in r.text
        engine.release.set()
        t.join(30)
        assert out[0].status_code == 406  # <HOLD/> matches no scenario
        assert c.post("/third.xml", content=VALID.read_bytes()).status_code == 200


def test_queued_requests_wait_for_a_slot(catalog):
    options = ServiceOptions(engine=OPTS, concurrency=1, queue=1, time_budget=30)
    engine = HeldEngine(OPTS, catalog)
    with make_client(options, engine=engine) as c:
        t1, out1 = _in_thread(lambda: c.post("/first.xml", content=b"<HOLD/>"))
        assert engine.entered.acquire(timeout=30)
        t2, out2 = _in_thread(lambda: c.post("/queued.xml", content=VALID.read_bytes()))
        # the queue has room for one: a third request finds it full only once the second
        # is admitted; release and check both answer normally
        engine.release.set()
        t1.join(30)
        t2.join(30)
        assert out1[0].status_code == 406 and out2[0].status_code == 200


def test_token_auth(tmp_path, catalog, caplog):
    token = "s3cret-token-value"
    path = tmp_path / "tokens"
    path.write_text(f"# comment\nother-token\n{token}\n")
    options = ServiceOptions(engine=OPTS, token_file=str(path))
    caplog.set_level(logging.INFO, logger="kommune.service.access")
    with make_client(options, catalog=catalog) as c:
        data = VALID.read_bytes()
        assert c.post("/v.xml", content=data).status_code == 401
        r = c.post("/v.xml", content=data, headers={"Authorization": "Bearer wrong"})
        assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"
        assert (
            c.post("/v.xml", content=data, headers={"Authorization": f"Basic {token}"}).status_code
            == 401
        )
        ok = c.post("/v.xml", content=data, headers={"Authorization": f"Bearer {token}"})
        assert ok.status_code == 200
        assert c.get("/metrics").status_code == 401
        # probes stay open for the orchestrator
        assert c.get("/health/ready").status_code == 200
        assert c.get("/server/health").status_code == 200
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert '"status": 401' in logged and '"status": 200' in logged
    assert token not in logged and "wrong" not in logged


def test_empty_token_file_is_refused(tmp_path, catalog):
    path = tmp_path / "tokens"
    path.write_text("\n# nothing\n")
    with pytest.raises(ValueError, match="no token"):
        make_client(ServiceOptions(engine=OPTS, token_file=str(path)), catalog=catalog)


def test_access_log_is_json_lines(client, caplog):
    import json

    caplog.set_level(logging.INFO, logger="kommune.service.access")
    client.post("/x/m.xml", content=INVALID.read_bytes())
    line = json.loads(
        [r.getMessage() for r in caplog.records if r.name == "kommune.service.access"][-1]
    )
    assert line["method"] == "POST" and line["path"] == "/x/m.xml" and line["status"] == 406
    assert {"ts", "id", "ms", "bytes", "client", "pid"} <= set(line)


def test_findings_per_message_are_capped(catalog):
    options = ServiceOptions(engine=EngineOptions.of(plugins=("thueringen",), max_findings=3))
    data = VALID.read_bytes()
    end = data.index(b">", data.index(b"<th:antrag"))
    stray = b" ".join(b'x%d="1"' % k for k in range(50))
    hostile = data[:end] + b" " + stray + data[end:]
    with make_client(options, catalog=catalog) as c:
        doc = c.post("/h.xml", content=hostile, headers={"Accept": "application/json"}).json()
    errors = doc["files"][0]["errors"]
    assert len(errors) == 4
    assert errors[-1]["rule"] == "service:findings-truncated"
    omitted = int(errors[-1]["message"].split()[0])
    assert omitted >= 47 and "weitere Befunde" in errors[-1]["message"]
