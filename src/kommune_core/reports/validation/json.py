"""JSON report — the stable shape documented in ``docs/validation.md``::

    {"summary": {"files", "valid", "invalid", "seconds"},
     "files": [{"file", "valid", "scenario",
                "errors": [{"line", "column", "xpath", "rule", "severity", "message"}]}]}
"""

from __future__ import annotations

import json

from ...validation.results import FileResult, Summary
from .base import SpoolingWriter

__all__ = ["JsonWriter"]

_dumps = json.JSONEncoder(ensure_ascii=False).encode


class JsonWriter(SpoolingWriter):
    suffix = ".json"
    _first = True

    def add(self, result: FileResult) -> None:
        if result.errors or result.assessment is not None:
            record = json.dumps(result.as_dict(), ensure_ascii=False)
        else:  # the common case, without building a dict per file
            record = (f'{{"file": {_dumps(result.file)}, "valid": '
                      f'{"true" if result.valid else "false"}, "scenario": '
                      f'{_dumps(result.scenario)}, "errors": []}}')
        self.spool(("\n    " if self._first else ",\n    ") + record)
        self._first = False

    def finish(self, summary: Summary) -> None:
        self.out.write('{\n  "summary": ' + json.dumps(summary.as_dict()) + ',\n  "files": [')
        self.drain()
        self.out.write("\n  ]\n}\n" if not self._first else "]\n}\n")
