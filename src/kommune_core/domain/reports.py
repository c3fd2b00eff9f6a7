"""Report formats a plugin may add to the built-in ones."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs

__all__ = ["ReportFormat"]


@attrs.frozen
class ReportFormat:
    """A named output format. ``kind`` is ``compatibility`` or ``validation``; ``render``
    turns the report object of that kind into text (or bytes for binary formats)."""

    id: str = attrs.field(validator=attrs.validators.matches_re(r"[a-z][a-z0-9_-]*"))
    kind: str = attrs.field(validator=attrs.validators.in_(("compatibility", "validation")))
    title: str
    render: Callable[[Any], str | bytes] = attrs.field(repr=False)
