"""Helpers for plugin authors' tests: ask one rule about one case, without the engine.
The rule is called as is: its ``areas``/``lands`` filters and dates, which the engine applies,
are not checked here.

>>> finding = ask_rule(catalog, "bb.portal", "12051000", "kvbb",
...                    ServiceArea.ONLINE_DIENSTE, on=date(2026, 1, 1))   # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..catalog import Catalog
from ..domain import Case, Provider, ServiceArea, Setup

__all__ = ["ask_rule"]


def ask_rule(
    catalog: Catalog,
    rule_id: str,
    kommune: str,
    provider: str | Provider,
    area: ServiceArea,
    *,
    on: dt.date,
    setup: Setup | None = None,
    plugin: str | None = None,
) -> Any:
    """Call the shipped rule ``rule_id`` (of ``plugin``, if given) directly on one case and
    return what it returns: a finding, several, or ``None``. ``kommune`` is any official key;
    ``provider`` an id or a (e.g. ``attrs.evolve``-d) :class:`Provider`."""
    pairs = [(p, r) for p, r in catalog.rules if r.id == rule_id and plugin in (None, p)]
    if not pairs:
        raise LookupError(f"no rule {rule_id!r}" + (f" in plugin {plugin!r}" if plugin else ""))
    owner, rule = pairs[0]
    prov = catalog.provider(provider) if isinstance(provider, str) else provider
    case = Case(catalog.kommune(kommune), prov, area, on, catalog, setup, plugin=owner)
    return rule.check(rule, case)
