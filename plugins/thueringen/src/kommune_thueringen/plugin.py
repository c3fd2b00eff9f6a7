"""The Thüringen plugin: Land and portals from ``data/land.toml``, Kommunen from
``data/kommunen.json``, providers from ``data/providers.toml``, rules from ``rules/``, XML
schemas and scenarios from ``exchange/`` (see :class:`kommune_core.plugins.PackagePlugin`)."""

from __future__ import annotations

from kommune_core.plugins import PackagePlugin

plugin = PackagePlugin(__package__ or "kommune_thueringen")
