"""Plain-text report: invalid files (and files with warnings) as they arrive, each finding as
``file:line:column: severity [rule] message`` with its XPath, then one summary line. Valid
files are listed only with ``verbose``. Streams: nothing is kept. File names and messages
never pass control characters (terminal escape codes) through: see :func:`.base.escape_name`."""

from __future__ import annotations

from typing import IO

from ...validation.results import ERROR, FileResult, Summary
from .base import ReportWriter, escape_name, printable

__all__ = ["TextWriter", "summary_line"]


def summary_line(summary: Summary) -> str:
    invalid = f"{summary.invalid} invalid"
    if summary.unprocessed:
        invalid += f" ({summary.unprocessed} not processed)"
    warn = f", {summary.warnings} warning(s)" if summary.warnings else ""
    noun = "file" if summary.files == 1 else "files"
    return (
        f"{summary.files} {noun}: {summary.valid} valid, {invalid}{warn} — "
        f"{summary.seconds:.2f} s, {summary.rate:,.0f} files/s"
    )


class TextWriter(ReportWriter):
    def __init__(self, out: IO[str], *, verbose: bool = False) -> None:
        super().__init__(out)
        self.verbose = verbose

    def add(self, r: FileResult) -> None:
        issues = r.errors
        if not issues and r.valid:
            if self.verbose:
                self.out.write(f"ok   {escape_name(r.file)} ({r.scenario})\n")
            return
        head = "ERROR" if not r.processed else ("ok  " if r.valid else "FAIL")
        errors = sum(1 for i in issues if i.severity == ERROR)
        counts = []
        if errors:
            counts.append(f"{errors} error(s)")
        if len(issues) > errors:
            counts.append(f"{len(issues) - errors} warning(s)")
        what = f" ({printable(r.scenario)})" if r.scenario else ""
        name = escape_name(r.file)
        lines = [f"{head} {name}{what}: {', '.join(counts)}"]
        # one test over all of the file's texts: the common case needs no escaping. Every
        # character printable() escapes is one str.isprintable() refuses (Cc, Cf, Cs, Cn,
        # Zl, Zp), so a printable text is left as it is; anything else (a line break in a
        # message, say) takes printable()
        safe = " ".join(
            [i.rule for i in issues] + [i.message for i in issues] + [i.xpath or "" for i in issues]
        ).isprintable()
        for i in issues:
            pos = (f":{i.line}:{i.column}" if i.column else f":{i.line}") if i.line else ""
            if safe:
                lines.append(f"  {name}{pos}: {i.severity} [{i.rule}] {i.message}")
                if i.xpath:
                    lines.append(f"      at {i.xpath}")
                continue
            lines.append(
                f"  {name}{pos}: {i.severity} [{printable(i.rule)}] "
                f"{printable(i.message, keep=chr(10))}"
            )
            if i.xpath:
                lines.append(f"      at {printable(i.xpath)}")
        self.out.write("\n".join(lines) + "\n")

    def finish(self, summary: Summary) -> None:
        self.out.write(summary_line(summary) + "\n")
