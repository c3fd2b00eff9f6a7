"""``kommune validate --schema X.xsd --checks xsd`` imports only what it uses: no plugin
catalog, no domain model beyond the scenario value, no pluggy or entry-point scan, and neither
xmlschema (the detail pass of an invalid message), Saxon nor rich unless they are needed.

``kommune --help``, which imports every command module for its short help, imports none of
what the commands run.

Each run is a fresh interpreter (the test process has imported everything long ago); it
reports ``sys.modules`` as the command leaves it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

KOSIT = Path(__file__).parent / "fixtures/kosit"
SCHEMA = KOSIT / "repository/test.xsd"
VALID = KOSIT / "messages/antrag-ok.xml"
INVALID = KOSIT / "messages/antrag-xsd-fehler.xml"

#: runs ``kommune ARGS…`` (output to a pipe, as in a script), then writes the exit code and
#: the names in sys.modules to the file named by the first argument
PROBE = """
import json, sys
from kommune_core.cli import main
out, args = sys.argv[1], sys.argv[2:]
try:
    main(args)
except SystemExit as exc:
    code = exc.code
with open(out, "w", encoding="utf-8") as f:
    json.dump({"code": code, "modules": sorted(sys.modules)}, f)
"""

#: never needed by --schema … --checks xsd
NEVER = (
    "kommune_core.catalog",
    "kommune_core.hookspecs",
    "kommune_core.plugins",
    "kommune_core.engine",
    "kommune_core.loading",
    "pluggy",
    "importlib.metadata",
    "cattrs",
    "saxonche",
    "rich",
)
#: the domain model: only the scenario value is used
DOMAIN_USED = {"kommune_core.domain", "kommune_core.domain.exchange"}


def imported(tmp_path: Path, *args: str) -> tuple[int, set[str]]:
    out = tmp_path / "modules.json"
    subprocess.run([sys.executable, "-c", PROBE, str(out), *args], capture_output=True, check=True)
    got = json.loads(out.read_text(encoding="utf-8"))
    return got["code"], set(got["modules"])


def loaded(modules: set[str], package: str) -> bool:
    return any(m == package or m.startswith(f"{package}.") for m in modules)


def xsd_run(*extra: str) -> list[str]:
    return ["validate", "--schema", str(SCHEMA), "--checks", "xsd", "--offline", *extra]


@pytest.mark.parametrize(
    ("message", "extra", "code"),
    [(VALID, (), 0), (INVALID, ("--xsd-detail", "never"), 1)],
    ids=["valid", "invalid-no-detail"],
)
def test_schema_xsd_run_imports_only_what_it_uses(
    tmp_path: Path, message: Path, extra: tuple[str, ...], code: int
) -> None:
    exit_code, modules = imported(tmp_path, *xsd_run(*extra, str(message)))
    assert exit_code == code
    assert [p for p in NEVER if loaded(modules, p)] == []
    assert {m for m in modules if loaded({m}, "kommune_core.domain")} <= DOMAIN_USED
    assert not loaded(modules, "xmlschema")
    assert not loaded(modules, "elementpath")


def test_the_probe_sees_what_a_run_needs(tmp_path: Path) -> None:
    """The same probe sees xmlschema when an invalid message is explained, and the catalog
    and domain model when all checks run (plugin code lists): it can fail."""
    exit_code, modules = imported(tmp_path, *xsd_run(str(INVALID)))
    assert exit_code == 1
    assert loaded(modules, "xmlschema")
    exit_code, modules = imported(
        tmp_path, "validate", "--schema", str(SCHEMA), "--offline", str(VALID)
    )
    assert exit_code == 0
    assert loaded(modules, "kommune_core.catalog")
    assert loaded(modules, "kommune_core.domain.providers")


def test_help_imports_none_of_what_the_commands_run(tmp_path: Path) -> None:
    exit_code, modules = imported(tmp_path, "--help")
    assert exit_code == 0
    heavy = (*NEVER, "requests", "jinja2", "kommune_core.reports.compatibility.html")
    assert [p for p in heavy if loaded(modules, p)] == []
