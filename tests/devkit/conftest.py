"""Fixtures of the developer-kit tests: the deliberately broken fixture plugins (installed by
putting their folder, which holds their ``.dist-info``, on ``sys.path``) and the excerpts of
the official key lists."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
from collections.abc import Callable
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
FIXTURE_PLUGINS = HERE / "fixtures" / "plugins"
KEYLISTS = HERE / "fixtures" / "keylists"
KREIS_LIST = KEYLISTS / "kreis-15-excerpt.xml"
AGS_LIST = KEYLISTS / "ags-15-excerpt.xml"
ARS_LIST = KEYLISTS / "rs-15-excerpt.xml"


@pytest.fixture
def fixture_plugins(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Make the fixture plugins ``broken`` and ``misspelled`` installed for this test."""
    monkeypatch.syspath_prepend(str(FIXTURE_PLUGINS))
    return FIXTURE_PLUGINS


def _throwaway_venv(path: Path) -> Path:
    """A new virtualenv at ``path`` that also sees this environment's packages (through a
    ``.pth`` file, so the editable installs of this tree count); returns its python."""
    subprocess.run(
        [sys.executable, "-m", "venv", "--without-pip", str(path)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    python = path / "bin" / "python"
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    # addsitedir also processes the .pth files there (the editable installs of this tree).
    here = sysconfig.get_path("purelib")
    Path(purelib, "_kommune_dev_env.pth").write_text(
        f"import site; site.addsitedir({here!r})\n", encoding="utf-8"
    )
    return python


@pytest.fixture
def throwaway_venv() -> Callable[[Path], Path]:
    return _throwaway_venv


def offline_env(python: Path, **extra: str) -> dict[str, str]:
    """This process's environment for commands in the throwaway venv of ``python``: without
    the plugin filter, pytest options, ``PYTHONPATH`` and the outer venv; the venv first on
    ``PATH``; pip offline; no ``.pyc`` files; wide terminal output; then ``extra``."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("KOMMUNE_PLUGINS", "PYTEST_ADDOPTS", "PYTHONPATH", "VIRTUAL_ENV")
    }
    env.update(
        PATH=f"{python.parent}{os.pathsep}{env.get('PATH', '')}",
        VIRTUAL_ENV=str(python.parents[1]),
        PIP_NO_INDEX="1",
        PIP_DISABLE_PIP_VERSION_CHECK="1",
        PYTHONDONTWRITEBYTECODE="1",
        COLUMNS="200",
        **extra,
    )
    return env


def pip_install(python: Path, project: Path) -> list[str]:
    """The command that installs ``project`` into the venv of ``python``, offline, quietly,
    without dependencies and without build isolation."""
    return [
        str(python),
        "-m",
        "pip",
        "install",
        "-q",
        "--no-deps",
        "--no-build-isolation",
        str(project),
    ]
