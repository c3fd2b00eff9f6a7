"""The plugin host: loads each entry point on its own, records failures by plugin and
distribution, and calls hooks plugin by plugin so every result carries its plugin's name.

Every call goes through pluggy (a subset hook caller per plugin), so pluggy's hook-call
monitoring, hook wrappers and ``tryfirst``/``trylast`` apply. ``KOMMUNE_TRACE_PLUGINS=1``
prints each hook call with its plugin, duration and number of objects to stderr.

Pitfalls avoided (see STYLE.md): results are never paired with ``get_hookimpls()`` by index;
one broken plugin does not stop the others (``strict=True`` makes it fatal); a misspelled hook
implementation is an error (``check_pending``), named by plugin.
"""

from __future__ import annotations

import difflib
import importlib.metadata as md
import os
import sys
import time
import types
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, Generic, TypeVar

import attrs
import pluggy

from .. import hookspecs
from ..hookspecs import HOOKS, PROJECT

__all__ = [
    "ENTRY_POINT_GROUP",
    "ENV_VAR",
    "TRACE_VAR",
    "Contribution",
    "LoadError",
    "PluginError",
    "PluginHost",
    "PluginInfo",
    "plugin_filter_from_env",
]

ENTRY_POINT_GROUP = "kommune_core"
ENV_VAR = "KOMMUNE_PLUGINS"
TRACE_VAR = "KOMMUNE_TRACE_PLUGINS"
T = TypeVar("T")


@attrs.frozen
class PluginInfo:
    """A loaded plugin: its name (the entry point's), module, distribution and version."""

    name: str
    module: str
    distribution: str | None = None
    version: str | None = None
    hooks: tuple[str, ...] = ()


@attrs.frozen
class LoadError:
    """A plugin failure: which plugin (and distribution), at which stage, and why."""

    plugin: str
    stage: str
    message: str
    distribution: str | None = None

    def __str__(self) -> str:
        dist = f" (distribution {self.distribution})" if self.distribution else ""
        return f"plugin {self.plugin!r}{dist} failed at {self.stage}: {self.message}"


class PluginError(RuntimeError):
    """A plugin failure in strict mode; ``error`` names the plugin and distribution."""

    def __init__(self, error: LoadError) -> None:
        super().__init__(str(error))
        self.error = error


@attrs.frozen
class Contribution(Generic[T]):
    """One object a plugin contributed through a hook."""

    plugin: str
    item: T


def is_builtin(module: str | None) -> bool:
    """A plugin shipped inside the core (federal law): always loaded."""
    return module is not None and (module == "kommune_core" or module.startswith("kommune_core."))


def plugin_filter_from_env(environ: dict[str, str] | None = None) -> list[str] | None:
    """``KOMMUNE_PLUGINS=name1,name2`` restricts loading; unset means all; ``-`` none."""
    value = (environ if environ is not None else os.environ).get(ENV_VAR)
    if value is None or not value.strip():
        return None
    if value.strip() == "-":
        return []
    return [name.strip() for name in value.split(",") if name.strip()]


def _describe(exc: BaseException) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


class _Tracer:
    """pluggy hook-call monitoring that prints ``hook plugin duration objects`` lines to
    stderr."""

    def __init__(self) -> None:
        self.started: list[float] = []

    def before(
        self, hook_name: str, hook_impls: Sequence[pluggy.HookImpl], kwargs: Mapping[str, Any]
    ) -> None:
        self.started.append(time.perf_counter())

    def after(
        self,
        outcome: pluggy.Result[Any],
        hook_name: str,
        hook_impls: Sequence[pluggy.HookImpl],
        kwargs: Mapping[str, Any],
    ) -> None:
        ms = (time.perf_counter() - self.started.pop()) * 1000
        plugins = ", ".join(i.plugin_name for i in hook_impls if not _is_wrapper(i)) or "-"
        if outcome.exception is not None:
            what = f"raised {type(outcome.exception).__name__}"
        else:
            results = outcome.get_result() or []
            counts = [len(r) if isinstance(r, (list, tuple)) else 1 for r in results]
            what = f"{sum(counts)} object(s)"
        print(
            f"[kommune trace] {hook_name} plugin={plugins} {ms:.2f} ms {what}",
            file=sys.stderr,
        )


def _is_wrapper(impl: pluggy.HookImpl) -> bool:
    return bool(impl.hookwrapper or getattr(impl, "wrapper", False))


def trace_enabled(environ: dict[str, str] | None = None) -> bool:
    value = (environ if environ is not None else os.environ).get(TRACE_VAR, "")
    return value.strip().lower() not in ("", "0", "false", "no")


