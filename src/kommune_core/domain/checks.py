"""attrs validators that more than one domain value uses, each written once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import attrs

__all__ = ["at_least", "last_day", "not_before"]

Validator = Callable[[Any, "attrs.Attribute[Any]", Any], None]


def at_least(minimum: int) -> Validator:
    """An optional number (``None``: not known) that is at least ``minimum``."""
    return attrs.validators.optional(attrs.validators.ge(minimum))


def not_before(
    first: str, who: Callable[[Any], str] = lambda inst: "", *, why: str = ""
) -> Validator:
    """A day (``None``: not known) that does not lie before the value's field ``first``
    (``None``: not known; the same day is allowed); ``who(inst)`` starts the message
    (``"rule 'x': "``), ``why`` ends it (``"is the last day"``)."""

    def check(inst: Any, attribute: attrs.Attribute[Any], value: dt.date | None) -> None:
        start = getattr(inst, first)
        if value is not None and start is not None and value < start:
            because = f" ({attribute.name} {why})" if why else ""
            raise ValueError(
                f"{who(inst)}{attribute.name}: {value} lies before {first} {start}{because}"
            )

    return check


def last_day(first: str, who: Callable[[Any], str] = lambda inst: "") -> Validator:
    """A last day (``None``: open) that does not lie before the value's field ``first``
    (``None``: not known); ``who(inst)`` starts the message (``"rule 'x': "``)."""
    return not_before(first, who, why="is the last day")
