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

A missing file, subpackage or function means "contributes nothing" for that hook; a broken one
raises, and the host reports it under the plugin's name. The rules' law lives beside them in
``rules/norms.toml`` (read by the rules themselves, see ``docs/plugin-guide.md``).
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable
from importlib.resources import files
from types import ModuleType
from typing import Any

from ..domain.approvals import ApprovalData
from ..hookspecs import HOOK_TABLE, hookimpl
from ..loading.documents import load_data
from ..loading.refdata import LandFile, load_kommunen, load_land, load_providers

__all__ = ["PackagePlugin"]

#: How PackagePlugin reads each data file of the layout (``HookInfo.package_source``).
_DATA_READERS: dict[str, Callable[[Any], Any]] = {
    "kommunen.json": load_kommunen,
    "providers.toml": load_providers,
    "approvals.toml": lambda path: [load_data(path, ApprovalData)],
}


class PackagePlugin:
    """Implements every hook whose ``package_source`` in
    :data:`~kommune_core.hookspecs.HOOK_TABLE` is set, from the files and subpackages of
    ``package``."""

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

    def contribution(self, source: str) -> list[Any] | None:
        """What the layout holds at ``source`` (``data/FILE[#TABLE]`` or ``SUB:FUNCTION``);
        ``None`` if the file or subpackage is absent."""
        if source.startswith("data/"):
            name, _, table = source.removeprefix("data/").partition("#")
            if name == "land.toml":
                land = self._land
                if land is None:
                    return None
                return [land.land] if table == "land" else list(land.antragsportale)
            path = self.data / name
            return _DATA_READERS[name](path) if path.is_file() else None
        sub, _, function = source.partition(":")
        module = self._sub(sub)
        provide = None if module is None else getattr(module, function, None)
        return None if provide is None else provide()


def _implementation(source: str) -> Callable[[PackagePlugin], list[Any] | None]:
    def hook(self: PackagePlugin) -> list[Any] | None:
        return self.contribution(source)

    return hook


for _info in HOOK_TABLE:
    if _info.package_source is not None:
        _impl = _implementation(_info.package_source)
        _impl.__name__ = _impl.__qualname__ = _info.name
        setattr(PackagePlugin, _info.name, hookimpl(_impl))
