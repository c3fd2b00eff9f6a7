"""docs/plugin-guide.md cannot rot: its marked commands run here, literally, in order.

Every fenced block right after a ``<!-- guide:run -->`` line runs in one bash script
(``set -euo pipefail``) in an empty folder, inside a throwaway virtualenv that sees this
environment's packages (through a ``.pth`` file) and into which kommune-core itself is
installed from the source tree — all offline (``PIP_NO_INDEX``). The key-list variables the
guide asks the reader to set point at the excerpts in ``fixtures/keylists``.

This is also the issue's "done when": scaffolding a Sachsen-Anhalt plugin, installing it,
``kommune plugins`` shows it next to the two bundled plugins and ``kommune kommunen --land 15``
lists its sample Kommunen.
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
from pathlib import Path

import pytest

from kommune_core.codelists import read_genericode
from kommune_core.hookspecs import HOOKS

from .conftest import offline_env, pip_install

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
GUIDE = ROOT / "docs" / "plugin-guide.md"
HOOKS_DOC = ROOT / "docs" / "hooks.md"
KEYLISTS = HERE / "fixtures" / "keylists"
MARK = "<!-- guide:run -->"
_BLOCK = re.compile(
    r"^" + re.escape(MARK) + r"[ \t]*\n```(?:sh|bash)[ \t]*\n(.*?)^```[ \t]*$",
    re.MULTILINE | re.DOTALL,
)


def guide_blocks(text: str) -> list[str]:
    """The marked shell blocks of the guide, in order."""
    blocks = _BLOCK.findall(text)
    marks = len(re.findall(r"^" + re.escape(MARK), text, re.MULTILINE))
    if marks != len(blocks):
        raise AssertionError(
            f"{MARK} must stand right before a ```sh block ({marks} marks, {len(blocks)} blocks)"
        )
    return blocks


def test_every_hook_is_linked_to_its_reference() -> None:
    guide = GUIDE.read_text("utf-8")
    headings = set(re.findall(r"^##+ `?(\w+)`?\s*$", HOOKS_DOC.read_text("utf-8"), re.MULTILINE))
    for hook in HOOKS:
        assert f"(hooks.md#{hook})" in guide, f"the guide does not link {hook}"
        assert hook in headings, f"docs/hooks.md has no heading {hook!r} for the guide's link"


def test_the_guide_covers_scaffold_install_rule_schema_and_suite() -> None:
    script = "\n".join(guide_blocks(GUIDE.read_text("utf-8")))
    for needle in (
        "kommune plugin new",
        "pip install",
        "kommune plugins",
        "kommune kommunen --land 15",
        "rules/datenschutz.py",
        "tests/test_datenschutz.py",
        "exchange/examples/",
        "--kommune-conformance=sachsen_anhalt",
    ):
        assert needle in script, f"no marked guide command contains {needle!r}"


@pytest.mark.slow
def test_guide_commands_run_literally(tmp_path: Path, throwaway_venv) -> None:  # type: ignore[no-untyped-def]
    if not (ROOT / "pyproject.toml").is_file():
        pytest.skip("kommune-core is not installed from a source tree")
    if importlib.util.find_spec("hatchling") is None:  # a skip would hide the guide's rot
        pytest.fail(
            "the build backend hatchling is not installed; it belongs in the dev extras "
            "(plugins install offline with --no-build-isolation)"
        )
    python = throwaway_venv(tmp_path / "venv")
    env = offline_env(
        python,
        KREIS_LIST=str(KEYLISTS / "kreis-15-excerpt.xml"),
        AGS_LIST=str(KEYLISTS / "ags-15-excerpt.xml"),
        ARS_LIST=str(KEYLISTS / "rs-15-excerpt.xml"),
    )
    setup = subprocess.run(
        pip_install(python, ROOT),
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert setup.returncode == 0, setup.stdout + setup.stderr
    blocks = guide_blocks(GUIDE.read_text("utf-8"))
    script = "set -euo pipefail\n" + "".join(
        f"echo '::guide-block {i}::'\n{block}\n" for i, block in enumerate(blocks)
    )
    work = tmp_path / "work"
    work.mkdir()
    run = subprocess.run(
        ["bash", "-c", script],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert run.returncode == 0, f"a guide command failed:\n{run.stdout}\n{run.stderr}"
    out = dict(
        re.findall(r"::guide-block (\d+)::\n(.*?)(?=::guide-block |\Z)", run.stdout, re.DOTALL)
    )
    listing = next(text for text in out.values() if "Plugins" in text and "Kommunen" in text)
    for plugin in ("sachsen_anhalt", "thueringen", "sachsen"):
        assert re.search(rf"│ {plugin}\s+│", listing), f"kommune plugins lacks {plugin}"
    ags = read_genericode(KEYLISTS / "ags-15-excerpt.xml")
    for row in ags.records():
        key, name = row["SCHLUESSEL"], row["Bezeichnung"]
        assert (key in listing) is key.startswith("15"), f"kommunen --land 15 and {key}"
        if key.startswith("15"):
            assert name in listing
    assert "kommune-conformance" not in listing
    assert re.search(r"\d+ passed", run.stdout) and " failed" not in run.stdout
