"""Hook implementations of the Thüringen plugin: data from ``data/``, rules from ``rules/``."""

from __future__ import annotations

from functools import cache
from importlib.resources import files

from kommune_core import hookimpl
from kommune_core.refdata import load_kommunen, load_land, load_providers

DATA = files(__package__ or "kommune_thueringen") / "data"


@cache
def _land():  # type: ignore[no-untyped-def]
    return load_land(DATA / "land.toml")


@hookimpl
def kommune_laender():  # type: ignore[no-untyped-def]
    return [_land().land]


@hookimpl
def kommune_kommunen():  # type: ignore[no-untyped-def]
    return load_kommunen(DATA / "kommunen.json")


@hookimpl
def kommune_providers():  # type: ignore[no-untyped-def]
    return load_providers(DATA / "providers.toml")


@hookimpl
def kommune_antragsportale():  # type: ignore[no-untyped-def]
    return list(_land().antragsportale)


@hookimpl
def kommune_rules():  # type: ignore[no-untyped-def]
    from . import rules

    return rules.rules()


@hookimpl
def kommune_schemas():  # type: ignore[no-untyped-def]
    from . import exchange

    return exchange.schemas()


@hookimpl
def kommune_codelists():  # type: ignore[no-untyped-def]
    from . import exchange

    return exchange.codelists()


@hookimpl
def kommune_scenarios():  # type: ignore[no-untyped-def]
    from . import exchange

    return exchange.scenarios()


@hookimpl
def kommune_message_checks():  # type: ignore[no-untyped-def]
    from . import exchange

    return exchange.message_checks()
