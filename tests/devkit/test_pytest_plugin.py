"""The conformance suite as a pytest plugin (entry point ``pytest11``), run as a user would:
``pytest --kommune-conformance=NAME`` in a fresh process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

FIXTURE_PLUGINS = Path(__file__).resolve().parent / "fixtures" / "plugins"


def _pytest(
    tmp_path: Path, *args: str, pythonpath: Path | None = None
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("KOMMUNE_PLUGINS", "PYTEST_ADDOPTS")}
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath)
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", *args],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_idle_without_the_option(tmp_path: Path) -> None:
    """Loaded in every pytest run, the plugin imports nothing heavy and adds no test."""
    (tmp_path / "test_probe.py").write_text(
        "import sys\n"
        "def test_nothing_heavy_loaded():\n"
        "    loaded = [m for m in ('kommune_core.devkit.conformance', 'kommune_core.catalog',\n"
        "              'kommune_core.plugins', 'lxml.etree') if m in sys.modules]\n"
        "    assert not loaded, loaded\n"
        "    assert 'kommune_core.devkit.pytest_plugin' in sys.modules\n",
        encoding="utf-8",
    )
    run = _pytest(tmp_path)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "1 passed" in run.stdout


def test_bundled_plugins_pass_through_pytest(tmp_path: Path) -> None:
    run = _pytest(
        tmp_path,
        "--kommune-conformance=thueringen",
        "--kommune-conformance=sachsen",
        "-m",
        "kommune_conformance",
        "-rA",
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "PASSED kommune-conformance[thueringen]::kommunen" in run.stdout
    assert "PASSED kommune-conformance[sachsen]::hooks" in run.stdout
    assert "failed" not in run.stdout


def test_broken_plugin_fails_with_named_problems(tmp_path: Path) -> None:
    run = _pytest(
        tmp_path,
        "--kommune-conformance=broken",
        "-m",
        "kommune_conformance",
        pythonpath=FIXTURE_PLUGINS,
    )
    assert run.returncode == 1, run.stdout + run.stderr
    out = run.stdout
    assert "FAILED kommune-conformance[broken]::rule:broken.englisch" in out
    assert (
        "plugin 'broken', hook kommune_rules, Rule 'broken.englisch': the reason "
        "'The provider can serve this Kommune.' reads as English"
    ) in out
    assert (
        "plugin 'broken', hook kommune_antragsportale, the hook implementation: "
        "RuntimeError: Portaldaten nicht lesbar"
    ) in out
    assert "Traceback" not in out  # a conformance failure is a message, not a stack trace
    assert "passed" in out  # the sound parts (e.g. rule broken.gut) pass


def test_conformance_items_join_the_other_tests(tmp_path: Path) -> None:
    (tmp_path / "test_own.py").write_text("def test_own():\n    pass\n", encoding="utf-8")
    run = _pytest(tmp_path, "--kommune-conformance=nope")
    assert run.returncode == 1, run.stdout + run.stderr
    assert "1 failed, 1 passed" in run.stdout
    assert "no such plugin installed" in run.stdout
