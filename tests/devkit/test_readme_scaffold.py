"""The README's scaffold command works as written, in a fresh shell with only the installed
project: the key lists it names (``AGS_2026-04-30.xml``, ``Kreis_2026-01-31.xml``) are not
files there, so they come from XRepository (here a server on 127.0.0.1 serving the excerpts in
``fixtures/keylists``) into an empty code-list cache; the Land's name and ISO code follow from
its key. The generated plugin installs, shows in ``kommune plugins`` and passes its own tests
and the conformance suite."""

from __future__ import annotations

import http.server
import importlib.util
import re
import subprocess
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from kommune_core.codelists import read_genericode
from kommune_core.codelists.cache import CodeListCache
from kommune_core.devkit.scaffold import ScaffoldError, resolve_key_list

from .conftest import offline_env, pip_install

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
KEYLISTS = HERE / "fixtures" / "keylists"


def readme_scaffold_command() -> str:
    """The README's ``kommune plugin new`` command, continuation lines and all."""
    text = (ROOT / "README.md").read_text("utf-8")
    m = re.search(r"^\.venv/bin/kommune plugin new .*?(?:\\\n.*?)*$", text, re.MULTILINE)
    assert m, "README.md has no '.venv/bin/kommune plugin new' command"
    return m.group(0)


@pytest.fixture
def xrepository() -> Iterator[tuple[str, list[str]]]:
    """A fake XRepository serving the key-list excerpts; yields (base URL, requested paths)."""
    lists = {}
    for path in KEYLISTS.glob("*.xml"):
        cl = read_genericode(path)
        lists[f"/api/version_codeliste/{cl.urn}_{cl.version}/genericode"] = path.read_bytes()
    requested: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            requested.append(self.path)
            body = lists.get(self.path)
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", "application/xml")
            self.send_header("Content-Length", str(len(body or b"")))
            self.end_headers()
            self.wfile.write(body or b"")

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/", requested
    finally:
        server.shutdown()
        server.server_close()


def test_a_key_list_name_is_taken_from_the_cache_then_fetched(
    tmp_path: Path, xrepository: tuple[str, list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    url, requested = xrepository
    monkeypatch.setenv("KOMMUNE_XREPOSITORY_URL", url)
    monkeypatch.chdir(tmp_path)
    cache = CodeListCache(tmp_path / "cache")
    path = resolve_key_list("AGS_2026-04-30.xml", cache=cache)
    assert read_genericode(path).version == "2026-04-30"
    assert len(requested) == 1
    assert resolve_key_list("AGS_2026-04-30.xml", cache=cache) == path
    assert len(requested) == 1, "a cached version is not fetched again"
    with pytest.raises(ScaffoldError, match="not in the code-list cache .* and not fetched"):
        resolve_key_list("AGS_2020-01-01.xml", cache=cache)
    with pytest.raises(ScaffoldError, match="no such file; give a Destatis key list"):
        resolve_key_list("Gemeinden.xml", cache=cache)


@pytest.mark.slow
def test_the_readme_scaffold_command_works_as_written(
    tmp_path: Path,
    xrepository: tuple[str, list[str]],
    throwaway_venv: Callable[[Path], Path],
) -> None:
    if importlib.util.find_spec("hatchling") is None:  # a skip would hide the rot
        pytest.fail("the build backend hatchling is not installed; it is in the dev extras")
    url, _ = xrepository
    python = throwaway_venv(tmp_path / "venv")
    env = offline_env(
        python,
        KOMMUNE_CACHE_DIR=str(tmp_path / "empty-cache"),
        KOMMUNE_XREPOSITORY_URL=url,
    )

    def run(*args: str, cwd: Path) -> str:
        done = subprocess.run(
            args, cwd=cwd, env=env, capture_output=True, text=True, timeout=600, check=False
        )
        assert done.returncode == 0, f"{args} failed:\n{done.stdout}\n{done.stderr}"
        return done.stdout

    run(*pip_install(python, ROOT), cwd=tmp_path)
    work = tmp_path / "work"
    work.mkdir()
    (work / ".venv").symlink_to(python.parents[1])  # the README runs .venv/bin/kommune
    out = run("bash", "-euc", readme_scaffold_command(), cwd=work)
    assert "Plugin 'sachsen_anhalt' angelegt" in out
    project = work / "kommune-sachsen-anhalt"
    run(*pip_install(python, project), cwd=work)
    listing = run(str(python.parent / "kommune"), "plugins", cwd=work)
    assert re.search(r"│ sachsen_anhalt\s+│ kommune-sachsen-anhalt", listing), listing
    tests = run(str(python), "-m", "pytest", "-q", "-p", "no:cacheprovider", cwd=project)
    assert re.search(r"\b\d+ passed", tests) and "failed" not in tests, tests
    conformance = run(
        str(python),
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        "--kommune-conformance=sachsen_anhalt",
        cwd=project,
    )
    assert re.search(r"\b\d+ passed", conformance), conformance
    assert "failed" not in conformance and "skipped" not in conformance, conformance
