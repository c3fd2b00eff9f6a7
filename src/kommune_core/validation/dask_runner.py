"""The batch runner on a Dask cluster: ``kommune validate --dask-scheduler ADDRESS``.

The same work as :func:`~kommune_core.validation.runner.validate_files` — chunks of paths
through :meth:`Validator.validate_batch` — but each chunk is a Dask task. Only paths travel to
the workers, so the files are read where the workers are (a shared or replicated volume);
each worker process builds its :class:`Validator` from the picklable
:class:`ValidationConfig` once per thread and compiles each schema once. Results come back
as compact records and are yielded in input order, with at most ``window`` chunks in flight,
so memory on the client stays flat for any batch size.
"""

from __future__ import annotations

import contextlib
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any

from .pipeline import ValidationConfig, Validator
from .results import FileResult
from .runner import CHUNK, _chunks
from .workers import _compact

__all__ = ["validate_files_dask"]

_LOCAL = threading.local()
#: libxml2's first schema compilations must not run in two threads at once
_COMPILE = threading.Lock()


def _validator(config: ValidationConfig) -> Validator:
    cache: dict[ValidationConfig, Validator] | None = getattr(_LOCAL, "validators", None)
    if cache is None:
        cache = _LOCAL.validators = {}
    v = cache.get(config)
    if v is None:
        with _COMPILE:
            v = Validator(config)
            for sc in v.scenarios.values():
                # a schema that fails is reported per file by the pipeline, as locally
                with contextlib.suppress(Exception):
                    v.prepare([sc])
        cache[config] = v
    return v


def _validate_chunk(config: ValidationConfig, files: list[str]) -> list[FileResult | str]:
    """Runs on a Dask worker: a chunk's results, a file without findings as its scenario id
    (as the local runner sends them back from its processes)."""
    return _compact(_validator(config).validate_batch(files))


def _expand(files: list[str], sent: list[FileResult | str]) -> list[FileResult]:
    """Compact records back into results (a bare scenario id: the file had no findings)."""
    return [FileResult(f, r) if isinstance(r, str) else r for f, r in zip(files, sent, strict=True)]


def validate_files_dask(
    config: ValidationConfig,
    files: Iterable[str],
    scheduler: Any,
    *,
    chunk: int = CHUNK,
    window: int | None = None,
) -> Iterator[FileResult]:
    """Results in input order, validated on the Dask cluster at ``scheduler`` (an address
    such as ``tcp://host:8786``, or a ``distributed.Client``). Stop iterating to stop early:
    the chunks in flight are cancelled."""
    from distributed import Client

    own = not isinstance(scheduler, Client)
    client: Any = Client(scheduler) if own else scheduler
    try:
        if window is None:
            threads = sum(client.nthreads().values()) or 1
            window = max(2, threads * 4)
        pending: deque[tuple[list[str], Any]] = deque()
        try:
            for part in _chunks(files, chunk):
                # pure=False: the same paths may hold new contents next time
                pending.append((part, client.submit(_validate_chunk, config, part, pure=False)))
                while len(pending) >= window:
                    part, fut = pending.popleft()
                    yield from _expand(part, fut.result())
            while pending:
                part, fut = pending.popleft()
                yield from _expand(part, fut.result())
        finally:
            for _part, fut in pending:
                fut.cancel()
    finally:
        if own:
            client.close()
