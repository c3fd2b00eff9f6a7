"""Norms: the legal references a rule rests on, in force from enactment, with dated versions."""

from __future__ import annotations

import datetime as dt

import attrs

from .checks import last_day

__all__ = ["Norm", "NormVersion"]


def _label(inst: object) -> str:
    if isinstance(inst, Norm):
        return f"Norm {inst.law} {inst.section}: "
    return "version: "


_until_after_from = last_day("valid_from", _label)


@attrs.frozen
class NormVersion:
    """One wording of a provision: first and **last** day in force, the wording or its gist
    (``text``) and where it was published (``published``, e.g. the gazette and page).
    ``section``/``url``: where the provision stood in this version, when an amendment moved
    it (e.g. § 1 Abs. 2 OZG → § 1a Abs. 2 OZG); ``None``: the norm's own."""

    valid_from: dt.date
    valid_until: dt.date | None = attrs.field(default=None, validator=_until_after_from)
    text: str | None = None
    published: str | None = None
    section: str | None = None
    url: str | None = None

    def in_force(self, on: dt.date) -> bool:
        return self.valid_from <= on and (self.valid_until is None or on <= self.valid_until)


@attrs.frozen
class Norm:
    """A citable provision: ``law`` (short name, e.g. ``GWB``), ``section`` (``§ 38 Abs. 1``).

    ``valid_from`` is the first day the provision is in force (enactment, not a later
    re-publication) and ``valid_until`` its **last** day (``None``: still in force). ``url``
    points to the section's text where the official portal has a per-section address, else to
    the act. ``versions`` are the modelled wordings; before the first one the provision's
    wording is not modelled (``modelled_from``). ``enacted_known`` is false when the day the
    provision came into force is not recorded: ``valid_from`` is then only a lower bound.

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
    versions: tuple[NormVersion, ...] = ()
    enacted_known: bool = True

    def __attrs_post_init__(self) -> None:
        for v in self.versions:
            if v.valid_from < self.valid_from or (
                self.valid_until is not None
                and (v.valid_until is None or v.valid_until > self.valid_until)
            ):
                raise ValueError(
                    f"Norm {self.law} {self.section}: version from {v.valid_from} lies outside "
                    f"the provision's time in force ({self.valid_from} – "
                    f"{self.valid_until or 'offen'})"
                )

    def in_force(self, on: dt.date) -> bool:
        return self.valid_from <= on and (self.valid_until is None or on <= self.valid_until)

    @property
    def modelled_from(self) -> dt.date:
        """First day whose wording is modelled: the first version with a ``text``; without
        versions, ``valid_from``; with versions but none modelled, the day after the last."""
        if not self.versions:
            return self.valid_from
        modelled = [v.valid_from for v in self.versions if v.text]
        if modelled:
            return min(modelled)
        ends = [v.valid_until for v in self.versions]
        if any(e is None for e in ends):
            return dt.date.max
        return max(e for e in ends if e is not None) + dt.timedelta(days=1)

    def on(self, day: dt.date) -> Norm:
        """The provision as cited on ``day``: the section and address of the version in
        force then, where that version moved it; else the norm unchanged."""
        v = self.version(day)
        if v is None or (v.section is None and v.url is None):
            return self
        return attrs.evolve(self, section=v.section or self.section, url=v.url or self.url)

    def version(self, on: dt.date) -> NormVersion | None:
        for v in self.versions:
            if v.in_force(on):
                return v
        return None

    @property
    def since_text(self) -> str:
        """German: since when the provision is in force, honest about an unknown start."""
        if self.enacted_known:
            return f"in Kraft ab {self.valid_from.isoformat()}"
        return f"Inkrafttreten nicht erfasst; Wortlaut erfasst ab {self.modelled_from.isoformat()}"

    @property
    def citation(self) -> str:
        return f"{self.section} {self.law}"
