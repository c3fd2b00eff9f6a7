"""The KoSIT validator's report (VARL, namespace ``http://www.xoev.de/de/validator/varl/1``)
for each file, as the KoSIT validator writes it with the XRechnung configuration's report
stylesheet:

``rep:report`` (``valid``, ``varlVersion``) → ``rep:engine``, ``rep:timestamp``,
``rep:documentIdentification`` (SHA-256 hash of the file, its name), then
``rep:scenarioMatched`` (the configuration's ``scenario`` element, one
``rep:validationStepResult`` per step — ``val-xml``, ``val-xsd``, ``val-sch.1`` … — with its
``resource`` and ``rep:message`` s: ``id``, ``level``, ``code``, ``lineNumber``,
``columnNumber``, ``xpathLocation``) or ``rep:noScenarioMatched``, and ``rep:assessment``
with ``rep:accept`` or ``rep:reject`` and a short German explanation.

One file: the report document itself. Several: the reports in input order inside
``<k:reports xmlns:k="urn:kommune-interop:validation:kosit">`` (with a summary), since one
stream holds them all. A recommendation *undefined* (a processing error) is written as
``rep:reject`` with ``k:assessment="undefined"``. Without a KoSIT configuration (``--schema``
or plugin scenarios) the scenario element holds the scenario id only and the recommendation
is the verdict.
"""

from __future__ import annotations

import base64
import datetime as _dt
import hashlib
import os
from typing import IO, Any
from xml.sax.saxutils import escape, quoteattr

from ...validation.results import ERROR, FileResult, Issue, Summary
from .base import SpoolingWriter, escape_name, printable

__all__ = ["KositWriter"]

VARL = "http://www.xoev.de/de/validator/varl/1"
SCENARIOS = "http://www.xoev.de/de/validator/framework/1/scenarios"
K = "urn:kommune-interop:validation:kosit"


def _safe(text: str) -> str:
    """Text that XML 1.0 can hold and a terminal shows safely: control characters (C0, C1)
    and lone surrogates (undecodable bytes of a file name) escaped as every report writer
    escapes them (:func:`.base.printable`)."""
    return printable(text)


def _t(text: str) -> str:
    return escape(_safe(text))


def _a(text: str) -> str:
    return quoteattr(_safe(text))


def _step(issue: Issue) -> str:
    stage = issue.rule.split(":", 1)[0] if ":" in issue.rule else "xml"
    if stage in ("xsd",):
        return "val-xsd"
    if stage == "sch":
        return "val-sch.1"
    if stage.startswith("sch."):
        return "val-sch." + stage.split(".", 1)[1]
    if stage in ("xml", "io") or issue.rule.startswith("xml."):
        return "val-xml"
    return "val-" + stage.replace(":", "-")


