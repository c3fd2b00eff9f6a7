"""Where a fact comes from and how sure it is (the brief's H/M/L confidence)."""

from __future__ import annotations

import datetime as dt
import enum

import attrs

__all__ = ["Confidence", "Source"]


class Confidence(enum.Enum):
    """How sure a fact is: ``high`` = law text or official notice, ``medium`` = press or a
    secondary source, ``low`` = unsure. A rule built on a medium/low fact says so."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"

    @property
    def label(self) -> str:
        return {"high": "gesichert", "medium": "Presse/Sekundärquelle", "low": "unsicher"}[
            self.value
        ]

    @property
    def firm(self) -> bool:
        return self is Confidence.HIGH


def _nonempty(inst: object, attribute: attrs.Attribute, value: str) -> None:  # type: ignore[type-arg]
    if not value.strip():
        raise ValueError(f"{attribute.name} must not be empty")


@attrs.frozen
class Source:
    """A citable source: a title (publisher, date) and optionally a URL."""

    title: str = attrs.field(validator=_nonempty)
    url: str | None = None
    date: dt.date | None = None
    confidence: Confidence = Confidence.HIGH

    def __str__(self) -> str:
        parts = [self.title]
        if self.date:
            parts.append(self.date.isoformat())
        if self.url:
            parts.append(self.url)
        return ", ".join(parts)
