"""The conformance suite: what every Land plugin must satisfy, as a list of named checks.

:class:`Suite` loads the plugin under test on its own (so every error is its own) and, as
context for cross-references and for running its rules, a catalog of everything installed.
Each :class:`Check` returns :class:`~kommune_core.devkit.problems.Problem` values; the pytest
plugin turns each check into a test item. Usable without pytest::

    suite = Suite("NAME")
    for check in suite.checks():
        for problem in check.run():
            print(problem)
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any

import attrs

from ..catalog import Catalog, load_catalog
from ..domain import CodeListSpec, KeyFormatError, KeyKind, Rule, Scenario, SchemaSpec, check_key
from ..hookspecs import HOOK, hook_of_kind
from ..plugins import PluginHost, plugin_filter_from_env
from ..validation import Validator
from .datachecks import kommunen_issues, portal_issues, provider_issues
from .exchange import (
    codelist_problems,
    example_checks,
    offline_validator,
    scenario_problems,
    schema_problems,
)
from .objects import object_problems
from .problems import Problem, describe
from .rulesample import run_rule

__all__ = ["Check", "SkipCheck", "Suite", "problems_of"]

#: Hooks whose objects the "conflicts" check counts for duplicates within the plugin
#: (Kommunen are counted by the "kommunen" check, with their keys' own rules).
_COUNTED = tuple(h for h in HOOK if h != "kommune_kommunen")


class SkipCheck(Exception):
    """A check that cannot run (nothing to check); the message says why."""


@attrs.frozen
class Check:
    """One named conformance check; ``run()`` returns the problems (empty: passed)."""

    id: str
    title: str
    run: Callable[[], list[Problem]] = attrs.field(repr=False)


class Suite:
    """The conformance checks for the installed plugin ``name``."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.host = PluginHost()
        self.host.load_entry_points([name])
        self.load_errors = list(self.host.errors)

    # -- what the plugin contributes -------------------------------------------------------
    @property
    def loaded(self) -> bool:
        return self.name in self.host.infos

    @functools.cached_property
    def context(self) -> Catalog:
        """Everything installed (respecting KOMMUNE_PLUGINS, plus the plugin under test)."""
        only = plugin_filter_from_env()
        if only is not None and self.name not in only:
            only = [*only, self.name]
        return load_catalog(only).load_all()

    @functools.cached_property
    def validator(self) -> Validator:
        """One offline validator of the context's scenarios, for every example check."""
        return offline_validator(self.context)

    def items(self, hook: str) -> list[Any]:
        """The plugin's contributions to ``hook`` that have the expected type."""
        cls = HOOK[hook].returns
        return [c.item for c in self.host.collect(hook) if isinstance(c.item, cls)]

    def _p(self, hook: str, obj: object, message: str) -> Problem:
        return Problem(self.name, hook, obj if isinstance(obj, str) else describe(obj), message)

    @property
    def land_keys(self) -> set[str]:
        return {land.key for land in self.items("kommune_laender")}

    # -- the checks ------------------------------------------------------------------------
    def checks(self) -> list[Check]:
        out = [Check("load", "the plugin is installed and loads", self.check_load)]
        if not self.loaded:
            return out
        out += [
            Check("hooks", "every hook returns a list of well-formed objects", self.check_hooks),
            Check("conflicts", "no key or id clashes with another plugin", self.check_conflicts),
            Check(
                "kommunen",
                "Kommune keys are well-formed, unique and of the plugin's Land",
                self.check_kommunen,
            ),
            Check("providers", "provider cross-references resolve", self.check_providers),
            Check("antragsportale", "portals name well-formed Land keys", self.check_portale),
        ]
        PerObject = tuple[str, Callable[[Any], str], str, Callable[[Any], list[Problem]]]
        per_object: list[PerObject] = [
            ("kommune_rules", lambda r: f"rule:{r.id}", "rule {}", self.check_rule),
            (
                "kommune_schemas",
                lambda x: f"schema:{x.id}",
                "schema {} compiles",
                self.check_schema,
            ),
            (
                "kommune_codelists",
                lambda c: f"codelist:{c.urn}_{c.version}",
                "code list {}",
                self.check_codelist,
            ),
        ]
        for hook, check_id, title, method in per_object:
            for obj in self.items(hook):
                name = obj.id if hasattr(obj, "id") else obj.urn
                out.append(Check(check_id(obj), title.format(name), functools.partial(method, obj)))
        for sc in self.items("kommune_scenarios"):
            run_scenario = functools.partial(self.check_scenario, sc)
            out.append(Check(f"scenario:{sc.id}", f"scenario {sc.id}", run_scenario))
            for ex_id, run in example_checks(self.name, sc, lambda: self.validator):
                out.append(Check(f"example:{sc.id}:{ex_id}", f"example {ex_id}", run))
        out.append(
            Check(
                "message_checks",
                "message checks name existing scenarios",
                self.check_message_checks,
            )
        )
        return out

    def check_load(self) -> list[Problem]:
        out = [
            Problem(
                self.name,
                "(entry point)",
                f"plugin {self.name!r}"
                + (f" (distribution {e.distribution})" if e.distribution else ""),
                f"failed at {e.stage}: {e.message}",
            )
            for e in self.load_errors
        ]
        if self.loaded and not self.host.infos[self.name].hooks:
            out.append(
                self._p("(entry point)", f"plugin {self.name!r}", "implements no hook at all")
            )
        return out

    def check_hooks(self) -> list[Problem]:
        out: list[Problem] = []
        for hook in self.host.infos[self.name].hooks:
            contributions = self.host.collect(hook)
            for error in self.host.errors:
                if error.plugin == self.name and error.stage == f"hook {hook}":
                    out.append(self._p(hook, "the hook implementation", error.message))
            for c in contributions:
                for message in object_problems(c.item, HOOK[hook].returns):
                    out.append(self._p(hook, c.item, message))
        return out

    def check_conflicts(self) -> list[Problem]:
        out: list[Problem] = []
        for conflict in self.context.conflicts:
            if self.name in (conflict.kept, conflict.dropped):
                other = conflict.dropped if conflict.kept == self.name else conflict.kept
                fate = "kept" if conflict.kept == self.name else "dropped (the other one wins)"
                out.append(
                    self._p(
                        hook_of_kind(conflict.kind).name,
                        f"{conflict.kind.value} {conflict.key!r}",
                        f"also contributed by plugin {other!r}; this one is {fate}",
                    )
                )
        for hook in _COUNTED:
            info = HOOK[hook]
            counts = Counter(info.key(x) for x in self.items(hook))
            out += [
                self._p(
                    hook,
                    f"{info.kind.value} {k!r}",
                    f"contributed {n} times by this plugin; its key must be unique",
                )
                for k, n in sorted(counts.items())
                if n > 1
            ]
        return out

    def check_kommunen(self) -> list[Problem]:
        hook = "kommune_kommunen"
        return [self._p(hook, o, m) for o, m in kommunen_issues(self.items(hook), self.land_keys)]

    def check_providers(self) -> list[Problem]:
        hook = "kommune_providers"
        issues = provider_issues(self.items(hook), self.land_keys, self.context)
        return [self._p(hook, o, m) for o, m in issues]

    def check_portale(self) -> list[Problem]:
        hook = "kommune_antragsportale"
        return [self._p(hook, o, m) for o, m in portal_issues(self.items(hook))]

    def check_rule(self, rule: Rule) -> list[Problem]:
        hook = "kommune_rules"
        out = [self._p(hook, rule, m) for m in object_problems(rule, Rule)]
        if out:
            return out
        end = rule.valid_until
        if not any(
            n.valid_from <= (end or n.valid_from)
            and (n.valid_until is None or n.valid_until >= rule.valid_from)
            for n in rule.norms
        ):
            out.append(
                self._p(
                    hook,
                    rule,
                    f"none of its norms is in force at any day of its "
                    f"validity {rule.valid_from}–{end or 'offen'}",
                )
            )
        for key in rule.lands:
            try:
                check_key(key, KeyKind.LAND, field="lands")
            except (KeyFormatError, TypeError) as exc:
                out.append(self._p(hook, rule, str(exc)))
        if out:
            return out
        if not self.context.providers:
            raise SkipCheck(f"rule {rule.id!r} was not run: no plugin contributes a provider")
        run = run_rule(self.context, self.name, rule)
        for message, first, count in run.problems:
            more = f" (and {count - 1} more case(s))" if count > 1 else ""
            out.append(self._p(hook, rule, f"{message} — on {first}{more}"))
        return out

    def check_schema(self, spec: SchemaSpec) -> list[Problem]:
        return [self._p("kommune_schemas", spec, m) for m in schema_problems(spec)]

    def check_codelist(self, spec: CodeListSpec) -> list[Problem]:
        return [self._p("kommune_codelists", spec, m) for m in codelist_problems(spec)]

    def check_scenario(self, scenario: Scenario) -> list[Problem]:
        return [
            self._p("kommune_scenarios", scenario, m)
            for m in scenario_problems(scenario, self.context)
        ]

    def check_message_checks(self) -> list[Problem]:
        hook = "kommune_message_checks"
        known = {s.id for s in self.items("kommune_scenarios")}
        return [
            self._p(
                hook,
                mc,
                f"names scenario {sid!r}, which the plugin does not "
                f"contribute (its scenarios: {', '.join(sorted(known)) or 'none'})",
            )
            for mc in self.items(hook)
            for sid in mc.scenarios
            if sid not in known
        ]


def problems_of(checks: Iterable[Check]) -> list[Problem]:
    """Run ``checks`` and return every problem (skipped checks count as none)."""
    out: list[Problem] = []
    for check in checks:
        try:
            out.extend(check.run())
        except SkipCheck:
            continue
    return out
