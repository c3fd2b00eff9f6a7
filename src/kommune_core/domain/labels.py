"""Enums whose members carry the German label reports and the CLI show."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Any

__all__ = ["LabelledEnum"]


class LabelledEnum(enum.Enum):
    """Members are written ``NAME = "value", "Label"``: the value is what data files hold (and
    what ``Enum(value)`` looks up), the label what a reader sees."""

    _value_: str
    label: str

    if TYPE_CHECKING:  # the value is the string, not the tuple the member is written with

        @property
        def value(self) -> str: ...

    else:  # to type checkers the enum is called with its value, as it is

        def __new__(cls, value: str, label: str) -> Any:
            member = object.__new__(cls)
            member._value_ = value
            member.label = label
            return member
