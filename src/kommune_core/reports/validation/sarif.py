"""SARIF 2.1.0 for code-scanning tools, in the shape GitHub code scanning accepts.

* one result per finding with ``ruleId``, ``level``, the file and line as physical location
  and the XPath as logical location; a file that could not be processed at all is a result
  with level ``error`` too (never "no results");
* files below the checkout root (the current folder, or ``root``) are relative URIs against
  ``originalUriBaseIds["%SRCROOT%"]``, percent-encoded from the file name's bytes (so a
  name that is not UTF-8 survives); other files are absolute ``file://`` URIs;
* a finding about the whole file has ``startLine`` 1 (GitHub needs a line);
* every rule has a ``name``, a ``shortDescription`` and ``help``;
* at most :data:`MAX_RESULTS` results (GitHub rejects a run with more): the rest are counted
  and named in a notification of the run's invocation, never dropped silently.

Limits: https://docs.github.com/en/code-security/code-scanning/troubleshooting-sarif-uploads/results-exceed-limit
"""

from __future__ import annotations

import json
import os
from typing import IO
from urllib.parse import quote

from ... import __version__
from ...validation.results import ERROR, FileResult, Summary
from .base import SpoolingWriter, no_surrogates

__all__ = ["MAX_RESULTS", "SarifWriter", "rule_metadata"]

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SRCROOT = "%SRCROOT%"
#: GitHub code scanning rejects a run with more results than this.
MAX_RESULTS = 25_000

#: exact rule id → (short description, help)
_RULES: dict[str, tuple[str, str]] = {
    "codelist:unknown-code": (
        "Code is not in its code list",
        "Use a code of the code list and version that listURI and "
        "listVersionID name; the message lists the allowed codes.",
    ),
    "codelist:unavailable": (
        "Code list not available; its codes were not checked",
        "Add the genericode list with --codelists, to the cache, or let "
        "kommune fetch it with --xrepository.",
    ),
    "codelist:version": (
        "Code list version chosen without listVersionID",
        "Name the code list's version in listVersionID.",
    ),
    "xoev:nachrichtentyp": (
        "Header message type does not name the root element",
        "The nachrichtentyp code in the header must be the one of the message's root element.",
    ),
    "scenario:none": (
        "No scenario matches the message",
        "Load the plugin for this standard, pass --scenario, or validate with --schema ENTRY.xsd.",
    ),
    "scenario:codelist-missing": (
        "A code list the scenario needs is not available",
        "Provide the code list (--codelists, cache, --xrepository).",
    ),
    "schema:load": (
        "The scenario's schema cannot be used",
        "Fix the schema or map its imports with --xml-catalog.",
    ),
    "internal:worker": (
        "The worker process died while validating the file",
        "The file was not validated; validate it alone with --jobs 1 to "
        "see the cause (e.g. memory).",
    ),
    "io": ("The file cannot be read", "Check that the file exists and is readable."),
    "io.special-file": (
        "Not a regular file (FIFO, device, socket)",
        "Only regular files are validated; special files are never read.",
    ),
}
#: rule-id prefix → (short description with {id}, help)
_FAMILIES: tuple[tuple[str, str, str], ...] = (
    (
        "xsd:",
        "XML Schema constraint {id} violated",
        "The message does not conform to its XSD; the message says what was expected where.",
    ),
    (
        "sch:",
        "Schematron rule {id} failed",
        "A business rule of the scenario's Schematron is not met.",
    ),
    ("check:", "Plugin check {id} failed", "A check contributed by a plugin is not met."),
    (
        "internal:",
        "Internal failure in stage {id}",
        "A validation stage crashed for this file; the other stages ran. Please report it.",
    ),
    ("codelist:", "Code list finding {id}", "See the message."),
    (
        "xml.",
        "The file was refused by the hardened XML parser ({id})",
        "Only well-formed XML without DTD entities, external DTDs or XInclude, within the size "
        "and depth limits, is processed (see docs/security.md).",
    ),
)


