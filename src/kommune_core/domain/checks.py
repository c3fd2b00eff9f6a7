"""attrs validators that more than one domain value uses, each written once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import attrs

__all__ = ["at_least", "last_day"]

Validator = Callable[[Any, "attrs.Attribute[Any]", Any], None]


def at_least(minimum: int) -> Validator:
    """An optional number (``None``: not known) that is at least ``minimum``."""
    return attrs.validators.optional(attrs.validators.ge(minimum))


def last_day(first: str, who: Callable[[Any], str] = lambda inst: "") -> Validator:
    """A last day (``None``: open) that does not lie before the value's field ``first``
    (``None``: not known); ``who(inst)`` starts the message (``"rule 'x': "``)."""

    def check(inst: Any, attribute: attrs.Attribute[Any], value: dt.date | None) -> None:
        start = getattr(inst, first)
        if value is not None and start is not None and value < start:
            raise ValueError(
                f"{who(inst)}{attribute.name}: {value} lies before {first} {start} "
                f"({attribute.name} is the last day)"
            )

    return check
