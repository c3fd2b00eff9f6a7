"""Result values of XML validation: one :class:`Issue` per finding, one :class:`FileResult` per
file, a :class:`Summary` per batch. Small, frozen and picklable, so workers can send them back
and reports can keep them for 100,000 files."""

from __future__ import annotations

import attrs

__all__ = ["ERROR", "WARNING", "FileResult", "Issue", "Summary"]

ERROR, WARNING = "error", "warning"


@attrs.frozen
class Issue:
    """One finding. ``rule`` is ``<stage>:<id>`` (``xsd:cvc-pattern-valid``,
    ``sch:th-antrag-01``, ``codelist:unknown-code``, ``check:th.kommune-bekannt``) or, for
    input that could not be read, the parser's rule (``xml.malformed``, ``xml.entities``, ``io``).
    ``line``/``column`` are 1-based or ``None``; ``xpath`` locates the element (``None`` when the
    finding is about the file as a whole)."""

    line: int | None
    column: int | None
    xpath: str | None
    rule: str
    severity: str = attrs.field(validator=attrs.validators.in_((ERROR, WARNING)))
    message: str

    def __reduce__(self) -> tuple[type[Issue], tuple[object, ...]]:
        # pickled as the class and its six values: --jobs N sends every finding from a
        # worker to the parent, and attrs' default (a state dict per object, set again
        # attribute by attribute) costs ~3 × as much to load
        return Issue, (self.line, self.column, self.xpath, self.rule, self.severity, self.message)

    @property
    def stage(self) -> str:
        return self.rule.split(":", 1)[0] if ":" in self.rule else "xml"

    def as_dict(self) -> dict[str, object]:
        return {
            "line": self.line,
            "column": self.column,
            "xpath": self.xpath,
            "rule": self.rule,
            "severity": self.severity,
            "message": self.message,
        }


@attrs.frozen
class FileResult:
    """The outcome for one file. ``valid`` is false as soon as one issue has severity error —
    including a file that could not be read or parsed, or that no scenario matches
    (``processed`` is false then: the verdict is "undefined", never "0 errors").

    ``assessment`` is set by validation with a KoSIT configuration: the KoSIT validator's
    recommendation ``accept``/``reject``/``undefined``, which is then the verdict (an
    ``acceptMatch`` may accept a document with Schematron errors)."""

    file: str
    scenario: str | None
    errors: tuple[Issue, ...] = ()
    processed: bool = True
    assessment: str | None = None

    def __reduce__(self) -> tuple[type[FileResult], tuple[object, ...]]:
        return FileResult, (self.file, self.scenario, self.errors, self.processed, self.assessment)

    @property
    def valid(self) -> bool:
        if self.assessment is not None:
            return self.processed and self.assessment == "accept"
        return self.processed and not any(i.severity == ERROR for i in self.errors)

    @property
    def error_count(self) -> int:
        return sum(1 for i in self.errors if i.severity == ERROR)

    @property
    def warning_count(self) -> int:
        return sum(1 for i in self.errors if i.severity == WARNING)

    def as_dict(self) -> dict[str, object]:
        out: dict[str, object] = {
            "file": self.file,
            "valid": self.valid,
            "scenario": self.scenario,
            "errors": [i.as_dict() for i in self.errors],
        }
        if self.assessment is not None:
            out["assessment"] = self.assessment
        return out


@attrs.frozen
class Summary:
    files: int
    valid: int
    invalid: int
    seconds: float
    warnings: int = 0
    unprocessed: int = 0

    @property
    def rate(self) -> float:
        return self.files / self.seconds if self.seconds > 0 else 0.0

    def as_dict(self) -> dict[str, object]:
        return {
            "files": self.files,
            "valid": self.valid,
            "invalid": self.invalid,
            "seconds": round(self.seconds, 3),
        }
