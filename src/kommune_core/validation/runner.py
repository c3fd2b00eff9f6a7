"""Batches: find the files, validate them in this process or in ``jobs`` worker processes,
and stream the results back in input order.

Workers get chunks of paths and return small :class:`FileResult` records; at most a few
chunks are in flight, so memory stays flat whatever the batch size. With ``fork`` (Linux) the
workers inherit the parent's loaded plugins; elsewhere each worker rebuilds its validator from
the picklable config. Each process compiles each schema once.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

from .pipeline import ValidationConfig, Validator
from .results import FileResult

__all__ = ["iter_files", "validate_files"]

CHUNK = 64
_WORKER: Validator | None = None


def iter_files(paths: Iterable[str], suffixes: tuple[str, ...] = (".xml",)) -> Iterator[str]:
    """Named files as given; directories walked recursively (sorted) for ``suffixes``."""
    for path in paths:
        if os.path.isdir(path):
            for root, dirs, names in os.walk(path):
                dirs.sort()
                for name in sorted(names):
                    if name.lower().endswith(suffixes):
                        yield os.path.join(root, name)
        else:
            yield path


def _chunks(items: Iterable[str], size: int) -> Iterator[list[str]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def _init_worker(config: ValidationConfig) -> None:
    global _WORKER
    if _WORKER is None:
        _WORKER = Validator(config)


def _validate_chunk(files: list[str]) -> list[FileResult]:
    assert _WORKER is not None
    validate = _WORKER.validate_file
    return [validate(f) for f in files]


def validate_files(validator: Validator, files: Iterable[str], *, jobs: int = 1,
                   chunk: int = CHUNK) -> Iterator[FileResult]:
    """Results in input order. Stop iterating to stop early (workers are terminated)."""
    if jobs <= 1:
        validate = validator.validate_file
        for f in files:
            yield validate(f)
        return
    global _WORKER
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods:
        ctx: Any = multiprocessing.get_context("fork")
        _WORKER = validator
        initargs: tuple[Any, ...] = (validator.config,)
    else:  # pragma: no cover - macOS/Windows
        ctx = multiprocessing.get_context("spawn")
        initargs = (validator.config,)
    window = jobs * 4
    try:
        with ctx.Pool(jobs, initializer=_init_worker, initargs=initargs) as pool:
            pending: deque[Any] = deque()
            for part in _chunks(files, chunk):
                pending.append(pool.apply_async(_validate_chunk, (part,)))
                while len(pending) >= window:
                    yield from pending.popleft().get()
            while pending:
                yield from pending.popleft().get()
    finally:
        _WORKER = None if "fork" in methods else _WORKER
