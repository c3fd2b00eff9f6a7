"""JSON report — the stable shape documented in ``docs/validation.md``::

    {"summary": {"files", "valid", "invalid", "seconds"},
     "files": [{"file", "valid", "scenario",
                "errors": [{"line", "column", "xpath", "rule", "severity", "message"}]}]}

``file`` is escaped as in every format (:func:`.base.escape_name`): bytes that are not
UTF-8 as ``\\xNN``; texts keep control characters (JSON escapes them) but not surrogates.
"""

from __future__ import annotations

import json

from ...validation.results import FileResult, Summary
from .base import SpoolingWriter, escape_name, no_surrogates

__all__ = ["JsonWriter"]

_dumps = json.JSONEncoder(ensure_ascii=False).encode


def _safe(record: dict[str, object]) -> dict[str, object]:
    record["file"] = escape_name(str(record["file"]))
    for issue in record["errors"]:  # type: ignore[attr-defined]
        for key in ("message", "xpath", "rule"):
            if isinstance(issue.get(key), str):
                issue[key] = no_surrogates(issue[key])
    return record


class JsonWriter(SpoolingWriter):
    suffix = ".json"
    _first = True

    def add(self, result: FileResult) -> None:
        if result.errors or result.assessment is not None:
            record = json.dumps(_safe(result.as_dict()), ensure_ascii=False)
        else:  # the common case, without building a dict per file
            record = (
                f'{{"file": {_dumps(escape_name(result.file))}, "valid": '
                f'{"true" if result.valid else "false"}, "scenario": '
                f'{_dumps(result.scenario)}, "errors": []}}'
            )
        self.spool(("\n    " if self._first else ",\n    ") + record)
        self._first = False

    def finish(self, summary: Summary) -> None:
        self.out.write('{\n  "summary": ' + json.dumps(summary.as_dict()) + ',\n  "files": [')
        self.drain()
        self.out.write("\n  ]\n}\n" if not self._first else "]\n}\n")