class KositWriter(SpoolingWriter):
    suffix = ".xml"

    def __init__(self, out: IO[str], config: Any = None) -> None:
        super().__init__(out)
        self.config = config  # a KositConfig, or None
        self.count = 0
        self.timestamp = _dt.datetime.now(_dt.UTC).astimezone().isoformat()

    # -- one report -------------------------------------------------------------------------
    def _scenario(self, result: FileResult) -> tuple[str, list[tuple[str, str, str]]]:
        """The ``scenario`` element and, per step id, (step id, resource name, location)."""
        sc = None
        if self.config is not None and result.scenario is not None:
            sc = next((s for s in self.config.scenarios if s.id == result.scenario), None)
        if sc is not None:
            source = sc.source.decode("utf-8")
            steps = [("val-xsd", sc.schema[0].name, sc.schema[0].location)]
            steps += [
                (f"val-sch.{k}", r.name, r.location) for k, r in enumerate(sc.schematron, start=1)
            ]
            return source, steps
        name = _t(result.scenario or "")
        return (
            f'<scenario xmlns="{SCENARIOS}"><name>{name}</name></scenario>',
            [("val-xsd", "", "")],
        )

    def report(self, result: FileResult) -> str:
        errors = result.errors
        assessment = result.assessment or ("accept" if result.valid else "reject")
        by_step: dict[str, list[Issue]] = {}
        reasons = []
        for issue in errors:
            if issue.rule == "kosit:reject":  # the recommendation's reason, not a step
                reasons.append(issue.message)
            else:
                by_step.setdefault(_step(issue), []).append(issue)
        valid = not any(i.severity == ERROR for i in errors)
        parts = [
            f'<rep:report xmlns:rep="{VARL}" xmlns:s="{SCENARIOS}" xmlns:k="{K}" '
            f'varlVersion="1.0.0" valid="{str(valid).lower()}"'
            + (' k:assessment="undefined"' if assessment == "undefined" else "")
            + ">",
            "<rep:engine><rep:name>Kommune Interop (kommune validate)</rep:name></rep:engine>",
            f"<rep:timestamp>{self.timestamp}</rep:timestamp>",
            "<rep:documentIdentification><rep:documentHash>"
            "<rep:hashAlgorithm>SHA-256</rep:hashAlgorithm>"
            f"<rep:hashValue>{_hash(result.file)}</rep:hashValue></rep:documentHash>"
            f"<rep:documentReference>{escape(escape_name(result.file))}</rep:documentReference>"
            "</rep:documentIdentification>",
        ]
        xml_issues = by_step.pop("val-xml", [])
        if result.scenario is None:
            parts.append("<rep:noScenarioMatched>")
            parts.append(self._step("val-xml", not xml_issues, xml_issues, "", ""))
            rest = [i for step in by_step.values() for i in step]
            if rest:
                parts.append(self._step("val-scenario", False, rest, "", ""))
            parts.append("</rep:noScenarioMatched>")
        else:
            source, steps = self._scenario(result)
            parts.append("<rep:scenarioMatched>")
            parts.append(source)
            known = set()
            for step_id, name, location in steps:
                known.add(step_id)
                issues = by_step.get(step_id, [])
                parts.append(
                    self._step(
                        step_id,
                        not any(i.severity == ERROR for i in issues),
                        issues,
                        name,
                        location,
                    )
                )
            for step_id, issues in by_step.items():
                if step_id not in known:
                    parts.append(
                        self._step(
                            step_id, not any(i.severity == ERROR for i in issues), issues, "", ""
                        )
                    )
            parts.append("</rep:scenarioMatched>")
        tag = "accept" if assessment == "accept" else "reject"
        parts.append(
            f"<rep:assessment><rep:{tag}><rep:explanation>"
            f'<html xmlns="http://www.w3.org/1999/xhtml"><body><p>'
            f"{_t(' '.join([_explain(result, assessment), *reasons]))}</p></body></html>"
            f"</rep:explanation></rep:{tag}></rep:assessment>"
        )
        parts.append("</rep:report>")
        return "".join(parts)

    @staticmethod
    def _step(step_id: str, valid: bool, issues: list[Issue], name: str, location: str) -> str:
        out = [f'<rep:validationStepResult id="{step_id}" valid="{str(valid).lower()}">']
        if name or location:
            out.append(
                f"<s:resource><s:name>{_t(name)}</s:name>"
                f"<s:location>{_t(location)}</s:location></s:resource>"
            )
        for n, i in enumerate(issues, start=1):
            level = "error" if i.severity == ERROR else "warning"
            code = i.rule.split(":", 1)[1] if ":" in i.rule else i.rule
            extra = ""
            if i.line:
                extra += f' lineNumber="{i.line}"'
            if i.column:
                extra += f' columnNumber="{i.column}"'
            if i.xpath:
                extra += f" xpathLocation={_a(i.xpath)}"
            out.append(
                f'<rep:message id="{step_id}.{n}" level="{level}" code={_a(code)}'
                f"{extra}>{_t(i.message)}</rep:message>"
            )
        out.append("</rep:validationStepResult>")
        return "".join(out)

    # -- the stream -------------------------------------------------------------------------
    def add(self, result: FileResult) -> None:
        self.count += 1
        self.spool(self.report(result) + "\n")

    def finish(self, summary: Summary) -> None:
        self.out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        if self.count == 1:
            self.drain()
            return
        self.out.write(
            f'<k:reports xmlns:k="{K}" files="{summary.files}" '
            f'accepted="{summary.valid}" rejected="{summary.invalid}">\n'
        )
        self.drain()
        self.out.write("</k:reports>\n")


def _explain(result: FileResult, assessment: str) -> str:
    errors = sum(1 for i in result.errors if i.severity == ERROR)
    warnings = len(result.errors) - errors
    if assessment == "accept":
        head = "Empfehlung: annehmen."
    elif assessment == "undefined":
        head = "Keine Empfehlung möglich: die Prüfung konnte nicht vollständig ausgeführt werden."
    else:
        head = "Empfehlung: ablehnen."
    if result.scenario is None:
        head += " Kein Prüfszenario anwendbar." if result.processed else ""
    return f"{head} {errors} Fehler, {warnings} Warnung(en)."


def _hash(file: str) -> str:
    """The document's SHA-256 (base64) for ``documentHash``; empty where the name is no
    readable regular file (a message validated from memory, a FIFO, a name with NUL)."""
    from ...xml import XmlInputError
    from ...xml.safe import open_regular

    digest = hashlib.sha256()
    try:
        with os.fdopen(open_regular(file), "rb") as fh:
            while block := fh.read(1 << 16):
                digest.update(block)
    except (OSError, ValueError, XmlInputError):
        return ""
    return base64.b64encode(digest.digest()).decode("ascii")
