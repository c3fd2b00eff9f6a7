"""What a report states about itself and takes from the plugins beside the check result:
generation time, tool and plugin versions, the Gebietsstand of the key data, the approval data
(hook ``kommune_approvals``) and the rule ids to keep out of the text."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from importlib.resources import files
from typing import TYPE_CHECKING, Any

import attrs

from ... import __version__
from ...domain.approvals import ApprovalData
from .german import de_date

if TYPE_CHECKING:  # pragma: no cover
    from ...catalog import Catalog

__all__ = ["ReportContext", "context_from_catalog"]


@attrs.frozen
class ReportContext:
    generated: dt.datetime = attrs.field(factory=lambda: dt.datetime.now().replace(microsecond=0))
    tool_version: str = __version__
    plugins: tuple[tuple[str, str], ...] = ()  # (plugin name, version)
    gebietsstand: tuple[str, ...] = ()  # per Land: the Gemeindeverzeichnis version
    approvals: tuple[ApprovalData, ...] = ()
    rule_ids: tuple[str, ...] = ()
    laender: tuple[tuple[str, str], ...] = ()  # (key, name)

    def land_name(self, key: str) -> str:
        return dict(self.laender).get(key, f"Land {key}")


def _gebietsstand(module: str) -> str | None:
    """The code-list version of a package plugin's ``data/kommunen.json`` (its Gebietsstand)."""
    package = module.rsplit(".", 1)[0]
    try:
        path = files(package) / "data" / "kommunen.json"
        if not path.is_file():
            return None
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (ModuleNotFoundError, OSError, ValueError, TypeError):
        return None
    sources = data.get("sources") or {}
    ags = sources.get("ags") or sources.get("kreis")
    if not ags:
        return None
    version = str(ags.get("version", "?"))
    with contextlib.suppress(ValueError):
        version = de_date(dt.date.fromisoformat(version))
    agency = ags.get("agency", "Statistisches Bundesamt")
    return f"Gemeindeverzeichnis ({agency}), Stand {version}"


def context_from_catalog(cat: Catalog, now: dt.datetime | None = None) -> ReportContext:
    infos = getattr(cat.host, "infos", {}) or {}
    plugins = tuple(sorted((name, info.version or "?") for name, info in infos.items()))
    laender = tuple(sorted((k, land.name) for k, land in cat.laender.items()))
    by_text: dict[str, list[str]] = {}
    for key, name in laender:
        owner = cat.plugin_of("Land", key)
        info = infos.get(owner) if owner else None
        if info is not None:
            text = _gebietsstand(info.module)
            if text:
                by_text.setdefault(text, []).append(name)
    stand = [f"{text} ({', '.join(names)})" for text, names in by_text.items()]
    try:
        rule_ids = tuple(sorted({r.id for _, r in cat.rules}))
    except Exception:  # a broken plugin is reported elsewhere; the report still renders
        rule_ids = ()
    return ReportContext(
        generated=(now or dt.datetime.now()).replace(microsecond=0),
        plugins=plugins,
        gebietsstand=tuple(stand),
        approvals=tuple(cat.approvals.values()),
        rule_ids=rule_ids,
        laender=laender,
    )
