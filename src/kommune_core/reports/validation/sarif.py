"""SARIF 2.1.0 for code-scanning tools: one result per finding with ``ruleId``, ``level``,
the file and line as physical location and the XPath as logical location. A file that could
not be processed at all is a result with level ``error`` too (never "no results")."""

from __future__ import annotations

import json
from pathlib import Path

from ... import __version__
from ...validation.results import ERROR, FileResult, Summary
from .base import SpoolingWriter

__all__ = ["SarifWriter"]

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def _uri(file: str) -> str:
    p = Path(file)
    return p.as_uri() if p.is_absolute() else p.as_posix()


class SarifWriter(SpoolingWriter):
    suffix = ".sarif"

    def __init__(self, out) -> None:  # type: ignore[no-untyped-def]
        super().__init__(out)
        self.rules: dict[str, str] = {}
        self._first = True

    def add(self, result: FileResult) -> None:
        for i in result.errors:
            self.rules.setdefault(i.rule, i.stage)
            region = {}
            if i.line:
                region["startLine"] = i.line
                if i.column:
                    region["startColumn"] = i.column
            location: dict[str, object] = {
                "physicalLocation": {"artifactLocation": {"uri": _uri(result.file)},
                                     **({"region": region} if region else {})},
            }
            if i.xpath:
                location["logicalLocations"] = [{"fullyQualifiedName": i.xpath,
                                                 "kind": "element"}]
            item = {
                "ruleId": i.rule,
                "level": "error" if i.severity == ERROR else "warning",
                "message": {"text": i.message},
                "locations": [location],
                "properties": {"scenario": result.scenario, "processed": result.processed},
            }
            self.spool(("\n" if self._first else ",\n") + json.dumps(item, ensure_ascii=False))
            self._first = False

    def finish(self, summary: Summary) -> None:
        driver = {
            "name": "kommune validate",
            "version": __version__,
            "rules": [{"id": rid, "properties": {"stage": stage}}
                      for rid, stage in sorted(self.rules.items())],
        }
        head = json.dumps({"$schema": SCHEMA, "version": "2.1.0"})[:-1]
        self.out.write(head + ', "runs": [{"tool": {"driver": ' + json.dumps(driver)
                       + '}, "properties": ' + json.dumps(summary.as_dict())
                       + ', "results": [')
        self.drain()
        self.out.write("]}]}\n")