class PluginHost:
    """Holds the pluggy manager and what loading found.

    >>> host = PluginHost()                          # nothing loaded implicitly
    >>> host.load_entry_points(only=["some_plugin"])  # doctest: +SKIP
    """

    def __init__(self, *, strict: bool = False, trace: bool | None = None) -> None:
        self.strict = strict
        self.pm = pluggy.PluginManager(PROJECT)
        self.pm.add_hookspecs(hookspecs)
        self.infos: dict[str, PluginInfo] = {}
        self.errors: list[LoadError] = []
        self._cache: dict[str, list[Contribution[Any]]] = {}
        if trace if trace is not None else trace_enabled():
            tracer = _Tracer()
            self.pm.add_hookcall_monitoring(tracer.before, tracer.after)

    # -- loading -------------------------------------------------------------------------
    def fail(self, error: LoadError) -> None:
        """Record a plugin failure; in strict mode raise it."""
        self.errors.append(error)
        if self.strict:
            raise PluginError(error)

    def load_entry_points(self, only: Iterable[str] | None = None) -> None:
        """Load every entry point of group ``kommune_core`` (or only the named ones).

        The core's built-in plugins (federal law, ``bund``) are always loaded: ``only`` — the
        ``--plugins`` option or ``KOMMUNE_PLUGINS`` — restricts the Land plugins."""
        wanted = None if only is None else list(only)
        eps = sorted(md.entry_points(group=ENTRY_POINT_GROUP), key=lambda ep: ep.name)
        seen: set[str] = set()
        for ep in eps:
            if wanted is not None and ep.name not in wanted and not is_builtin(ep.module):
                continue
            seen.add(ep.name)
            dist = ep.dist.name if ep.dist is not None else None
            version = ep.dist.version if ep.dist is not None else None
            try:
                obj = ep.load()
            except Exception as exc:  # any import failure is the plugin's, not ours
                self.fail(LoadError(ep.name, "import", _describe(exc), dist))
                continue
            self.register(obj, ep.name, distribution=dist, version=version, module=ep.module)
        for name in wanted or ():
            if name not in seen:
                available = ", ".join(sorted(ep.name for ep in eps)) or "none installed"
                self.fail(
                    LoadError(name, "lookup", f"no such plugin installed (available: {available})")
                )

    def register(
        self,
        plugin: object,
        name: str,
        *,
        distribution: str | None = None,
        version: str | None = None,
        module: str | None = None,
    ) -> bool:
        """Register a module or object as plugin ``name``; returns False if it was refused."""
        if name in self.infos:
            self.fail(LoadError(name, "register", "a plugin of this name is loaded already"))
            return False
        unknown = sorted(
            attr
            for attr in dir(plugin)
            if attr.startswith("kommune_")
            and attr not in HOOKS
            and callable(getattr(plugin, attr, None))
            and self.pm.parse_hookimpl_opts(plugin, attr) is not None
        )
        if unknown:
            hint = "; ".join(f"{u!r} is no hook{_closest(u)}" for u in unknown)
            self.fail(LoadError(name, "check_pending", hint, distribution))
            return False
        try:
            self.pm.register(plugin, name=name)
        except Exception as exc:  # pluggy.PluginValidationError: wrong signature and the like
            self.fail(LoadError(name, "register", _describe(exc), distribution))
            return False
        try:
            self.pm.check_pending()
        except pluggy.PluginValidationError as exc:
            self.pm.unregister(name=name)
            self.fail(LoadError(name, "check_pending", _describe(exc), distribution))
            return False
        if module is None:
            module = (
                plugin.__name__ if isinstance(plugin, types.ModuleType) else type(plugin).__module__
            )
        hooks = tuple(h for h in HOOKS if any(i.plugin_name == name for i in self._impls(h)))
        self.infos[name] = PluginInfo(name, module, distribution, version, hooks)
        self._cache.clear()
        return True

    # -- calling -------------------------------------------------------------------------
    def _impls(self, hook: str) -> list[pluggy.HookImpl]:
        return list(getattr(self.pm.hook, hook).get_hookimpls())

    def _call_order(self, hook: str) -> list[pluggy.HookImpl]:
        """The hook's (non-wrapper) implementations: ``tryfirst`` ones, then the others in
        load order, then ``trylast`` ones."""
        order = {name: i for i, name in enumerate(self.infos)}
        impls = [i for i in self._impls(hook) if not _is_wrapper(i)]
        return sorted(
            impls,
            key=lambda i: (0 if i.tryfirst else 2 if i.trylast else 1, order.get(i.plugin_name, 0)),
        )

    def collect(self, hook: str) -> list[Contribution[Any]]:
        """Call ``hook`` on each plugin on its own, through pluggy; cache the result.

        Each plugin is called through a subset hook caller that holds its implementation and
        every hook wrapper, so monitoring and wrappers see the call. A plugin that raises, or
        returns something that is not a list, is recorded as a failure of that plugin at that
        hook; the other plugins' results still come back.
        """
        if hook not in HOOKS:
            raise ValueError(f"unknown hook {hook!r}")
        if hook in self._cache:
            return self._cache[hook]
        out: list[Contribution[Any]] = []
        callees = self._call_order(hook)
        for impl in callees:
            name = impl.plugin_name
            others = [i.plugin for i in callees if i is not impl]
            caller = self.pm.subset_hook_caller(hook, remove_plugins=others)
            items: list[Any] = []
            try:
                for result in caller():
                    if isinstance(result, (str, bytes)) or not isinstance(result, Iterable):
                        raise TypeError(f"returned {type(result).__name__}, expected a list")
                    items.extend(result)
            except Exception as exc:
                info = self.infos.get(name)
                dist = info.distribution if info else None
                self.fail(LoadError(name, f"hook {hook}", _describe(exc), dist))
                continue
            out.extend(Contribution(name, item) for item in items)
        self._cache[hook] = out
        return out

    def items(self, hook: str) -> Iterator[Any]:
        for c in self.collect(hook):
            yield c.item


def _closest(name: str) -> str:
    match = difflib.get_close_matches(name, HOOKS, n=1)
    return f" (did you mean {match[0]!r}?)" if match else ""