def rule_metadata(rule: str) -> dict[str, object]:
    """The SARIF ``reportingDescriptor`` for ``rule``: id, name, short description, help."""
    if rule in _RULES:
        short, help_text = _RULES[rule]
    else:
        short, help_text = f"Finding {rule}", "See the message."
        for prefix, template, family_help in _FAMILIES:
            if rule.startswith(prefix):
                short, help_text = template.format(id=rule[len(prefix) :]), family_help
                break
    name = "".join(
        part[:1].upper() + part[1:]
        for part in rule.replace(":", "-").replace(".", "-").split("-")
        if part
    )
    stage = rule.split(":", 1)[0] if ":" in rule else "xml"
    return {
        "id": rule,
        "name": name,
        "shortDescription": {"text": short},
        "fullDescription": {"text": short},
        "help": {"text": help_text},
        "properties": {"stage": stage},
    }


class SarifWriter(SpoolingWriter):
    suffix = ".sarif"

    def __init__(
        self, out: IO[str], *, root: str | None = None, max_results: int = MAX_RESULTS
    ) -> None:
        super().__init__(out)
        self.root = os.fsencode(os.path.abspath(root or os.getcwd()))
        self.max_results = max_results
        self.rules: set[str] = set()
        self.written = self.omitted = 0

    def _location(self, file: str) -> dict[str, object]:
        raw = os.path.abspath(os.fsencode(file))
        prefix = self.root.rstrip(b"/") + b"/"
        if raw.startswith(prefix):
            return {"uri": quote(raw[len(prefix) :]), "uriBaseId": SRCROOT}
        return {"uri": "file://" + quote(raw)}

    def add(self, result: FileResult) -> None:
        if not result.errors:
            return
        artifact = self._location(result.file)
        for i in result.errors:
            if self.written >= self.max_results:
                self.omitted += 1
                continue
            self.rules.add(i.rule)
            region: dict[str, int] = {"startLine": i.line or 1}
            if i.line and i.column:
                region["startColumn"] = i.column
            location: dict[str, object] = {
                "physicalLocation": {"artifactLocation": artifact, "region": region},
            }
            if i.xpath:
                location["logicalLocations"] = [
                    {"fullyQualifiedName": no_surrogates(i.xpath), "kind": "element"}
                ]
            item = {
                "ruleId": i.rule,
                "level": "error" if i.severity == ERROR else "warning",
                "message": {"text": no_surrogates(i.message)},
                "locations": [location],
                "properties": {"scenario": result.scenario, "processed": result.processed},
            }
            self.spool(
                ("\n" if self.written == 0 else ",\n") + json.dumps(item, ensure_ascii=False)
            )
            self.written += 1

    def finish(self, summary: Summary) -> None:
        driver = {
            "name": "kommune validate",
            "version": __version__,
            "rules": [rule_metadata(rid) for rid in sorted(self.rules)],
        }
        invocation: dict[str, object] = {"executionSuccessful": True}
        properties: dict[str, object] = dict(summary.as_dict())
        if self.omitted:
            properties["omittedResults"] = self.omitted
            invocation["toolExecutionNotifications"] = [
                {
                    "level": "warning",
                    "message": {
                        "text": f"{self.omitted} further result(s) omitted: GitHub code "
                        f"scanning accepts at most {self.max_results:,} results "
                        f"per run; see the JSON or text report for all of them"
                    },
                }
            ]
        base = os.fsdecode(self.root).rstrip("/") + "/"
        run_head = {
            "tool": {"driver": driver},
            "originalUriBaseIds": {SRCROOT: {"uri": "file://" + quote(os.fsencode(base))}},
            "invocations": [invocation],
            "properties": properties,
        }
        head = json.dumps({"$schema": SCHEMA, "version": "2.1.0"})[:-1]
        self.out.write(
            head + ', "runs": [' + json.dumps(run_head, ensure_ascii=False)[:-1] + ', "results": ['
        )
        self.drain()
        self.out.write("]}]}\n")
