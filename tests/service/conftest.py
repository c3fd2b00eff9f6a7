"""Fixtures for the service tests: the app in-process (Starlette's TestClient runs the
lifespan) and ``kommune serve`` as a subprocess on a free port of 127.0.0.1."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("starlette")
pytest.importorskip("uvicorn")
pytest.importorskip("httpx")

ROOT = Path(__file__).resolve().parents[2]
MESSAGES = ROOT / "examples" / "messages"
VALID = MESSAGES / "th-antrag-valid.xml"
INVALID = MESSAGES / "th-antrag-invalid-xsd.xml"
KOMMUNE = [str(Path(sys.executable).parent / "kommune")]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def make_client(options: Any = None, engine: Any = None, catalog: Any = None) -> Any:
    with warnings.catch_warnings():  # Starlette prefers httpx2 for its TestClient
        warnings.simplefilter("ignore")
        from starlette.testclient import TestClient

    from kommune_core.service.app import ServiceOptions, create_app
    from kommune_core.service.engine_adapter import EngineOptions, ServiceEngine

    options = options or ServiceOptions(engine=EngineOptions.of(plugins=("thueringen", "sachsen")))
    if engine is None:
        engine = ServiceEngine(options.engine, catalog)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return TestClient(create_app(options, engine=engine, compat_catalog=catalog))


@pytest.fixture(scope="module")
def client(catalog: Any) -> Iterator[Any]:
    """The app in this process, on the two bundled plugins (loaded once per module)."""
    with make_client(catalog=catalog) as c:
        yield c


class Server:
    """``kommune serve`` in a subprocess; ``url`` once /health/ready answers."""

    def __init__(self, *args: str, env: dict[str, str] | None = None) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        full_env = {**os.environ, "KOMMUNE_PLUGINS": "thueringen,sachsen", **(env or {})}
        full_env.pop("PROMETHEUS_MULTIPROC_DIR", None)
        self.proc = subprocess.Popen(
            [*KOMMUNE, "serve", "--port", str(self.port), *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=full_env,
            cwd=ROOT,
        )

    def wait_ready(self, timeout: float = 60.0) -> None:
        import httpx

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(
                    f"server exited {self.proc.returncode}: {self.proc.stderr.read().decode()}"
                )  # type: ignore[union-attr]
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(self.url + "/health/ready", timeout=2).status_code == 200:
                    return
            time.sleep(0.2)
        raise AssertionError("server not ready in time")

    def stop(self) -> tuple[int, str]:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            _out, err = self.proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            _out, err = self.proc.communicate()
        return self.proc.returncode, err.decode("utf-8", "replace")


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    s = Server("--time-budget", "5")
    try:
        s.wait_ready()
        yield s
    finally:
        s.stop()
