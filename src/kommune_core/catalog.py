"""The catalog: one read-only view of everything the loaded plugins contribute.

It checks every contributed object's type, indexes Kommunen by all their keys, reports two
plugins contributing the same key or id as a :class:`Conflict` (the first loaded wins, nothing
is silently overridden) and answers look-ups with suggestions when a key is unknown.
"""

from __future__ import annotations

import difflib
import functools
from collections.abc import Iterable
from typing import Any, Generic, TypeVar, cast, overload

import attrs

from . import domain as dm
from .domain.approvals import ApprovalData
from .hookspecs import HOOK, HOOK_TABLE, ObjectKind
from .loading.federal import federal_land
from .matrix import MATRIX_LEVELS
from .plugins import LoadError, PluginHost, plugin_filter_from_env

__all__ = ["Catalog", "Conflict", "ObjectKind", "UnknownKeyError", "load_catalog"]


@attrs.frozen
class Conflict:
    """Two plugins contributed the same ``kind`` of object under the same ``key``."""

    kind: ObjectKind
    key: str
    kept: str
    dropped: str

    def __str__(self) -> str:
        return (
            f"{self.kind.value} {self.key!r} is contributed by plugins {self.kept!r} and "
            f"{self.dropped!r}; keeping {self.kept!r}'s"
        )


class UnknownKeyError(LookupError):
    """A key or id that no plugin contributes; ``suggestions`` lists the closest ones."""

    def __init__(
        self, what: str, key: str, suggestions: Iterable[str] = (), *, reason: str | None = None
    ) -> None:
        self.what, self.key, self.suggestions = what, key, list(suggestions)
        hint = f"; did you mean: {', '.join(self.suggestions)}?" if self.suggestions else ""
        why = f": {reason}" if reason else ""
        super().__init__(f"unknown {what} {key!r}{why}{hint}")


V = TypeVar("V")


class _Collection(Generic[V]):
    """A :class:`Catalog` collection, computed once: ``hook``'s objects by their key, or (if
    ``attributed``) as (plugin, object) pairs."""

    def __init__(self, hook: str, *, attributed: bool = False) -> None:
        self.hook, self.attributed = hook, attributed
        shape = "(plugin, object) pairs" if attributed else "objects by key"
        self.__doc__ = f"The {shape} of ``{hook}``; conflicts are recorded."

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, obj: None, owner: type) -> _Collection[V]: ...
    @overload
    def __get__(self, obj: Catalog, owner: type) -> V: ...
    def __get__(self, obj: Catalog | None, owner: type) -> _Collection[V] | V:
        if obj is None:
            return self
        value = obj._attributed(self.hook) if self.attributed else obj._unique(self.hook)
        obj.__dict__[self.name] = value  # a non-data descriptor: next time the dict answers
        return cast(V, value)


