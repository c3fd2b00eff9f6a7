"""Norms: the legal references a rule rests on, with the dates they are in force."""

from __future__ import annotations

import datetime as dt

import attrs

__all__ = ["Norm"]


def _until_after_from(inst: Norm, attribute: attrs.Attribute, value: dt.date | None) -> None:  # type: ignore[type-arg]
    if value is not None and value < inst.valid_from:
        raise ValueError(
            f"Norm {inst.law} {inst.section}: valid_until {value} lies before "
            f"valid_from {inst.valid_from}"
        )


@attrs.frozen
class Norm:
    """A citable provision: ``law`` (short name, e.g. ``GWB``), ``section`` (``§ 38 Abs. 1``).

    ``valid_from`` is the first and ``valid_until`` the **last** day the cited version is in
    force (``None``: still in force). ``url`` points to the text.

    >>> Norm("GWB", "§ 108 Abs. 4", "Inhouse-Vergabe bei gemeinsamer Kontrolle",
    ...      "https://www.gesetze-im-internet.de/gwb/__108.html", dt.date(2016, 4, 18)).citation
    '§ 108 Abs. 4 GWB'
    """

    law: str
    section: str
    title: str
    url: str = attrs.field(validator=attrs.validators.matches_re(r"https?://\S+"))
    valid_from: dt.date
    valid_until: dt.date | None = attrs.field(default=None, validator=_until_after_from)

    def in_force(self, on: dt.date) -> bool:
        return self.valid_from <= on and (self.valid_until is None or on <= self.valid_until)

    @property
    def citation(self) -> str:
        return f"{self.section} {self.law}"
