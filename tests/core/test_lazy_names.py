"""Public names stay importable where packages import them lazily (PEP 562, see
:mod:`kommune_core._lazy`): every name of every public package's ``__all__`` resolves, ``from
package import *`` gives them all, and a package offers no lazy name it does not export.

Checked in a fresh interpreter: in this one the other tests have imported everything already,
so a lazy name that resolves here might only do so because its module happens to be loaded."""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys
from typing import Any

import pytest

import kommune_core

#: Run in a fresh interpreter: for each package (imported first, all of them, before any name
#: is looked up), the names ``dir()`` offers that are not yet in its namespace (the lazy ones
#: still to resolve), then per package the ``__all__`` names that do not resolve or that
#: ``import *`` does not bind.
PROBE = """
import importlib, json, sys
packages = sys.argv[1:]
mods = {p: importlib.import_module(p) for p in packages}
pending = {p: sorted(set(dir(m)) - set(vars(m))) for p, m in mods.items()}
broken = {}
for p, m in mods.items():
    names = list(getattr(m, "__all__", ()))
    missing = [n for n in names if not hasattr(m, n)]
    star = {}
    exec(f"from {p} import *", star)
    unbound = [n for n in names if n not in star]
    if missing or unbound:
        broken[p] = {"missing": missing, "not bound by import *": unbound}
exported = {p: list(getattr(m, "__all__", ())) for p, m in mods.items()}
json.dump({"pending": pending, "all": exported, "broken": broken}, sys.stdout)
"""


def public_packages() -> list[str]:
    """``kommune_core`` and every subpackage without a leading underscore in its path."""
    found = ["kommune_core"]
    for info in pkgutil.walk_packages(kommune_core.__path__, "kommune_core."):
        if info.ispkg and not any(part.startswith("_") for part in info.name.split(".")):
            found.append(info.name)
    return found


def probe(packages: list[str]) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, "-c", PROBE, *packages], capture_output=True, text=True, check=True
    )
    result: dict[str, Any] = json.loads(out.stdout)
    return result


def test_the_walk_finds_the_lazy_packages() -> None:
    packages = public_packages()
    for name in ("kommune_core", "kommune_core.domain", "kommune_core.codelists"):
        assert name in packages


def test_every_exported_name_resolves_and_no_lazy_name_is_unexported() -> None:
    packages = [p for p in public_packages() if p != "kommune_core.service"]
    got = probe(packages)
    assert got["broken"] == {}
    for package, pending in got["pending"].items():
        assert set(pending) <= set(got["all"][package]), package


@pytest.mark.parametrize(
    ("package", "lazy"),
    [
        ("kommune_core", ["hookimpl", "hookspec"]),
        ("kommune_core.domain", None),  # None: every name of __all__
        ("kommune_core.codelists", None),
        ("kommune_core.validation", None),
    ],
)
def test_importing_a_lazy_package_imports_none_of_its_names(
    package: str, lazy: list[str] | None
) -> None:
    got = probe([package])
    assert got["broken"] == {}
    assert got["pending"][package] == sorted(lazy or got["all"][package])


def test_the_service_names_resolve() -> None:
    pytest.importorskip("starlette")
    assert probe(["kommune_core.service"])["broken"] == {}