class Catalog:
    """Everything the plugins of a :class:`PluginHost` contribute, checked and indexed.

    Each collection is read through :data:`~kommune_core.hookspecs.HOOK_TABLE`: the hook's
    item type is checked, its key indexes it, and a second plugin's object under the same key
    is a :class:`Conflict`.
    """

    def __init__(self, host: PluginHost) -> None:
        self.host = host
        self.conflicts: list[Conflict] = []
        self.origin: dict[tuple[ObjectKind, str], str] = {}

    @property
    def errors(self) -> list[LoadError]:
        return self.host.errors

    # -- collection ----------------------------------------------------------------------
    def _typed(self, hook: str) -> list[tuple[str, Any]]:
        """(plugin, item) pairs of ``hook`` whose item has the hook's type."""
        cls = HOOK[hook].returns
        out = []
        for c in self.host.collect(hook):
            if isinstance(c.item, cls):
                out.append((c.plugin, c.item))
            else:
                info = self.host.infos.get(c.plugin)
                self.host.fail(
                    LoadError(
                        c.plugin,
                        f"hook {hook}",
                        f"returned a {type(c.item).__name__}, expected {cls.__name__}",
                        info.distribution if info else None,
                    )
                )
        return out

    def _unique(self, hook: str, pairs: Iterable[tuple[str, Any]] | None = None) -> dict[str, Any]:
        """``hook``'s objects by key; a second plugin's object under a taken key conflicts."""
        info = HOOK[hook]
        out: dict[str, Any] = {}
        for plugin, item in self._typed(hook) if pairs is None else pairs:
            k = info.key(item)
            if k in out:
                first = self.origin[(info.kind, k)]
                if first != plugin or out[k] != item:
                    self.conflicts.append(Conflict(info.kind, k, first, plugin))
                continue
            out[k] = item
            self.origin[(info.kind, k)] = plugin
        return out

    def _attributed(self, hook: str) -> list[tuple[str, Any]]:
        """``hook``'s unique objects with the plugin that contributed each."""
        kind = HOOK[hook].kind
        return [(self.origin[(kind, k)], item) for k, item in self._unique(hook).items()]

    laender = _Collection[dict[str, dm.Land]]("kommune_laender")

    @functools.cached_property
    def kommunen(self) -> dict[str, dm.Kommune]:
        """By identifying key (AGS, or Kreisschlüssel for Landkreise)."""
        pairs = []
        for plugin, k in self._typed("kommune_kommunen"):
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
        return self._unique("kommune_kommunen", pairs)

    @functools.cached_property
    def _land_owner(self) -> dict[str, str]:
        return {key: self.origin[(ObjectKind.LAND, key)] for key in self.laender}

    @functools.cached_property
    def _by_any_key(self) -> dict[str, dm.Kommune]:
        index: dict[str, dm.Kommune] = {}
        for k in self.kommunen.values():
            index[k.key] = k
            if k.ars:
                index.setdefault(k.ars, k)
        # The Kreis key of a kreisfreie Stadt names the Stadt itself.
        for k in self.kommunen.values():
            if k.kind is dm.KommuneKind.KREISFREIE_STADT:
                index.setdefault(k.kreis, k)
        return index

    providers = _Collection[dict[str, dm.Provider]]("kommune_providers")
    portale = _Collection[dict[str, dm.Antragsportal]]("kommune_antragsportale")
    schemas = _Collection[dict[str, dm.SchemaSpec]]("kommune_schemas")

    rules = _Collection[list[tuple[str, dm.Rule]]]("kommune_rules", attributed=True)
    codelists = _Collection[dict[str, dm.CodeListSpec]]("kommune_codelists")
    scenarios = _Collection[dict[str, dm.Scenario]]("kommune_scenarios")
    report_formats = _Collection[dict[str, dm.ReportFormat]]("kommune_report_formats")
    #: approval bodies, steps, cases and costs by Land key (hook ``kommune_approvals``)
    approvals = _Collection[dict[str, ApprovalData]]("kommune_approvals")
    message_checks = _Collection[list[tuple[str, dm.MessageCheck]]](
        "kommune_message_checks", attributed=True
    )

    # -- look-ups ------------------------------------------------------------------------
    def kommune(self, key: str) -> dm.Kommune:
        """A Kommune by AGS (8), Kreisschlüssel (5) or ARS (12); raises UnknownKeyError that
        says why (not a key, a Land no plugin covers) and suggests keys of the same Land or
        Kommunen of a similar name."""
        key = key.strip()
        found = self._by_any_key.get(key)
        if found is not None:
            return found
        raise UnknownKeyError(
            "Kommune key", key, self.suggest_kommunen(key), reason=self._why_unknown(key)
        )

    def _why_unknown(self, key: str) -> str | None:
        digits = "".join(c for c in key if c.isdigit())
        if not digits or digits != key:
            return "an official key is 8 digits (AGS), 5 (Kreisschlüssel) or 12 (ARS)" + (
                ", digits only" if digits and not key.isalpha() else ""
            )
        if len(digits) not in (5, 8, 12):
            return (
                f"an official key has 8 (AGS), 5 (Kreisschlüssel) or 12 (ARS) digits, "
                f"not {len(digits)}"
            )
        land = digits[:2]
        if land not in self.laender:
            covered = ", ".join(f"{k} {v.name}" for k, v in sorted(self.laender.items()))
            try:
                name = f" ({federal_land(land).name})"
            except KeyError:
                return f"no Land has the key {land}"
            return (
                f"Land {land}{name} is not covered by any installed plugin "
                f"(covered: {covered or 'none'})"
            )
        return None

    def suggest_kommunen(self, query: str, n: int = 5) -> list[str]:
        """Closest keys of the same Land (by shape), or Kommunen of a similar name, as
        ``key (name)``; none for a key of a Land no plugin covers."""
        digits = "".join(c for c in query if c.isdigit())
        if len(digits) * 2 > len(query):  # a key, maybe mistyped
            if digits in self._by_any_key:  # written with separators
                return [f"{digits} ({self._by_any_key[digits].name})"]
            same_land = [k for k in self._by_any_key if k[:2] == query[:2]]
            keys = [k for k in same_land if len(k) == len(query)] or same_land
            close = difflib.get_close_matches(query, keys, n=4 * n, cutoff=0.6)
            # Keys are hierarchical (Land, Kreis, Gemeinde): a longer shared prefix is closer.
            close.sort(key=lambda k: -_shared_prefix(query, k))
            close = close[:n]
        elif len(query) >= 3:
            # "Musterstadt, Stadt" is found as "Musterstadt", "Mustrstadt" or "muster"
            names = {k.name: k.key for k in self.kommunen.values()}
            names.update({k.name.split(",")[0]: k.key for k in self.kommunen.values()})
            folded = {n_.casefold(): n_ for n_ in names}
            hits = [folded[f] for f in folded if query.casefold() in f][:n]
            hits += difflib.get_close_matches(query, list(names), n=n, cutoff=0.75)
            close = list(dict.fromkeys(names[h] for h in hits))[:n]
        else:
            close = []
        return [f"{k} ({self._by_any_key[k].name})" for k in close]

    def provider(self, provider_id: str) -> dm.Provider:
        try:
            return self.providers[provider_id]
        except KeyError:
            raise UnknownKeyError(
                "provider",
                provider_id,
                difflib.get_close_matches(provider_id, list(self.providers), n=3, cutoff=0.3)
                or sorted(self.providers),
            ) from None

    def land(self, key: str) -> dm.Land:
        try:
            return self.laender[key]
        except KeyError:
            raise UnknownKeyError("Land", key, sorted(self.laender)) from None

    def kommunen_of(
        self, land: str | None = None, *, kinds: Iterable[dm.KommuneKind] = ()
    ) -> list[dm.Kommune]:
        wanted = set(kinds)
        return [
            k
            for k in self.kommunen.values()
            if (land is None or k.land == land) and (not wanted or k.kind in wanted)
        ]

    def matrix_rows(self, land: str, level: str) -> list[dm.Kommune]:
        """The rows of a matrix of ``land``, by key: ``kreis``, the Landkreise and kreisfreie
        Städte; ``gemeinde``, every Gemeinde and kreisfreie Stadt (see :data:`MATRIX_LEVELS`)."""
        return sorted(self.kommunen_of(land, kinds=MATRIX_LEVELS[level]), key=lambda k: k.key)

    def portale_for(self, land: str) -> list[dm.Antragsportal]:
        """Portals through which Kommunen of ``land`` can offer online services."""
        return [p for p in self.portale.values() if land in p.for_laender]

    def bindungen_of(self, kommune: dm.Kommune) -> list[tuple[dm.Provider, Any]]:
        """Every (provider, member binding) naming this Kommune by any of its keys."""
        keys = {kommune.key, kommune.kreis if kommune.is_kreisebene else kommune.key}
        if kommune.ars:
            keys.add(kommune.ars)
        return [(p, b) for p in self.providers.values() for b in p.members if b.kommune in keys]

    def plugin_of(self, kind: ObjectKind | str, key: str) -> str | None:
        """The plugin that contributed the object of ``kind`` under ``key`` (None: none)."""
        return self.origin.get((ObjectKind(kind), key))

    def load_all(self, hooks: Iterable[str] | None = None) -> Catalog:
        """Touch every collection (or those of ``hooks``) so load problems and conflicts
        are known."""
        for info in HOOK_TABLE:
            if hooks is None or info.name in hooks:
                getattr(self, info.collection)
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
