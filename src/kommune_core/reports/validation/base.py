"""The streaming report interface: a writer receives each :class:`FileResult` as it arrives
(``add``) and the :class:`Summary` at the end (``finish``). Writers that need the whole batch
for their layout spool per-file fragments to a temporary file, so memory stays flat for
100,000 files."""

from __future__ import annotations

import tempfile
from typing import IO

from ...validation.results import FileResult, Summary

__all__ = ["ReportWriter", "SpoolingWriter"]


class ReportWriter:
    """Base class. ``out`` is a text stream the writer owns for the batch."""

    suffix = ".txt"

    def __init__(self, out: IO[str]) -> None:
        self.out = out

    def add(self, result: FileResult) -> None:
        raise NotImplementedError

    def finish(self, summary: Summary) -> None:
        raise NotImplementedError


class SpoolingWriter(ReportWriter):
    """Keeps fragments in memory up to a few MB, then on disk."""

    def __init__(self, out: IO[str]) -> None:
        super().__init__(out)
        self._spool: IO[str] = tempfile.SpooledTemporaryFile(  # noqa: SIM115 - closed in drain
            max_size=4 * 1024 * 1024, mode="w+", encoding="utf-8")

    def spool(self, text: str) -> None:
        self._spool.write(text)

    def drain(self) -> None:
        """Copy every spooled fragment to ``out`` (in order) and discard the spool."""
        self._spool.seek(0)
        while block := self._spool.read(1 << 16):
            self.out.write(block)
        self._spool.close()
