"""The catalog: one read-only view of everything the loaded plugins contribute.

It checks every contributed object's type, indexes Kommunen by all their keys, reports two
plugins contributing the same key or id as a :class:`Conflict` (the first loaded wins, nothing
is silently overridden) and answers look-ups with suggestions when a key is unknown.
"""

from __future__ import annotations

import difflib
import functools
from collections.abc import Iterable
from typing import Any, TypeVar

import attrs

from .domain import (
    Antragsportal,
    CodeListSpec,
    Kommune,
    KommuneKind,
    Land,
    MessageCheck,
    Provider,
    ReportFormat,
    Rule,
    Scenario,
    SchemaSpec,
)
from .domain.approvals import ApprovalData
from .plugins import LoadError, PluginHost, plugin_filter_from_env

__all__ = ["Catalog", "Conflict", "UnknownKeyError", "load_catalog"]

T = TypeVar("T")


@attrs.frozen
class Conflict:
    """Two plugins contributed the same ``kind`` of object under the same ``key``."""

    kind: str
    key: str
    kept: str
    dropped: str

    def __str__(self) -> str:
        return (
            f"{self.kind} {self.key!r} is contributed by plugins {self.kept!r} and "
            f"{self.dropped!r}; keeping {self.kept!r}'s"
        )


class UnknownKeyError(LookupError):
    """A key or id that no plugin contributes; ``suggestions`` lists the closest ones."""

    def __init__(self, what: str, key: str, suggestions: Iterable[str] = ()) -> None:
        self.what, self.key, self.suggestions = what, key, list(suggestions)
        hint = f"; did you mean: {', '.join(self.suggestions)}?" if self.suggestions else ""
        super().__init__(f"unknown {what} {key!r}{hint}")


