"""Hook implementations of the built-in ``bund`` plugin (federal rules)."""

from __future__ import annotations

from kommune_core import hookimpl


@hookimpl
def kommune_rules():  # type: ignore[no-untyped-def]
    from .rules import rules

    return rules()
