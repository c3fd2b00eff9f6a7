"""One XRepository fetch per code list and run, shared by every worker process of the run.

``kommune validate --jobs N`` validates in N processes, each of which may meet the same
unknown list in its messages. :class:`RunFetcher` wraps an :class:`XRepositoryClient` so that

* each list is asked for **once per run**: the first process takes a lock file beside the
  list's cache folder, fetches, and records the outcome in a marker file
  (``.<version>.run.json``: run id, ok, path or reason); the others wait for the lock and
  read the marker instead of asking again;
* a **failed fetch is remembered for the run**: every later look-up in any process gets the
  same :class:`FetchError` at once (the message says it failed earlier in this run), so a
  server that is down costs one timeout per list, not one per list and worker.

Markers of other runs are ignored (and overwritten), so the next run asks again. Without a
run id (a library user's single process) outcomes are remembered in the process only.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .cache import CodeListCache, safe_name
from .client import FetchError, FetchResult, XRepositoryClient

__all__ = ["RunFetcher"]


class RunFetcher:
    """``fetch_codelist`` as :class:`XRepositoryClient`'s, once per list and run."""

    def __init__(
        self, client: XRepositoryClient, cache: CodeListCache, run_id: str | None = None
    ) -> None:
        self.client, self.cache, self.run_id = client, cache, run_id
        self._seen: dict[tuple[str, str], FetchResult | FetchError] = {}

    def fetch_codelist(self, urn: str, version: str | None = None) -> FetchResult:
        key = (urn, version or "current")
        got = self._seen.get(key)
        if got is None:
            got = self._seen[key] = self._once(urn, version)
        if isinstance(got, FetchError):
            raise got
        return got

    def _once(self, urn: str, version: str | None) -> FetchResult | FetchError:
        if self.run_id is None:
            return self._ask(urn, version)
        folder = self.cache.folder(urn)
        stem = "." + safe_name(version or "current")
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            return self._ask(urn, version)  # an unwritable cache: no sharing, still works
        marker = folder / f"{stem}.run.json"
        with _locked(folder / f"{stem}.lock"):
            done = _read_marker(marker, self.run_id)
            if done is not None:
                if done.get("ok") and Path(str(done.get("path"))).is_file():
                    return FetchResult(
                        Path(str(done["path"])),
                        urn,
                        str(done.get("version") or version),
                        True,
                        done.get("warning"),
                    )
                if not done.get("ok"):
                    return FetchError(
                        f"{done.get('reason')} (failed earlier in this run; not asked again)",
                        url=done.get("url"),
                        cause=str(done.get("reason")),
                        attempts=0,
                    )
            got = self._ask(urn, version)
            record: dict[str, Any] = {"run": self.run_id}
            if isinstance(got, FetchError):
                record.update(ok=False, reason=str(got), url=got.url)
            else:
                record.update(ok=True, path=str(got.path), version=got.version, warning=got.warning)
            with contextlib.suppress(OSError):
                from ..files import atomic_write

                atomic_write(marker, json.dumps(record, ensure_ascii=False))
            return got

    def _ask(self, urn: str, version: str | None) -> FetchResult | FetchError:
        try:
            return self.client.fetch_codelist(urn, version)
        except FetchError as exc:
            return exc


def _read_marker(path: Path, run_id: str) -> dict[str, Any] | None:
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return value if isinstance(value, dict) and value.get("run") == run_id else None


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """An exclusive ``flock`` on ``path`` (POSIX); elsewhere no lock, only the markers."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError:
        yield
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock
