"""(Un)structuring domain values with cattrs: dicts from TOML/JSON in, JSON-ready dicts out.

Extra keys are errors (``forbid_extra_keys``): a typo never silently falls back to a default.
Dates accept TOML dates or ISO strings (parsed with ``date.fromisoformat``, so 2021-02-31 is
refused); fractions accept ``"3/5"``, integers or ``0.6``; enums go by value; a string where a
list belongs is an error.
"""

from __future__ import annotations

import datetime as dt
import typing
from fractions import Fraction
from typing import Any, TypeVar

import cattrs
from cattrs.gen import make_dict_unstructure_fn

from .domain import MessageCheck, ReportFormat, Rule

T = TypeVar("T")

__all__ = ["converter", "structure", "unstructure"]


_KINDS = {bool: "the truth value", int: "the number", float: "the number", str: "the text"}


def _shown(value: Any) -> str:
    """A value as a data file's reader names it: ``the number 5``, ``a list``, ``a table``."""
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, (list, tuple)):
        return "a list"
    return f"{_KINDS.get(type(value), 'the value')} {value!r:.60}"


def _date(value: Any, _: type) -> dt.date:
    if isinstance(value, dt.datetime):
        raise ValueError(f"expected a date (YYYY-MM-DD), got a date-time {value.isoformat()}")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"expected a date YYYY-MM-DD, got {value!r}") from None
    raise ValueError(f"expected a date YYYY-MM-DD, got {_shown(value)}")


def _fraction(value: Any, _: type) -> Fraction:
    if isinstance(value, bool):
        raise ValueError(f"expected a fraction like '3/5', got {value!r}")
    if isinstance(value, (int, float, str, Fraction)):
        try:
            return Fraction(value)
        except (ValueError, ZeroDivisionError):
            pass
    raise ValueError(f"expected a fraction like '3/5', got {value!r}")


def _str(value: Any, _: type) -> str:
    if isinstance(value, str):
        return value
    raise ValueError(f"expected a string, got {_shown(value)}")


def _int(value: Any, _: type) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise ValueError(f"expected a whole number, got {_shown(value)}")


def _bool(value: Any, _: type) -> bool:
    if isinstance(value, bool):
        return value
    raise ValueError(f"expected true or false, got {_shown(value)}")


def _no_text_for_lists(conv: cattrs.Converter) -> None:
    """A string where a list belongs (``areas = "beschaffung"``) is an error, not a list of
    letters."""
    generic = conv.get_structure_hook(tuple[Any, ...])  # cattrs' own, for every tuple type

    def factory(type_: Any) -> Any:
        def hook(value: Any, _: Any) -> Any:
            if isinstance(value, (str, bytes, dict)):
                shown = f"the text {value!r}" if isinstance(value, str) else "a table"
                one = '"' + value.replace('"', '\\"') + '"' if isinstance(value, str) else ""
                example = f" (write [{one}] for one item)" if one else ""
                raise ValueError(f"expected a list, got {shown}{example}")
            return generic(value, type_)

        return hook

    conv.register_structure_hook_factory(lambda t: typing.get_origin(t) is tuple, factory)


def make_converter() -> cattrs.Converter:
    conv = cattrs.Converter(forbid_extra_keys=True)
    _no_text_for_lists(conv)
    conv.register_structure_hook(dt.date, _date)
    conv.register_unstructure_hook(dt.date, lambda d: d.isoformat())
    conv.register_structure_hook(Fraction, _fraction)
    conv.register_unstructure_hook(Fraction, lambda f: f"{f.numerator}/{f.denominator}")
    conv.register_structure_hook(str, _str)
    conv.register_structure_hook(int, _int)
    conv.register_structure_hook(bool, _bool)
    # Callables (rule checks, renderers) never leave the process.
    for cls, skip in ((Rule, "check"), (MessageCheck, "check"), (ReportFormat, "render")):
        omit: dict[str, Any] = {skip: cattrs.gen.override(omit=True)}
        conv.register_unstructure_hook(cls, make_dict_unstructure_fn(cls, conv, **omit))
    return conv


converter = make_converter()


def structure(data: Any, cls: type[T]) -> T:
    return converter.structure(data, cls)


def unstructure(obj: Any) -> Any:
    return converter.unstructure(obj)
