"""Validation by a KoSIT configuration, with the KoSIT validator's semantics.

Per document, as the KoSIT validator does it:

1. **Parse** (hardened, as everywhere in the project). Not well-formed: *reject*.
2. **Scenario**: every scenario's ``match`` (XPath 2.0) is evaluated; exactly one must be
   true. None, or more than one: the document gets the "no scenario" result (*reject*). An
   expression that fails while evaluating counts as false (its reason is kept as a warning).
3. **XML Schema** of the scenario.
4. **Schematron** (each ``validateWithSchematron`` stylesheet, on Saxon) — only when the
   schema step passed, as in KoSIT. ``customLevel`` sets the level of failed asserts by id.
   A stylesheet that fails while running is a processing error: recommendation *undefined*.
5. **Recommendation** (``assessment``): with an ``acceptMatch`` and a schema-valid document,
   the expression's value on the scenario's report — the ``createReport`` stylesheet applied
   to the validation results (``createReportInput``) with the document as ``input-document``;
   without a ``createReport``, on the ``createReportInput`` document itself. Otherwise:
   *accept* when the schema step passed and no Schematron assert failed (whatever its
   ``customLevel``), else *reject*.

A file's :class:`~kommune_core.validation.results.FileResult` carries the recommendation
(``assessment``); its ``valid`` is "accept". A rejection always has at least one error
finding (``kosit:reject`` when nothing else explains it), so it cannot pass unnoticed.
Schematron findings of the k-th stylesheet (k ≥ 2) have the rule ``sch.k:<id>``.
"""

from __future__ import annotations

import base64
import datetime as _dt
import hashlib
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import attrs
from lxml import etree

from ...domain import Scenario
from ...xml import DEFAULT_LIMITS, Limits, XmlInputError, parse_bytes
from ...xml.parsers import hardened_parser
from ..resources import XmlCatalog, core_catalog_path
from ..results import ERROR, WARNING, FileResult, Issue
from ..schemas import CompiledSchema, SchemaLoadError, compile_schema
from .config import NS, KositConfig, KositConfigError, KositResource, KositScenario, load_config
from .xpath2 import XPath2, compile_xpath, context_of

__all__ = ["ACCEPT", "REJECT", "UNDEFINED", "KositValidator"]

ACCEPT, REJECT, UNDEFINED = "accept", "reject", "undefined"
CRI = "http://www.xoev.de/de/validator/framework/1/createreportinput"
SVRL = "http://purl.oclc.org/dsdl/svrl"
ENGINE = "Kommune Interop (kommune validate --scenarios)"


@attrs.frozen
class KositOptions:
    """What a :class:`KositValidator` is built from — picklable."""

    scenarios: str
    repository: str | None = None
    catalogs: tuple[str, ...] = ()
    xsd_detail: bool = True
    limits: Limits = DEFAULT_LIMITS

    def build(self) -> KositValidator:
        """The validator (a worker process rebuilds it from these options)."""
        return KositValidator(self)


def _file_error(rule: str, message: str) -> Issue:
    """An error about the file as a whole (no line, no element)."""
    return Issue(None, None, None, rule, ERROR, message)


def _not_processed(file: str, issue: Issue, assessment: str = REJECT) -> FileResult:
    """The result of a file that matched no scenario because it could not be processed."""
    return FileResult(file, None, (issue,), False, assessment=assessment)


