"""Shared fixtures. Tests never load plugins implicitly: ``catalog`` loads the installed
Thüringen and Sachsen distributions explicitly through their entry points."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from kommune_core.catalog import Catalog, load_catalog
from kommune_core.loading import DataFileError

ROOT = Path(__file__).resolve().parents[1]
CORPUS = (ROOT / ".." / "shared" / "corpus").resolve()


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    """The real installed plugins, loaded through entry points, strict."""
    return load_catalog(["thueringen", "sachsen"], strict=True).load_all()


@pytest.fixture(scope="session")
def corpus() -> Path:
    """``../shared/corpus`` — skips the test cleanly where it is absent."""
    if not (CORPUS / "README.md").is_file():
        pytest.skip("../shared/corpus is not present")
    return CORPUS


@pytest.fixture(autouse=True)
def _no_env_plugin_filter(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KOMMUNE_PLUGINS", raising=False)


@pytest.fixture
def chromium() -> str:
    """Headless Chromium's path; skips where it is missing, fails in CI (``make test``
    installs Debian's chromium there)."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    if os.environ.get("CI"):
        pytest.fail("chromium is missing in CI (make test installs Debian's chromium)")
    pytest.skip("headless Chromium is not installed")


def data_file_error(path: Path, text: str, load: Callable[[Path], object]) -> str:
    """Write ``text`` to ``path`` and return the message of the ``DataFileError`` that
    ``load(path)`` raises (the test fails if it raises none)."""
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataFileError) as err:
        load(path)
    return str(err.value)


def headless_chromium(
    browser: str, profile: Path, *args: str, timeout: int
) -> subprocess.CompletedProcess[str]:
    """``browser`` headless with the profile folder ``profile`` and the given arguments; no
    sandbox, GPU or first-run page, and no background traffic (loopback only: no updates, no
    sync)."""
    return subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A folder served on 127.0.0.1 (the browser tests' pages): ``(folder, base URL)``."""
    root = tmp_path / "www"
    root.mkdir()
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield root, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
