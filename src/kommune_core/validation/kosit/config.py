"""Reads a KoSIT validator configuration (``scenarios.xml``) as it is published.

The file follows the KoSIT scenario schema (namespace
``http://www.xoev.de/de/validator/framework/1/scenarios``): a list of ``scenario`` elements,
each with prefix declarations (``namespace``), an XPath 2.0 ``match``, one
``validateWithXmlSchema``, any number of ``validateWithSchematron``, an optional
``createReport`` (with ``customLevel`` overrides) and an optional ``acceptMatch``; and one
``noScenarioReport`` for documents that no scenario matches.

Resource ``location`` s are relative to the *repository* folder (the KoSIT validator's
``-r``); without one, the configuration's folder is used, and a ``repository/`` folder beside
the configuration when a location is not found there (the layout of KoSIT's published
examples).

Everything that makes a configuration unusable — a missing element, an XPath that does not
compile, a file that is not there — raises :class:`KositConfigError` naming the file and the
line of the element at fault; nothing is compiled here beyond the XPath expressions.
"""

from __future__ import annotations

from pathlib import Path

import attrs
from lxml import etree

from ...xml.parsers import hardened_parser

__all__ = ["NS", "KositConfig", "KositConfigError", "KositResource", "KositScenario", "load_config"]

NS = "http://www.xoev.de/de/validator/framework/1/scenarios"
_S = f"{{{NS}}}"
LEVELS = ("error", "warning", "information")


class KositConfigError(ValueError):
    """A configuration that cannot be used. ``str()`` is ``file:line: what``."""

    def __init__(self, file: str | Path, line: int | None, message: str) -> None:
        self.file, self.line, self.message = str(file), line, message
        super().__init__(f"{file}:{line or 0}: {message}")


@attrs.frozen
class KositResource:
    """A ``resource``: its ``name`` and resolved ``path`` (``location`` as written kept for
    the report)."""

    name: str
    location: str
    path: Path
    line: int | None = None


@attrs.frozen
class KositScenario:
    name: str
    match: str
    namespaces: tuple[tuple[str, str], ...]
    schema: tuple[KositResource, ...]
    schematron: tuple[KositResource, ...] = ()
    report: KositResource | None = None
    accept_match: str | None = None
    #: failed-assert id → ``error``/``warning``/``information`` (``createReport/customLevel``)
    custom_levels: tuple[tuple[str, str], ...] = ()
    line: int | None = None
    #: the ``scenario`` element as written, for the report (``scenarioMatched``)
    source: bytes = b""
    #: position in the configuration (1-based), for an id unique within it
    index: int = 0

    @property
    def id(self) -> str:
        """An id in the project's scenario id syntax: ``kosit.<n>.<name>``."""
        slug = "".join(c if c.isalnum() else "-" for c in self.name.lower()).strip("-")
        return f"kosit.{self.index}.{slug or 'scenario'}"


@attrs.frozen
class KositConfig:
    file: Path
    repository: Path
    name: str
    scenarios: tuple[KositScenario, ...]
    no_scenario_report: KositResource | None
    framework_version: str = ""


def _text(el: etree._Element | None) -> str:
    return " ".join("".join(el.itertext()).split()) if el is not None else ""


def _resolver(config_file: Path, repository: Path | None):  # type: ignore[no-untyped-def]
    bases = (
        [repository]
        if repository is not None
        else [config_file.parent, config_file.parent / "repository"]
    )

    def resolve(location: str, line: int | None) -> Path:
        if not location:
            raise KositConfigError(config_file, line, "resource without <location>")
        if "://" in location and not location.startswith("file:"):
            raise KositConfigError(
                config_file,
                line,
                f"resource location {location!r} is remote; only files in "
                "the repository are loaded",
            )
        loc = location.removeprefix("file://").removeprefix("file:")
        for base in bases:
            candidate = (base / loc).resolve()
            if candidate.is_file():
                return candidate
        where = " or ".join(str(b) for b in bases)
        raise KositConfigError(config_file, line, f"resource {location!r} not found in {where}")

    return resolve