class KositValidator:
    """Validates files under a KoSIT configuration; same batch interface as
    :class:`~kommune_core.validation.Validator` (``validate_batch``, ``validate_file``,
    ``prepare``, ``scenarios``, ``config``)."""

    def __init__(self, options: KositOptions | str | Path, **kw: Any) -> None:
        if not isinstance(options, KositOptions):
            options = KositOptions(str(options), **kw)
        self.config = options
        self.kosit: KositConfig = load_config(options.scenarios, options.repository)
        catalog = XmlCatalog()
        for path in options.catalogs:
            catalog = catalog.merged(XmlCatalog.from_file(path))
        self.xml_catalog = catalog.merged(XmlCatalog.from_file(core_catalog_path()))
        self.by_id: dict[str, KositScenario] = {}
        self.scenarios: dict[str, Scenario] = {}
        self._match: list[tuple[KositScenario, XPath2]] = []
        self._accept: dict[str, XPath2] = {}
        for sc in self.kosit.scenarios:
            self.by_id[sc.id] = sc
            self.scenarios[sc.id] = Scenario(
                id=sc.id,
                title=sc.name,
                schema=str(sc.schema[0].path),
                match=sc.match,
                namespaces=sc.namespaces,
                schematron=tuple(r.path for r in sc.schematron),
            )
            ns = dict(sc.namespaces)
            self._match.append(
                (
                    sc,
                    compile_xpath(
                        sc.match, ns, self.kosit.file, sc.line, f"scenario {sc.name!r}: <match>"
                    ),
                )
            )
            if sc.accept_match:
                self._accept[sc.id] = compile_xpath(
                    sc.accept_match,
                    ns,
                    self.kosit.file,
                    sc.line,
                    f"scenario {sc.name!r}: <acceptMatch>",
                )
        self._schemas: dict[Path, CompiledSchema] = {}
        self._schematrons: dict[Path, Any] = {}
        self._reports: dict[Path, Any] = {}

    # -- compiled resources ---------------------------------------------------------------
    def _fail(self, res: KositResource, message: str) -> KositConfigError:
        return KositConfigError(self.kosit.file, res.line, f"{res.location}: {message}")

    def _compiled(
        self,
        store: dict[Path, Any],
        res: KositResource,
        build: Callable[[Path], Any],
        errors: type[Exception],
    ) -> Any:
        """``res`` built once by ``build``; a failure (one of ``errors``) is a
        :class:`KositConfigError` naming the resource's line in the configuration."""
        got = store.get(res.path)
        if got is None:
            try:
                got = build(res.path)
            except errors as exc:
                raise self._fail(res, str(exc)) from None
            store[res.path] = got
        return got

    def schema_for(self, sc: KositScenario) -> CompiledSchema:
        def build(path: Path) -> CompiledSchema:
            return compile_schema(
                path, self.xml_catalog, detail=self.config.xsd_detail, attribute_defaults=False
            )

        return self._compiled(self._schemas, sc.schema[0], build, SchemaLoadError)

    def schematron_for(self, res: KositResource) -> Any:
        from ..schematron import CompiledSchematron

        return self._compiled(self._schematrons, res, CompiledSchematron, SchemaLoadError)

    def report_for(self, res: KositResource) -> Any:
        from .saxon import SaxonError, Stylesheet

        return self._compiled(self._reports, res, Stylesheet, SaxonError)

    def prepare(self, scenarios: Any = None) -> None:
        """Compile every schema and stylesheet now; raises :class:`KositConfigError` (file
        and line of the resource in the configuration) for one that cannot be used."""
        for sc in self.kosit.scenarios:
            self.schema_for(sc)
            for res in sc.schematron:
                self.schematron_for(res)
            if sc.report is not None and sc.id in self._accept:
                self.report_for(sc.report)
        if self.kosit.no_scenario_report is not None:
            self.report_for(self.kosit.no_scenario_report)

    # -- files ----------------------------------------------------------------------------
    def validate_file(self, file: str) -> FileResult:
        return self.validate_batch([file])[0]

    def validate_batch(self, files: Sequence[str]) -> list[FileResult]:
        return [self._one(file) for file in files]

    def validate_bytes(self, data: bytes, name: str) -> FileResult:
        """The result of one message held in memory (``name`` stands for the file), as
        :meth:`~kommune_core.validation.Validator.validate_bytes`."""
        return self._one(name, bytes(data))

    def _one(self, file: str, data: bytes | None = None) -> FileResult:
        try:
            if data is None:
                data = _read(file, self.config.limits.max_bytes)
            tree = parse_bytes(data, file=file, limits=self.config.limits)
        except XmlInputError as exc:
            issue = Issue(exc.line or None, exc.column or None, None, exc.rule, ERROR, exc.message)
            return _not_processed(file, issue, REJECT)
        except OSError as exc:
            return _not_processed(file, _file_error("io", f"cannot read: {exc.strerror or exc}"))
        try:
            return self._validate(file, data, tree)
        except KositConfigError:
            raise
        except Exception as exc:  # a stage that crashes is this file's error, never the batch's
            error = _file_error("internal:kosit", f"{type(exc).__name__}: {exc}")
            return _not_processed(file, error, UNDEFINED)

    def _validate(self, file: str, data: bytes, tree: Any) -> FileResult:
        root = tree.getroot()
        notes: list[Issue] = []
        hits: list[KositScenario] = []
        context = context_of(tree)  # the document's node tree, built once for all matches
        for sc, xp in self._match:
            ok, reason = xp.test(context)
            if reason:
                notes.append(
                    Issue(
                        None,
                        None,
                        None,
                        "scenario:match-error",
                        WARNING,
                        f"Szenario {sc.name!r}: {reason}",
                    )
                )
            if ok:
                hits.append(sc)
        if len(hits) != 1:
            if hits:
                why = "mehr als ein Szenario passt: " + ", ".join(repr(h.name) for h in hits)
            else:
                qn = etree.QName(root)
                why = (
                    f"kein Szenario der Konfiguration {self.kosit.file.name} passt zum "
                    f"Dokument (Wurzelelement {{{qn.namespace or ''}}}{qn.localname})"
                )
            issue = Issue(root.sourceline, None, tree.getpath(root), "scenario:none", ERROR, why)
            return FileResult(file, None, (issue, *notes), False, assessment=REJECT)
        sc = hits[0]
        issues: list[Issue] = list(notes)
        schema = self.schema_for(sc)
        schema_valid = bool(schema.validate_tree(tree))
        xsd_issues = [] if schema_valid else schema.issues(tree)
        issues.extend(xsd_issues)
        failed_asserts = 0
        svrl_docs: list[etree._Element] = []
        processing: list[str] = []
        levels = dict(sc.custom_levels)
        in_saxon: list[Any] = []  # the document as Saxon node, made once when first needed

        def node() -> Any:
            if not in_saxon:
                from .saxon import from_lxml

                in_saxon.append(from_lxml(tree, file))
            return in_saxon[0]

        if schema_valid:
            for k, res in enumerate(sc.schematron, start=1):
                sch = self.schematron_for(res)
                try:
                    found, svrl = _run_schematron(sch, tree, file, node)
                except Exception as exc:
                    processing.append(f"Schematron {res.name or res.location}: {exc}")
                    svrl_docs.append(etree.Element(f"{{{SVRL}}}schematron-output"))
                    continue
                svrl_docs.append(svrl)
                for issue, is_assert in found:
                    ident = issue.rule.split(":", 1)[1]
                    failed_asserts += is_assert
                    severity = issue.severity
                    if is_assert and ident in levels:
                        severity = ERROR if levels[ident] == "error" else WARNING
                    rule = issue.rule if k == 1 else f"sch.{k}:{ident}"
                    issues.append(attrs.evolve(issue, rule=rule, severity=severity))
        if processing:
            issues.extend(_file_error("kosit:processing", m) for m in processing)
            return FileResult(file, sc.id, tuple(issues), True, assessment=UNDEFINED)
        accept = self._accept.get(sc.id)
        if accept is not None and schema_valid:
            cri = self._report_input(file, data, sc, xsd_issues, svrl_docs)
            try:
                report = self._report(sc, cri, node)
            except Exception as exc:
                issues.append(
                    _file_error(
                        "kosit:processing",
                        f"Bericht {sc.report.location if sc.report else ''}: {exc}",
                    )
                )
                return FileResult(file, sc.id, tuple(issues), True, assessment=UNDEFINED)
            ok, reason = accept.test(report)
            if reason:
                issues.append(_file_error("kosit:processing", reason))
                return FileResult(file, sc.id, tuple(issues), True, assessment=UNDEFINED)
            assessment = ACCEPT if ok else REJECT
            if not ok:
                issues.append(
                    _file_error(
                        "kosit:reject",
                        f"Empfehlung: ablehnen — acceptMatch "
                        f"{sc.accept_match!r} ist für den Prüfbericht falsch",
                    )
                )
        else:
            assessment = ACCEPT if schema_valid and failed_asserts == 0 else REJECT
            if assessment == REJECT and not any(i.severity == ERROR for i in issues):
                issues.append(
                    _file_error(
                        "kosit:reject",
                        f"Empfehlung: ablehnen — {failed_asserts} Schematron-"
                        "Zusicherung(en) verletzt (customLevel ändert nur die "
                        "Stufe der Meldung, nicht die Empfehlung)",
                    )
                )
        return FileResult(file, sc.id, tuple(issues), True, assessment=assessment)

    # -- createReport -----------------------------------------------------------------------
    def _report_input(
        self,
        file: str,
        data: bytes,
        sc: KositScenario,
        xsd_issues: list[Issue],
        svrl_docs: list[etree._Element],
    ) -> etree._Element:
        """The ``createReportInput`` document of the KoSIT validator."""

        def el(parent: etree._Element, name: str, text: str | None = None) -> etree._Element:
            e = etree.SubElement(parent, f"{{{CRI}}}{name}")
            if text is not None:
                e.text = text
            return e

        root = etree.Element(
            f"{{{CRI}}}createReportInput", nsmap={"in": CRI, "s": NS}, frameworkVersion="1.0.0"
        )
        el(el(root, "engine"), "name", ENGINE)
        el(root, "timestamp", _dt.datetime.now(_dt.UTC).isoformat())
        ident = el(root, "documentIdentification")
        digest = el(ident, "documentHash")
        el(digest, "hashAlgorithm", "SHA-256")
        el(digest, "hashValue", base64.b64encode(hashlib.sha256(data).digest()).decode())
        el(ident, "documentReference", os.path.basename(file))
        root.append(etree.fromstring(sc.source))
        el(root, "validationResultsWellformedness")
        xsd = el(root, "validationResultsXmlSchema")
        xsd.append(_resource(sc.schema[0]))
        for issue in xsd_issues:
            err = el(xsd, "xmlSyntaxError")
            el(err, "message", issue.message)
            el(err, "severityCode", "SEVERITY_ERROR")
            if issue.line:
                el(err, "rowNumber", str(issue.line))
            if issue.column:
                el(err, "columnNumber", str(issue.column))
        for res, svrl in zip(sc.schematron, svrl_docs, strict=False):
            block = el(root, "validationResultsSchematron")
            block.append(_resource(res))
            el(block, "results").append(svrl)
        return root

    def _report(self, sc: KositScenario, cri: etree._Element, node: Any) -> Any:
        if sc.report is None:
            return cri.getroottree()
        from . import saxon

        sheet = self.report_for(sc.report)
        text = sheet.transform(
            saxon.parse(etree.tostring(cri, encoding="unicode")),
            {"input-document": node()},
        )
        parser = hardened_parser(huge=True)
        return etree.fromstring(text.encode("utf-8"), parser).getroottree()


