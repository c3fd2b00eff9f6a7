"""JUnit XML, as CI servers read it: one ``testcase`` per file (classname = scenario), a
``failure`` listing its errors when it is invalid, an ``error`` when it could not be
processed at all (unreadable, malformed, no scenario), warnings in ``system-out``. Always
well-formed: characters XML 1.0 forbids (control characters in a file name or message) are
escaped (:func:`.base.escape_name`, :func:`.base.printable`)."""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from ...validation.results import ERROR, FileResult, Issue, Summary
from .base import SpoolingWriter, escape_name, printable

__all__ = ["JunitWriter"]


def _line(i: Issue) -> str:
    where = f"line {i.line}" if i.line else "file"
    return _text(
        f"{where} [{i.rule}] {i.severity}: {i.message}" + (f" ({i.xpath})" if i.xpath else "")
    )


def _text(text: str) -> str:
    return printable(text, keep="\t\n\r")


class JunitWriter(SpoolingWriter):
    suffix = ".xml"

    def __init__(self, out) -> None:  # type: ignore[no-untyped-def]
        super().__init__(out)
        self.failures = self.errors = 0

    def add(self, result: FileResult) -> None:
        cls = quoteattr(_text(result.scenario or "no-scenario"))
        parts = [f"    <testcase name={quoteattr(escape_name(result.file))} classname={cls}>"]
        errors = [i for i in result.errors if i.severity == ERROR]
        warnings = [i for i in result.errors if i.severity != ERROR]
        if not result.processed:
            self.errors += 1
            first = errors[0] if errors else None
            msg = first.message if first else "not processed"
            parts.append(
                f"      <error type={quoteattr(_text(first.rule if first else 'error'))} "
                f"message={quoteattr(_text(msg))}>"
                f"{escape(chr(10).join(_line(i) for i in errors))}</error>"
            )
        elif errors:
            self.failures += 1
            summary = _text(f"{len(errors)} error(s): {errors[0].message}")
            parts.append(
                f"      <failure type={quoteattr(_text(errors[0].rule))} "
                f"message={quoteattr(summary)}>"
                f"{escape(chr(10).join(_line(i) for i in errors))}</failure>"
            )
        if warnings:
            parts.append(
                "      <system-out>"
                + escape("\n".join(_line(i) for i in warnings))
                + "</system-out>"
            )
        parts.append("    </testcase>\n")
        self.spool("\n".join(parts))

    def finish(self, summary: Summary) -> None:
        attrs = (
            f'tests="{summary.files}" failures="{self.failures}" errors="{self.errors}" '
            f'time="{summary.seconds:.3f}"'
        )
        self.out.write(
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<testsuites name="kommune validate" {attrs}>\n'
            f'  <testsuite name="kommune validate" {attrs}>\n'
        )
        self.drain()
        self.out.write("  </testsuite>\n</testsuites>\n")