def load_config(file: str | Path, repository: str | Path | None = None) -> KositConfig:
    """The configuration in ``file``; raises :class:`KositConfigError`."""
    path = Path(file).resolve()
    repo = Path(repository).resolve() if repository is not None else None
    if repo is not None and not repo.is_dir():
        raise KositConfigError(path, None, f"repository {repo} is not a folder")
    parser = hardened_parser()
    try:
        doc = etree.parse(str(path), parser)
    except OSError as exc:
        raise KositConfigError(path, None, f"cannot read the configuration: {exc}") from None
    except etree.XMLSyntaxError as exc:
        raise KositConfigError(path, exc.lineno, f"not well-formed: {exc.msg}") from None
    root = doc.getroot()
    if root.tag != f"{_S}scenarios":
        raise KositConfigError(
            path,
            root.sourceline,
            f"root element is {root.tag}, not {{{NS}}}scenarios: not a "
            "KoSIT validator configuration",
        )
    resolve = _resolver(path, repo)

    def resource(el: etree._Element) -> KositResource:
        res = el.find(f"{_S}resource")
        if res is None:
            raise KositConfigError(
                path, el.sourceline, f"<{etree.QName(el).localname}> without <resource>"
            )
        return read(res)

    def read(res: etree._Element) -> KositResource:
        location = _text(res.find(f"{_S}location"))
        return KositResource(
            _text(res.find(f"{_S}name")),
            location,
            resolve(location, res.sourceline),
            res.sourceline,
        )

    from .xpath2 import compile_xpath  # checks every expression now: exit 2, not per file

    scenarios = []
    for index, sc in enumerate(root.iterchildren(f"{_S}scenario"), start=1):
        name = _text(sc.find(f"{_S}name")) or f"scenario {index}"
        namespaces = tuple(
            (ns.get("prefix") or "", _text(ns)) for ns in sc.iterchildren(f"{_S}namespace")
        )
        for prefix, uri in namespaces:
            if not prefix or not uri:
                raise KositConfigError(
                    path, sc.sourceline, f"scenario {name!r}: <namespace> needs a prefix and a URI"
                )
        match_el = sc.find(f"{_S}match")
        match = _text(match_el)
        if not match:
            raise KositConfigError(path, sc.sourceline, f"scenario {name!r} has no <match>")
        compile_xpath(
            match,
            dict(namespaces),
            path,
            match_el.sourceline,  # type: ignore[union-attr]
            f"scenario {name!r}: <match>",
        )
        xsd_el = sc.find(f"{_S}validateWithXmlSchema")
        if xsd_el is None:
            raise KositConfigError(
                path, sc.sourceline, f"scenario {name!r} has no <validateWithXmlSchema>"
            )
        schema = tuple(read(r) for r in xsd_el.iterchildren(f"{_S}resource"))
        if len(schema) != 1:
            raise KositConfigError(
                path,
                xsd_el.sourceline,
                f"scenario {name!r}: {len(schema)} XML Schema resources; this "
                "reader supports exactly one entry schema per scenario",
            )
        schematron = tuple(resource(el) for el in sc.iterchildren(f"{_S}validateWithSchematron"))
        report_el = sc.find(f"{_S}createReport")
        report = resource(report_el) if report_el is not None else None
        levels: list[tuple[str, str]] = []
        if report_el is not None:
            for cl in report_el.iterchildren(f"{_S}customLevel"):
                level = (cl.get("level") or "").strip()
                if level not in LEVELS:
                    raise KositConfigError(
                        path,
                        cl.sourceline,
                        f"scenario {name!r}: customLevel level {level!r} is "
                        f"not one of {', '.join(LEVELS)}",
                    )
                levels.extend((ident, level) for ident in (cl.text or "").split())
        accept_el = sc.find(f"{_S}acceptMatch")
        accept = _text(accept_el) or None
        if accept is not None:
            compile_xpath(
                accept,
                dict(namespaces),
                path,
                accept_el.sourceline,  # type: ignore[union-attr]
                f"scenario {name!r}: <acceptMatch>",
            )
        known = {
            "name",
            "description",
            "namespace",
            "match",
            "validateWithXmlSchema",
            "validateWithSchematron",
            "createReport",
            "acceptMatch",
        }
        for child in sc.iterchildren("*"):
            local = etree.QName(child).localname
            if etree.QName(child).namespace != NS or local not in known:
                raise KositConfigError(
                    path, child.sourceline, f"scenario {name!r}: unsupported element <{local}>"
                )
        scenarios.append(
            KositScenario(
                name=name,
                match=match,
                namespaces=namespaces,
                schema=schema,
                schematron=schematron,
                report=report,
                accept_match=accept,
                custom_levels=tuple(levels),
                line=sc.sourceline,
                source=etree.tostring(sc),
                index=index,
            )
        )
    top = {"name", "author", "date", "description", "scenario", "noScenarioReport"}
    for child in root.iterchildren("*"):
        if etree.QName(child).namespace != NS or etree.QName(child).localname not in top:
            raise KositConfigError(
                path, child.sourceline, f"unsupported element <{etree.QName(child).localname}>"
            )
    if not scenarios:
        raise KositConfigError(path, root.sourceline, "the configuration has no <scenario>")
    fallback_el = root.find(f"{_S}noScenarioReport")
    fallback = resource(fallback_el) if fallback_el is not None else None
    return KositConfig(
        file=path,
        repository=repo or path.parent,
        name=_text(root.find(f"{_S}name")),
        scenarios=tuple(scenarios),
        no_scenario_report=fallback,
        framework_version=root.get("frameworkVersion") or "",
    )
