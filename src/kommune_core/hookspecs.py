"""The public face of Kommune Interop: every hook a Land plugin can implement, and the one
table (:data:`HOOK_TABLE`) that says what each hook returns, how its objects are keyed and what
a clash of two plugins is called.

A plugin is a module (or object) registered under the entry-point group ``kommune_core``. It
implements any of the hooks below with :data:`kommune_core.hookimpl`. Every hook takes no
arguments and returns a list (or ``None``: the plugin contributes nothing). The host calls the
hooks through pluggy, one plugin at a time, so every contributed object is attributed to its
plugin, and a plugin that raises is reported by name while the others go on. Keep
implementations free of default arguments: pluggy ignores them.

The catalog, the conformance suite, the CLI and :class:`~kommune_core.plugins.PackagePlugin`
read :data:`HOOK_TABLE`; nothing else spells out a hook's type or key.

The examples assume::

    from kommune_core import hookimpl
    from kommune_core.domain import *
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from typing import Any

import attrs
import pluggy

from .domain import (
    Antragsportal,
    CodeListSpec,
    Kommune,
    Land,
    MessageCheck,
    Provider,
    ReportFormat,
    Rule,
    Scenario,
    SchemaSpec,
)
from .domain.approvals import ApprovalData

__all__ = [
    "HOOK",
    "HOOKS",
    "HOOK_TABLE",
    "PROJECT",
    "HookInfo",
    "ObjectKind",
    "hook_of_kind",
    "hookimpl",
    "hookspec",
]

PROJECT = "kommune_core"
hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


class ObjectKind(enum.StrEnum):
    """What a hook contributes: names a conflict (two plugins, one key) and an object's origin
    (:meth:`kommune_core.catalog.Catalog.plugin_of`)."""

    LAND = "Land"
    KOMMUNE = "Kommune"
    PROVIDER = "Provider"
    ANTRAGSPORTAL = "Antragsportal"
    RULE = "Rule"
    SCHEMA = "Schema"
    CODELIST = "CodeList"
    SCENARIO = "Scenario"
    MESSAGE_CHECK = "MessageCheck"
    REPORT_FORMAT = "ReportFormat"
    APPROVALS = "Approvals"


@attrs.frozen
class HookInfo:
    """One hook: its name, the type of its list items, what kind of object that is, the key
    under which two plugins' objects clash, the :class:`~kommune_core.catalog.Catalog`
    attribute that holds them, and where a package-laid-out plugin
    (:class:`~kommune_core.plugins.PackagePlugin`) keeps them: ``data/FILE[#TABLE]`` or
    ``SUBPACKAGE:FUNCTION`` (``None``: PackagePlugin does not implement the hook)."""

    name: str
    returns: type
    kind: ObjectKind
    key: Callable[[Any], str] = attrs.field(repr=False)
    collection: str
    package_source: str | None = None


def _id(obj: Any) -> str:
    return str(obj.id)


#: Every hook, in documentation order (``docs/hooks.md`` follows it; a test checks both).
HOOK_TABLE: tuple[HookInfo, ...] = (
    HookInfo(
        "kommune_laender", Land, ObjectKind.LAND, lambda x: x.key, "laender", "data/land.toml#land"
    ),
    HookInfo(
        "kommune_kommunen",
        Kommune,
        ObjectKind.KOMMUNE,
        lambda x: x.key,
        "kommunen",
        "data/kommunen.json",
    ),
    HookInfo(
        "kommune_providers",
        Provider,
        ObjectKind.PROVIDER,
        _id,
        "providers",
        "data/providers.toml",
    ),
    HookInfo(
        "kommune_antragsportale",
        Antragsportal,
        ObjectKind.ANTRAGSPORTAL,
        _id,
        "portale",
        "data/land.toml#antragsportale",
    ),
    HookInfo("kommune_rules", Rule, ObjectKind.RULE, _id, "rules", "rules:rules"),
    HookInfo("kommune_schemas", SchemaSpec, ObjectKind.SCHEMA, _id, "schemas", "exchange:schemas"),
    HookInfo(
        "kommune_codelists",
        CodeListSpec,
        ObjectKind.CODELIST,
        lambda x: f"{x.urn}_{x.version}",
        "codelists",
        "exchange:codelists",
    ),
    HookInfo(
        "kommune_scenarios", Scenario, ObjectKind.SCENARIO, _id, "scenarios", "exchange:scenarios"
    ),
    HookInfo(
        "kommune_message_checks",
        MessageCheck,
        ObjectKind.MESSAGE_CHECK,
        _id,
        "message_checks",
        "exchange:message_checks",
    ),
    HookInfo(
        "kommune_report_formats",
        ReportFormat,
        ObjectKind.REPORT_FORMAT,
        lambda x: f"{x.kind}:{x.id}",
        "report_formats",
    ),
    HookInfo(
        "kommune_approvals",
        ApprovalData,
        ObjectKind.APPROVALS,
        lambda x: x.land,
        "approvals",
        "data/approvals.toml",
    ),
)

#: Every hook name, in documentation order.
HOOKS: tuple[str, ...] = tuple(h.name for h in HOOK_TABLE)
#: Hook name → its :class:`HookInfo`.
HOOK: dict[str, HookInfo] = {h.name: h for h in HOOK_TABLE}
_BY_KIND: dict[ObjectKind, HookInfo] = {h.kind: h for h in HOOK_TABLE}


def hook_of_kind(kind: ObjectKind | str) -> HookInfo:
    """The hook that contributes objects of ``kind``."""
    return _BY_KIND[ObjectKind(kind)]


@hookspec
def kommune_laender() -> list[Land] | None:
    """The Länder this plugin speaks for.

    A Land's ``key`` is the 2-digit prefix of every AGS/ARS in it. Two plugins contributing
    the same Land key is a reported conflict.

    Example::

        @hookimpl
        def kommune_laender():
            return [Land(key="12", name="Brandenburg", code="DE-BB")]
    """


@hookspec
def kommune_kommunen() -> list[Kommune] | None:
    """Every Gemeinde, kreisfreie Stadt and Landkreis of the plugin's Land(s).

    Keys are official (AGS, ARS, Kreisschlüssel) and must start with a Land key the plugin
    contributes. The same key from two plugins is a reported conflict (the first loaded wins).
    Load them from a data file that states its source (see ``kommune_core.loading``).

    Example::

        @hookimpl
        def kommune_kommunen():
            return load_kommunen(files("kommune_brandenburg") / "data" / "kommunen.json")
    """


@hookspec
def kommune_providers() -> list[Provider] | None:
    """IT providers the plugin knows, with their Satzung terms and known members.

    Provider ids are short and stable (``kvbb``); the same id from two plugins is a conflict.

    Example::

        @hookimpl
        def kommune_providers():
            return load_providers(files("kommune_brandenburg") / "data" / "providers.toml")
    """


@hookspec
def kommune_antragsportale() -> list[Antragsportal] | None:
    """The Land's application portals (OZG online services) and the Länder they serve.

    Example::

        @hookimpl
        def kommune_antragsportale():
            return [Antragsportal(id="bb-portal", name="Portal", land="12",
                                  operator="Land Brandenburg", for_laender=("12",))]
    """


@hookspec
def kommune_rules() -> list[Rule] | None:
    """Rules as code: each with an id, the norms it rests on and the dates it is valid for.

    The engine asks every rule in force on the date for findings on (Kommune, provider, area,
    setup); a rule that raises yields an ``unknown`` finding that names it and its plugin.

    Example::

        def _portal(rule, case):
            if case.kommune.land != "12":
                return None
            return case.finding(Verdict.SERVES, "Portal steht allen Kommunen offen.", rule=rule)

        @hookimpl
        def kommune_rules():
            return [Rule(id="bb.portal", title="Landesportal", norms=(NORM,), check=_portal,
                         areas=(ServiceArea.ONLINE_DIENSTE,), valid_from=date(2020, 1, 1))]
    """


@hookspec
def kommune_schemas() -> list[SchemaSpec] | None:
    """XML schemas (XSD) the plugin ships; imports of the core schemas go by namespace.

    Example::

        @hookimpl
        def kommune_schemas():
            return [SchemaSpec(id="bb.antrag", namespace="urn:example:bb:antrag",
                               path=files("kommune_brandenburg") / "schemas" / "antrag.xsd")]
    """


@hookspec
def kommune_codelists() -> list[CodeListSpec] | None:
    """Genericode code lists the plugin ships (``listURI`` + ``listVersionID`` → file).

    Example::

        @hookimpl
        def kommune_codelists():
            return [CodeListSpec(urn="urn:example:bb:codeliste:antragsart", version="1",
                                 path=files("kommune_brandenburg") / "data" / "antragsart.xml")]
    """


@hookspec
def kommune_scenarios() -> list[Scenario] | None:
    """Validation scenarios: which messages (root element, namespace, message type or an
    XPath) get which schema, Schematron and code lists. A message no scenario matches is
    reported as such.

    Example::

        @hookimpl
        def kommune_scenarios():
            return [Scenario(id="bb.antrag", title="Antrag", schema="bb.antrag",
                             namespace="urn:example:bb:antrag", root="antrag.einreichen")]
    """


@hookspec
def kommune_message_checks() -> list[MessageCheck] | None:
    """The plugin's own checks on a message, run after XSD, Schematron and code lists.

    Ready-made checks live in ``kommune_core.validation.checks`` (e.g.
    ``known_kommune_check``: every AGS in a message names a Kommune the plugin knows).

    Example::

        def _leika(tree, scenario):
            for el in tree.iterfind(".//{*}leistung"):
                if not el.text.startswith("99"):
                    yield (tree.getpath(el), "LeiKa-Schlüssel muss mit 99 beginnen")

        @hookimpl
        def kommune_message_checks():
            return [MessageCheck(id="bb.leika", title="LeiKa-Schlüssel", check=_leika)]
    """


@hookspec
def kommune_report_formats() -> list[ReportFormat] | None:
    """Extra report formats (beside text, md, json, html) for ``check`` or ``validate``.

    Example::

        @hookimpl
        def kommune_report_formats():
            return [ReportFormat(id="csv", kind="compatibility", title="CSV",
                                 render=render_csv)]
    """


@hookspec
def kommune_approvals() -> list[ApprovalData] | None:
    """Who approves and supervises in the Land, the steps with their deadlines, real cases and
    known costs — what a report names under "Wer genehmigt", "Schritte" and "Kosten".

    One ``ApprovalData`` per Land (``kommune_core.domain.approvals``); every entry carries its
    norms and public sources. A ``PackagePlugin`` reads ``data/approvals.toml``.

    Example::

        @hookimpl
        def kommune_approvals():
            return [ApprovalData(land="12", authorities=(ApprovalAuthority(
                body="für Inneres zuständiges Ministerium", subject="kommune",
                task="Kommunalaufsicht über die kreisfreien Städte",
                norms=("§ 110 Abs. 2 BbgKVerf",), kinds=(KommuneKind.KREISFREIE_STADT,)),))]
    """