class Catalog:
    """Everything the plugins of a :class:`PluginHost` contribute, checked and indexed."""

    def __init__(self, host: PluginHost) -> None:
        self.host = host
        self.conflicts: list[Conflict] = []
        self.origin: dict[tuple[str, str], str] = {}

    @property
    def errors(self) -> list[LoadError]:
        return self.host.errors

    # -- collection ----------------------------------------------------------------------
    def _typed(self, hook: str, cls: type[T]) -> list[tuple[str, T]]:
        out = []
        for c in self.host.collect(hook):
            if isinstance(c.item, cls):
                out.append((c.plugin, c.item))
            else:
                self.host.fail(
                    LoadError(
                        c.plugin,
                        f"hook {hook}",
                        f"returned a {type(c.item).__name__}, expected {cls.__name__}",
                        self.host.infos[c.plugin].distribution
                        if c.plugin in self.host.infos
                        else None,
                    )
                )
        return out

    def _unique(self, kind: str, pairs: Iterable[tuple[str, T]], key: Any) -> dict[str, T]:
        out: dict[str, T] = {}
        for plugin, item in pairs:
            k = key(item)
            if k in out:
                first = self.origin[(kind, k)]
                if first != plugin or out[k] != item:
                    self.conflicts.append(Conflict(kind, k, first, plugin))
                continue
            out[k] = item
            self.origin[(kind, k)] = plugin
        return out

    @functools.cached_property
    def laender(self) -> dict[str, Land]:
        return self._unique("Land", self._typed("kommune_laender", Land), lambda x: x.key)

    @functools.cached_property
    def kommunen(self) -> dict[str, Kommune]:
        """By identifying key (AGS, or Kreisschlüssel for Landkreise)."""
        pairs = []
        for plugin, k in self._typed("kommune_kommunen", Kommune):
            owned = {key for key, p in self._land_owner.items() if p == plugin}
            if k.land not in owned:
                self.host.fail(
                    LoadError(
                        plugin,
                        "hook kommune_kommunen",
                        f"Kommune {k.name!r} ({k.key}) lies in Land {k.land!r}, which the plugin "
                        f"does not contribute (it contributes: "
                        f"{', '.join(sorted(owned)) or 'none'})",
                    )
                )
                continue
            pairs.append((plugin, k))
        return self._unique("Kommune", pairs, lambda x: x.key)

    @functools.cached_property
    def _land_owner(self) -> dict[str, str]:
        return {key: self.origin[("Land", key)] for key in self.laender}

    @functools.cached_property
    def _by_any_key(self) -> dict[str, Kommune]:
        index: dict[str, Kommune] = {}
        for k in self.kommunen.values():
            index[k.key] = k
            if k.ars:
                index.setdefault(k.ars, k)
        # The Kreis key of a kreisfreie Stadt names the Stadt itself.
        for k in self.kommunen.values():
            if k.kind is KommuneKind.KREISFREIE_STADT:
                index.setdefault(k.kreis, k)
        return index

    @functools.cached_property
    def providers(self) -> dict[str, Provider]:
        return self._unique("Provider", self._typed("kommune_providers", Provider), lambda x: x.id)

    @functools.cached_property
    def portale(self) -> dict[str, Antragsportal]:
        pairs = self._typed("kommune_antragsportale", Antragsportal)
        return self._unique("Antragsportal", pairs, lambda x: x.id)

    @functools.cached_property
    def rules(self) -> list[tuple[str, Rule]]:
        pairs = self._typed("kommune_rules", Rule)
        unique = self._unique("Rule", pairs, lambda x: x.id)
        return [(self.origin[("Rule", rid)], rule) for rid, rule in unique.items()]

    @functools.cached_property
    def schemas(self) -> dict[str, SchemaSpec]:
        return self._unique("Schema", self._typed("kommune_schemas", SchemaSpec), lambda x: x.id)

    @functools.cached_property
    def codelists(self) -> dict[str, CodeListSpec]:
        pairs = self._typed("kommune_codelists", CodeListSpec)
        return self._unique("Codeliste", pairs, lambda x: f"{x.urn}_{x.version}")

    @functools.cached_property
    def scenarios(self) -> dict[str, Scenario]:
        pairs = self._typed("kommune_scenarios", Scenario)
        return self._unique("Scenario", pairs, lambda x: x.id)

    @functools.cached_property
    def message_checks(self) -> list[tuple[str, MessageCheck]]:
        pairs = self._typed("kommune_message_checks", MessageCheck)
        unique = self._unique("MessageCheck", pairs, lambda x: x.id)
        return [(self.origin[("MessageCheck", cid)], c) for cid, c in unique.items()]

    @functools.cached_property
    def report_formats(self) -> dict[str, ReportFormat]:
        pairs = self._typed("kommune_report_formats", ReportFormat)
        return self._unique("ReportFormat", pairs, lambda x: f"{x.kind}:{x.id}")

    # -- look-ups ------------------------------------------------------------------------
    @functools.cached_property
    def approvals(self) -> list[ApprovalData]:
        """Approval bodies, steps, cases and costs per Land (hook ``kommune_approvals``)."""
        return [item for _, item in self._typed("kommune_approvals", ApprovalData)]

    def kommune(self, key: str) -> Kommune:
        """A Kommune by AGS (8), Kreisschlüssel (5) or ARS (12); raises UnknownKeyError."""
        key = key.strip()
        found = self._by_any_key.get(key)
        if found is not None:
            return found
        raise UnknownKeyError("Kommune key", key, self.suggest_kommunen(key))

    def suggest_kommunen(self, query: str, n: int = 5) -> list[str]:
        """Closest keys (by shape) or names (by spelling), as ``key (name)``."""
        if sum(c.isdigit() for c in query) * 2 > len(query):  # a key, maybe mistyped
            keys = [k for k in self._by_any_key if len(k) == len(query)] or list(self._by_any_key)
            close = difflib.get_close_matches(query, keys, n=4 * n, cutoff=0.6)
            # Keys are hierarchical (Land, Kreis, Gemeinde): a longer shared prefix is closer.
            close.sort(key=lambda k: -_shared_prefix(query, k))
            close = close[:n]
        else:
            names = {k.name: k.key for k in self.kommunen.values()}
            folded = {n_.casefold(): n_ for n_ in names}
            hits = [folded[f] for f in folded if query.casefold() in f][:n]
            hits += difflib.get_close_matches(query, list(names), n=n, cutoff=0.6)
            close = list(dict.fromkeys(names[h] for h in hits))[:n]
        return [f"{k} ({self._by_any_key[k].name})" for k in close]

    def provider(self, provider_id: str) -> Provider:
        try:
            return self.providers[provider_id]
        except KeyError:
            raise UnknownKeyError(
                "provider",
                provider_id,
                difflib.get_close_matches(provider_id, list(self.providers), n=3, cutoff=0.3)
                or sorted(self.providers),
            ) from None

    def land(self, key: str) -> Land:
        try:
            return self.laender[key]
        except KeyError:
            raise UnknownKeyError("Land", key, sorted(self.laender)) from None

    def kommunen_of(
        self, land: str | None = None, *, kinds: Iterable[KommuneKind] = ()
    ) -> list[Kommune]:
        wanted = set(kinds)
        return [
            k
            for k in self.kommunen.values()
            if (land is None or k.land == land) and (not wanted or k.kind in wanted)
        ]

    def portale_for(self, land: str) -> list[Antragsportal]:
        """Portals through which Kommunen of ``land`` can offer online services."""
        return [p for p in self.portale.values() if land in p.for_laender]

    def bindungen_of(self, kommune: Kommune) -> list[tuple[Provider, Any]]:
        """Every (provider, member binding) naming this Kommune by any of its keys."""
        keys = {kommune.key, kommune.kreis if kommune.is_kreisebene else kommune.key}
        if kommune.ars:
            keys.add(kommune.ars)
        return [(p, b) for p in self.providers.values() for b in p.members if b.kommune in keys]

    def plugin_of(self, kind: str, key: str) -> str | None:
        return self.origin.get((kind, key))

    def load_all(self) -> Catalog:
        """Touch every collection so load problems and conflicts are known."""
        for name in (
            "laender",
            "kommunen",
            "providers",
            "portale",
            "rules",
            "schemas",
            "codelists",
            "scenarios",
            "message_checks",
            "report_formats",
            "approvals",
        ):
            getattr(self, name)
        return self


def _shared_prefix(a: str, b: str) -> int:
    """How many leading characters ``a`` and ``b`` share."""
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def load_catalog(
    only: Iterable[str] | None = None, *, strict: bool = False, entry_points: bool = True
) -> Catalog:
    """Load plugins from entry points (restricted by ``only`` or ``KOMMUNE_PLUGINS``)."""
    host = PluginHost(strict=strict)
    if entry_points:
        host.load_entry_points(only if only is not None else plugin_filter_from_env())
    return Catalog(host)
