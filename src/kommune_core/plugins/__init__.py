"""Plugin loading: entry points, restriction, isolation of broken plugins."""

from .host import (
    ENTRY_POINT_GROUP,
    ENV_VAR,
    Contribution,
    LoadError,
    PluginError,
    PluginHost,
    PluginInfo,
    plugin_filter_from_env,
)
from .package import PackagePlugin

__all__ = [
    "ENTRY_POINT_GROUP",
    "ENV_VAR",
    "Contribution",
    "LoadError",
    "PackagePlugin",
    "PluginError",
    "PluginHost",
    "PluginInfo",
    "plugin_filter_from_env",
]
