"""Is a contributed object well-formed? Validators, cross-field checks and field types.

Plugins build domain values with their constructors, which run the validators. But attrs does
not check types (``valid_from="2020-01-01"`` is accepted and breaks date comparisons later), and
an object can be built around its checks (``object.__setattr__``). So the suite re-runs every
validator, rebuilds the object through its constructor (which re-runs the cross-field checks
in ``__attrs_post_init__``) and compares each field with its annotation.
"""

from __future__ import annotations

import collections.abc
import datetime as dt
import enum
import types
import typing
from fractions import Fraction
from typing import Any

import attrs

from .. import domain

__all__ = ["object_problems"]

_HINTS: dict[type, dict[str, Any]] = {}


def _hints(cls: type) -> dict[str, Any]:
    if cls not in _HINTS:
        namespace = {name: getattr(domain, name) for name in domain.__all__}
        try:
            _HINTS[cls] = typing.get_type_hints(cls, localns=namespace)
        except Exception:  # an annotation we cannot resolve is not the plugin's fault
            _HINTS[cls] = {}
    return _HINTS[cls]


def _type_ok(value: Any, hint: Any) -> bool:
    """A deliberately small checker for the annotations the domain uses."""
    if hint is Any or isinstance(hint, typing.TypeVar):
        return True
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        return any(_type_ok(value, a) for a in args)
    if origin is tuple:
        if not isinstance(value, tuple):
            return False
        if len(args) == 2 and args[1] is Ellipsis:
            return all(_type_ok(v, args[0]) for v in value)
        if len(args) != len(value):
            return False
        return all(_type_ok(v, a) for v, a in zip(value, args, strict=True))
    if origin is collections.abc.Callable or hint is collections.abc.Callable:
        return callable(value)
    if origin is not None:
        return isinstance(value, origin)
    if hint is type(None):
        return value is None
    if hint is dt.date:
        return isinstance(value, dt.date) and not isinstance(value, dt.datetime)
    if hint is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if hint is Fraction:
        return isinstance(value, Fraction)
    if isinstance(hint, type):
        return isinstance(value, hint)
    return True


def _type_name(hint: Any) -> str:
    if isinstance(hint, type):
        return hint.__name__
    text = str(hint).replace("typing.", "").replace("datetime.", "")
    return text.replace("kommune_core.domain.", "").replace("collections.abc.", "")


def object_problems(obj: Any, expected: type, *, path: str = "") -> list[str]:
    """Messages for everything wrong with ``obj`` (empty: well-formed)."""
    where = f"{path}: " if path else ""
    if not isinstance(obj, expected):
        return [f"{where}is a {type(obj).__name__}, expected {expected.__name__}"]
    cls = type(obj)
    if not attrs.has(cls):
        return []
    out: list[str] = []
    hints = _hints(cls)
    for field in attrs.fields(cls):
        value = getattr(obj, field.name)
        hint = hints.get(field.name)
        if hint is not None and not _type_ok(value, hint):
            out.append(
                f"{where}field {field.name!r} is {type(value).__name__} {value!r:.80}, "
                f"expected {_type_name(hint)}"
            )
            continue
        out.extend(_nested(value, f"{path}.{field.name}" if path else field.name))
    if out:
        return out
    try:
        attrs.validate(obj)  # type: ignore[arg-type]  # attrs.has(cls) holds
        cls(**{f.name: getattr(obj, f.name) for f in attrs.fields(cls) if f.init})
    except Exception as exc:  # any validator or post-init failure
        out.append(f"{where}{type(exc).__name__}: {exc}")
    return out


def _nested(value: Any, path: str) -> list[str]:
    """Check domain values held in fields (a Provider's Satzung and Bindungen, …)."""
    items = value if isinstance(value, tuple) else (value,)
    out: list[str] = []
    for i, item in enumerate(items):
        if attrs.has(type(item)) and not isinstance(item, enum.Enum):
            sub = f"{path}[{i}]" if isinstance(value, tuple) else path
            out.extend(object_problems(item, type(item), path=sub))
    return out
