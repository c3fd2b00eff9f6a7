"""Law as data: a plugin's norms (law, §, URL, in force since, versions) read from TOML.

Each ``[norms.<id>]`` table becomes a :class:`~kommune_core.domain.Norm`. ``valid_from`` is
the day the provision came into force (enactment, not a re-publication), ``valid_until`` its
**last** day (absent: still in force). ``[[norms.<id>.versions]]`` are its wordings with their
own dates; a version with ``text`` (the wording or its gist, as checked) is *modelled*, one
without is only recorded. Before the first modelled version the engine answers
"Recht vor … nicht erfasst".

.. code-block:: toml

    [norms.zvg_12_2]
    law = "ZVG"
    section = "§ 12 Abs. 2"
    title = "Ausscheiden einzelner Verbandsmitglieder"
    url = "https://example.org/zvg/12"
    valid_from = 1993-08-19
    confidence = "high"
    source = "https://example.org/zvg/12"

    [[norms.zvg_12_2.versions]]
    valid_from = 2019-04-15
    valid_until = 2022-02-08
    published = "Bekanntmachung der Neufassung vom 15.04.2019"
    text = "Für das Ausscheiden gelten die Bestimmungen über die Auflösung entsprechend …"
"""

from __future__ import annotations

import datetime as dt
import functools
import os
from collections.abc import Callable
from importlib.resources import files
from typing import Any

import attrs

from ..domain import Confidence, Norm, NormVersion, Rule, RuleCheck
from ..loading.documents import DataFileError, load_data

__all__ = ["LawDataError", "NormEntry", "NormsFile", "RuleBook", "load_norms", "rule_on_norms"]

LawDataError = DataFileError


@attrs.frozen
class VersionEntry:
    valid_from: dt.date
    valid_until: dt.date | None = None
    published: str | None = None
    text: str | None = None
    section: str | None = None
    url: str | None = None


@attrs.frozen
class NormEntry:
    law: str
    section: str
    title: str
    url: str
    valid_from: dt.date
    valid_until: dt.date | None = None
    note: str | None = None
    versions: tuple[VersionEntry, ...] = ()
    confidence: Confidence = Confidence.HIGH
    source: str | None = None
    enacted_known: bool = True


@attrs.frozen
class NormsFile:
    norms: dict[str, NormEntry] = attrs.Factory(dict)
    note: str | None = None
    checked: dt.date | None = None


def load_norms(path: str | os.PathLike[str] | Any) -> dict[str, Norm]:
    """Norms by id from a TOML file; errors name the file, line and key."""
    doc = load_data(path, NormsFile)
    out: dict[str, Norm] = {}
    for norm_id, e in doc.norms.items():
        try:
            versions = tuple(
                NormVersion(v.valid_from, v.valid_until, v.text, v.published, v.section, v.url)
                for v in e.versions
            )
            out[norm_id] = Norm(
                e.law,
                e.section,
                e.title,
                e.url,
                e.valid_from,
                e.valid_until,
                versions,
                e.enacted_known,
            )
        except ValueError as exc:
            raise DataFileError(str(path), str(exc), key=f"$.norms.{norm_id}") from None
    return out


def rule_on_norms(
    norms: dict[str, Norm],
    rule_id: str,
    title: str,
    norm_ids: tuple[str, ...],
    check: RuleCheck,
    **kw: Any,
) -> Rule:
    """A rule citing ``norm_ids`` of ``norms``, in force while **all** of them are: from the
    latest ``valid_from`` to the earliest ``valid_until`` (the last day in force); modelled
    from the latest first modelled version."""
    try:
        cited = tuple(norms[i] for i in norm_ids)
    except KeyError as exc:
        raise LookupError(f"rule {rule_id!r} cites unknown norm {exc.args[0]!r}") from None
    ends = [n.valid_until for n in cited if n.valid_until is not None]
    start = max(n.valid_from for n in cited)
    modelled = max(n.modelled_from for n in cited)
    return Rule(
        id=rule_id,
        title=title,
        norms=cited,
        check=check,
        valid_from=start,
        valid_until=min(ends) if ends else None,
        modelled_from=modelled if modelled > start else None,
        **kw,
    )


class RuleBook:
    """A plugin's rules in one place: the norms of ``<package>/norms.toml`` (loaded once) and
    :meth:`rule` to build a rule citing them. Replaces each plugin's ``law.py``/``_rule``
    boilerplate::

        book = RuleBook(__package__)
        def rules():
            return [book.rule("xy.portal", "…", ("ozg_1a_2",), portal_check, areas=(…,))]
    """

    def __init__(self, package: str, filename: str = "norms.toml") -> None:
        self.package, self.filename = package, filename

    @functools.cached_property
    def norms(self) -> dict[str, Norm]:
        return load_norms(files(self.package) / self.filename)

    def rule(
        self, rule_id: str, title: str, norm_ids: tuple[str, ...], check: RuleCheck, **kw: Any
    ) -> Rule:
        return rule_on_norms(self.norms, rule_id, title, norm_ids, check, **kw)

    def norm(self, norm_id: str) -> Norm:
        return self.norms[norm_id]

    def __call__(self, norm_id: str) -> Norm:
        return self.norms[norm_id]


RuleFactory = Callable[[RuleBook], Rule]
