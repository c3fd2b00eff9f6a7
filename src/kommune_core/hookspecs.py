"""The public face of Kommune Interop: every hook a Land plugin can implement.

A plugin is a module registered under the entry-point group ``kommune_core``. It implements any
of the hooks below with :data:`kommune_core.hookimpl`. Every hook takes no arguments and returns
a list (or ``None``: the plugin contributes nothing). The host calls each plugin's
implementation on its own, so every contributed object is attributed to its plugin, and a
plugin that raises is reported by name while the others go on. Keep implementations free of
default arguments: pluggy ignores them.

The examples assume::

    from kommune_core import hookimpl
    from kommune_core.domain import *
"""

from __future__ import annotations

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

PROJECT = "kommune_core"
hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)

#: Every hook name, in documentation order (``docs/hooks.md`` follows it; a test checks both).
HOOKS = (
    "kommune_laender",
    "kommune_kommunen",
    "kommune_providers",
    "kommune_antragsportale",
    "kommune_rules",
    "kommune_schemas",
    "kommune_codelists",
    "kommune_scenarios",
    "kommune_message_checks",
    "kommune_report_formats",
    "kommune_approvals",
)


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
    Load them from a data file that states its source (see ``kommune_core.datafiles``).

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
                                 render=render_csv, suffix=".csv")]
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
            return [ApprovalData(land="12", authorities=(Authority(
                body="für Inneres zuständiges Ministerium", subject="kommune",
                task="Kommunalaufsicht über die kreisfreien Städte",
                norms=("§ 110 Abs. 2 BbgKVerf",), kinds=(KommuneKind.KREISFREIE_STADT,)),))]
    """