def _resource(res: KositResource) -> etree._Element:
    el = etree.Element(f"{{{NS}}}resource")
    etree.SubElement(el, f"{{{NS}}}name").text = res.name
    etree.SubElement(el, f"{{{NS}}}location").text = res.location
    return el


def _run_schematron(
    sch: Any, tree: Any, file: str, node: Any
) -> tuple[list[tuple[Issue, bool]], etree._Element]:
    """Findings and the SVRL document (synthesized for the engines that make none);
    ``node()`` gives the document as a Saxon node."""
    if getattr(sch, "engine", "") == "saxon":
        svrl = sch.svrl(tree, file, node())
        from ..schematron import svrl_findings

        return svrl_findings(tree, svrl), svrl
    found = sch.findings(tree, file)
    svrl = etree.Element(f"{{{SVRL}}}schematron-output", nsmap={"svrl": SVRL})
    for issue, is_assert in found:
        tag = "failed-assert" if is_assert else "successful-report"
        e = etree.SubElement(
            svrl, f"{{{SVRL}}}{tag}", id=issue.rule.split(":", 1)[1], location=issue.xpath or ""
        )
        etree.SubElement(e, f"{{{SVRL}}}text").text = issue.message
    return found, svrl


def _read(file: str, max_bytes: int) -> bytes:
    with open(file, "rb") as fh:
        data = fh.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise XmlInputError(
            f"file has more than {max_bytes} bytes (Limits.max_bytes); refused",
            file=file,
            rule="xml.too-large",
        )
    return data
