"""A ready-made plugin for a Land package laid out like the bundled ones.

Layout (inside the package)::

    data/land.toml        the Land, its Antragsportale  → kommune_laender, kommune_antragsportale
    data/kommunen.json    official keys (import-codelist) → kommune_kommunen
    data/providers.toml   providers, Satzung, members   → kommune_providers
    data/approvals.toml   authorities, steps, costs     → kommune_approvals
    rules/__init__.py     ``rules()``                   → kommune_rules
    exchange/__init__.py  ``schemas()``, ``codelists()``, ``scenarios()``, ``message_checks()``

A plugin module then needs one line, and its entry point names the object::

    plugin = PackagePlugin(__package__)      # [project.entry-points.kommune_core]
                                             # mystate = "kommune_mystate.plugin:plugin"

A missing file or subpackage means "contributes nothing" for that hook; a broken one raises,
and the host reports it under the plugin's name.
"""

from __future__ import annotations

import functools
import importlib
from importlib.resources import files
from types import ModuleType
from typing import Any

from ..hookspecs import hookimpl
from ..refdata import LandFile, load_kommunen, load_land, load_providers

__all__ = ["PackagePlugin"]


class PackagePlugin:
    """Implements every data hook from the files and subpackages of ``package``."""

    def __init__(self, package: str) -> None:
        self.package = package
        self.data = files(package) / "data"

    def __repr__(self) -> str:
        return f"PackagePlugin({self.package!r})"

    @functools.cached_property
    def _land(self) -> LandFile | None:
        path = self.data / "land.toml"
        return load_land(path) if path.is_file() else None

    def _sub(self, name: str) -> ModuleType | None:
        try:
            return importlib.import_module(f"{self.package}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"{self.package}.{name}":
                return None
            raise

    def _call(self, sub: str, function: str) -> list[Any] | None:
        module = self._sub(sub)
        return None if module is None else getattr(module, function)()

    @hookimpl
    def kommune_laender(self):  # type: ignore[no-untyped-def]
        return None if self._land is None else [self._land.land]

    @hookimpl
    def kommune_antragsportale(self):  # type: ignore[no-untyped-def]
        return None if self._land is None else list(self._land.antragsportale)

    @hookimpl
    def kommune_kommunen(self):  # type: ignore[no-untyped-def]
        path = self.data / "kommunen.json"
        return load_kommunen(path) if path.is_file() else None

    @hookimpl
    def kommune_providers(self):  # type: ignore[no-untyped-def]
        path = self.data / "providers.toml"
        return load_providers(path) if path.is_file() else None

    @hookimpl
    def kommune_approvals(self):  # type: ignore[no-untyped-def]
        path = self.data / "approvals.toml"
        if not path.is_file():
            return None
        from ..datafiles import load_data
        from ..domain.approvals import ApprovalData

        return [load_data(path, ApprovalData)]

    @hookimpl
    def kommune_rules(self):  # type: ignore[no-untyped-def]
        return self._call("rules", "rules")

    @hookimpl
    def kommune_schemas(self):  # type: ignore[no-untyped-def]
        return self._call("exchange", "schemas")

    @hookimpl
    def kommune_codelists(self):  # type: ignore[no-untyped-def]
        return self._call("exchange", "codelists")

    @hookimpl
    def kommune_scenarios(self):  # type: ignore[no-untyped-def]
        return self._call("exchange", "scenarios")

    @hookimpl
    def kommune_message_checks(self):  # type: ignore[no-untyped-def]
        return self._call("exchange", "message_checks")
