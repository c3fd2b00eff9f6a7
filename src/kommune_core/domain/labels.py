"""Enums whose members carry the German label reports and the CLI show."""

from __future__ import annotations

import enum
import inspect
from typing import TYPE_CHECKING, Any

__all__ = ["LabelledEnum"]


class LabelledEnum(enum.Enum):
    """Members are written ``NAME = "value", "Label"``: the value is what data files hold (and
    what ``Enum(value)`` looks up), the label what a reader sees.

    An enum whose members carry more than a label annotates those attributes in its body;
    each member writes them after its label, in that order::

        class KeyKind(LabelledEnum):
            length: int

            AGS = "ags", "AGS (Amtlicher Gemeindeschlüssel)", 8
    """

    _value_: str
    label: str

    if TYPE_CHECKING:  # the value is the string, not the tuple the member is written with

        @property
        def value(self) -> str: ...

    else:  # to type checkers the enum is called with its value, as it is

        def __new__(cls, value: str, label: str, *items: Any) -> Any:
            member = object.__new__(cls)
            member._value_ = value
            member.label = label
            names = tuple(inspect.get_annotations(cls))
            if len(items) != len(names):
                raise TypeError(
                    f"{cls.__name__} {value!r}: expected value, label"
                    + "".join(f", {n}" for n in names)
                    + f"; got {len(items)} item(s) after the label"
                )
            for name, item in zip(names, items, strict=True):
                setattr(member, name, item)
            return member
