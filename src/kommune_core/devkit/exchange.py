"""Conformance of a plugin's exchange contributions: schemas, code lists, scenarios, examples.

**Example messages declare what they should do by file name** (``Scenario.examples``):
a name containing ``-invalid`` (or ``_invalid``, ``.invalid``) must be *rejected*, one
containing ``-valid`` must be *accepted*; any other name is a conformance problem, because
the suite cannot tell what the author expects. ``antrag-valid.xml``,
``antrag-invalid-ags.xml`` and ``invalid.xml`` are good names.

Schemas are compiled, and examples validated, by the core's validation package
(:mod:`kommune_core.validation`) exactly as ``kommune validate`` would: offline, imports
resolved through the core's XML catalog, the full pipeline (scenario match, XSD, Schematron,
code lists, message checks). A valid-named example must also be matched by *its* scenario.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from ..codelists.genericode import GenericodeError, read_genericode
from ..domain import CodeListSpec, Scenario, SchemaSpec
from ..validation import ValidationConfig, Validator
from ..validation.resources import XmlCatalog, core_catalog_path
from ..validation.schemas import SchemaLoadError, compile_schema
from ..xml import XmlInputError, parse_file
from .problems import Problem

__all__ = [
    "codelist_problems",
    "example_checks",
    "expectation",
    "scenario_problems",
    "schema_problems",
]

_XS = "{http://www.w3.org/2001/XMLSchema}"
_INVALID = re.compile(r"(^|[-_.])invalid([-_.]|$)")
_VALID = re.compile(r"(^|[-_.])valid([-_.]|$)")


def expectation(name: str) -> bool | None:
    """True: must be accepted; False: must be rejected; None: the name does not say."""
    stem = name.lower()
    if _INVALID.search(stem):
        return False
    if _VALID.search(stem):
        return True
    return None


def _file(path: Any) -> Path:
    return Path(str(path))


def schema_problems(spec: SchemaSpec) -> list[str]:
    file = _file(spec.path)
    if not file.is_file():
        return [f"schema file {file} does not exist"]
    try:
        tns = parse_file(file).getroot().get("targetNamespace")
    except XmlInputError as exc:
        return [f"the schema is not usable XML: {exc}"]
    out = []
    if tns != spec.namespace:
        out.append(
            f"namespace {spec.namespace!r} differs from the schema's targetNamespace "
            f"{tns!r} in {file.name}"
        )
    try:
        compile_schema(file, XmlCatalog.from_file(core_catalog_path()), detail=False)
    except SchemaLoadError as exc:
        out.append(" ".join(str(exc).split()))
    return out


def codelist_problems(spec: CodeListSpec) -> list[str]:
    file = _file(spec.path)
    if not file.is_file():
        return [f"code list file {file} does not exist"]
    try:
        cl = read_genericode(file)
    except GenericodeError as exc:
        return [f"is no genericode code list: {exc}"]
    out = []
    if (cl.urn, cl.version) != (spec.urn, spec.version):
        out.append(
            f"declares {spec.urn}_{spec.version}, but {file.name} is "
            f"{cl.urn}_{cl.version} (CanonicalUri and Version must match)"
        )
    if not len(cl):
        out.append(f"{file.name} has no rows")
    return out


def _top_elements(schema_file: Path) -> set[str]:
    try:
        root = parse_file(schema_file).getroot()
    except XmlInputError:
        return set()
    return {el.get("name") for el in root.iterfind(f"{_XS}element") if el.get("name")}


def scenario_problems(sc: Scenario, catalog: Any) -> list[str]:
    out = []
    spec = catalog.schemas.get(sc.schema)
    if spec is None:
        known = ", ".join(sorted(catalog.schemas)) or "none"
        out.append(f"names schema {sc.schema!r}, which no plugin contributes (known: {known})")
    else:
        if sc.namespace is not None and sc.namespace != spec.namespace:
            out.append(
                f"matches namespace {sc.namespace!r}, but its schema {sc.schema!r} "
                f"has namespace {spec.namespace!r}"
            )
        tops = _top_elements(_file(spec.path))
        if sc.root is not None and tops and sc.root not in tops:
            out.append(
                f"matches root element {sc.root!r}, which schema {sc.schema!r} does not "
                f"declare (it declares: {', '.join(sorted(tops))})"
            )
    versions = set(catalog.codelists)
    urns = {c.urn for c in catalog.codelists.values()}
    for ref in sc.codelists:
        if ref not in versions and ref not in urns:
            out.append(
                f"needs code list {ref!r}, which no plugin contributes (give its urn or "
                f"urn_version as kommune_codelists declares it)"
            )
    for path in sc.schematron:
        if not _file(path).is_file():
            out.append(f"Schematron file {path} does not exist")
    for path in sc.examples:
        file = _file(path)
        if not file.is_file():
            out.append(f"example message {path} does not exist")
        elif expectation(file.name) is None:
            out.append(
                f"example {file.name}: the name does not say whether it is valid; name it "
                f"*-valid*.xml or *-invalid*.xml"
            )
    return out


def offline_validator(catalog: Any) -> Validator:
    """An offline validator of ``catalog``'s scenarios; the suite keeps one, so schemas compile
    once for all examples."""
    return Validator(ValidationConfig(offline=True), catalog=catalog)


def _describe(issues: Iterable[Any]) -> str:
    return "; ".join(
        f"line {i.line}: [{i.rule}] {i.message}" if i.line else f"[{i.rule}] {i.message}"
        for i in list(issues)[:3]
    )


def example_checks(
    plugin: str, sc: Scenario, validator: Callable[[], Validator]
) -> Iterator[tuple[str, Callable[[], list[Problem]]]]:
    """One check per existing example file whose name declares an expectation; ``validator``
    gives the (shared) validator when a check runs."""
    for path in sc.examples:
        file = _file(path)
        expected = expectation(file.name)
        if not file.is_file() or expected is None:
            continue  # reported by the scenario check

        def run(file: Path = file, expected: bool = expected) -> list[Problem]:
            obj = f"example {file.name} of Scenario {sc.id!r}"
            result = validator().validate_file(str(file))
            why = _describe(result.errors)
            if expected and result.scenario != sc.id:
                matched = f"scenario {result.scenario!r}" if result.scenario else "no scenario"
                message = f"is named valid, but {matched} matches it"
                return [
                    Problem(
                        plugin, "kommune_scenarios", obj, f"{message}: {why}" if why else message
                    )
                ]
            if result.valid and not expected:
                return [
                    Problem(
                        plugin,
                        "kommune_scenarios",
                        obj,
                        "is named invalid, but validation accepts it",
                    )
                ]
            if not result.valid and expected:
                return [
                    Problem(
                        plugin,
                        "kommune_scenarios",
                        obj,
                        f"is named valid, but validation rejects it: {why}",
                    )
                ]
            return []

        yield file.name, run
