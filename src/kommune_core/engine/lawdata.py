"""Law as data: a plugin's norms (law, §, URL, validity dates) read from a TOML file.

Each ``[norms.<id>]`` table becomes a :class:`~kommune_core.domain.Norm`; ``valid_until`` is the
**last** day the cited version is in force (absent: still in force). ``note`` and ``source``
say where a date comes from when it is not the act's own (e.g. "belegt in Kraft ab").

.. code-block:: toml

    [norms.gwb_108_4]
    law = "GWB"
    section = "§ 108 Abs. 4"
    title = "Inhouse-Vergabe bei gemeinsamer Kontrolle"
    url = "https://www.gesetze-im-internet.de/gwb/__108.html"
    valid_from = 2016-04-18
"""

from __future__ import annotations

import datetime as dt
import os
from typing import Any

import attrs

from ..datafiles import DataFileError, load_data
from ..domain import Norm, Rule, RuleCheck

__all__ = ["LawDataError", "NormEntry", "NormsFile", "load_norms", "rule_on_norms"]

LawDataError = DataFileError


@attrs.frozen
class NormEntry:
    law: str
    section: str
    title: str
    url: str
    valid_from: dt.date
    valid_until: dt.date | None = None
    note: str | None = None


@attrs.frozen
class NormsFile:
    norms: dict[str, NormEntry] = attrs.Factory(dict)
    note: str | None = None


def load_norms(path: str | os.PathLike[str] | Any) -> dict[str, Norm]:
    """Norms by id from a TOML file; errors name the file, line and key."""
    doc = load_data(path, NormsFile)
    out: dict[str, Norm] = {}
    for norm_id, e in doc.norms.items():
        try:
            out[norm_id] = Norm(e.law, e.section, e.title, e.url, e.valid_from, e.valid_until)
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
    latest ``valid_from`` to the earliest ``valid_until`` (the last day in force)."""
    cited = tuple(norms[i] for i in norm_ids)
    ends = [n.valid_until for n in cited if n.valid_until is not None]
    return Rule(
        id=rule_id,
        title=title,
        norms=cited,
        check=check,
        valid_from=max(n.valid_from for n in cited),
        valid_until=min(ends) if ends else None,
        **kw,
    )
