"""Worker processes for ``--jobs N`` that survive their own death.

A worker can die without a word: the kernel's out-of-memory killer, a crash inside libxml2,
an ``os._exit`` in a plugin check. ``multiprocessing.Pool`` then waits forever for the lost
task. Here each worker has its own pipe and the parent watches the pipes *and* the
processes' sentinels, so it always knows which chunk a dead worker held:

1. the dead worker is replaced by a new one and the batch goes on;
2. the files of its chunk are validated again one by one (a chunk of 64 holds one file that
   killed the worker, and 63 that deserve their results);
3. a file whose worker dies while validating it alone is reported as not processed
   (``internal:worker``, with the exit status or signal) — never silently dropped.

With ``file_timeout`` a watchdog also stops a worker that hangs (an endless loop in C code
does not return to Python, so nothing else could): past ``file_timeout`` seconds per file of
its chunk it is killed and handled as above.

Results come back in input order; at most ``4 × jobs`` chunks are in flight, so memory stays
flat. With ``fork`` (Linux) workers inherit the parent's validator with everything compiled;
elsewhere each rebuilds it from the picklable config.
"""

from __future__ import annotations

import contextlib
import signal
import time
from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any

from .pipeline import ValidationConfig, Validator
from .results import ERROR, FileResult, Issue

__all__ = ["WorkerError", "WorkerPool", "worker_died"]

#: a waiting task is sent ahead only if this small: a pipe buffers at least 64 KB, so the
#: send cannot block while the worker blocks sending its result (no deadlock)
_PIPE_SAFE = 16384
#: a worker that dies before it got any work this many times in a row: give up (the
#: environment cannot start workers, e.g. no memory at all) instead of forking forever
_MAX_IDLE_DEATHS = 5
_WORKER: Validator | None = None


class WorkerError(RuntimeError):
    """Worker processes cannot be kept running (they die before they get any work)."""


def worker_died(file: str, reason: str) -> FileResult:
    """The result of a file whose worker process died while validating it alone."""
    return FileResult(
        file,
        None,
        (
            Issue(
                None,
                None,
                None,
                "internal:worker",
                ERROR,
                f"the worker process died while validating this "
                f"file ({reason}), also when it was validated "
                f"alone; not validated",
            ),
        ),
        False,
    )


def _describe(exitcode: int | None) -> str:
    if exitcode is None:
        return "ended without an exit status"
    if exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        hint = " — e.g. the out-of-memory killer" if -exitcode == signal.SIGKILL else ""
        return f"killed by {name}{hint}"
    return f"exited with status {exitcode}"


def _dumps(task: tuple[int, int, list[str]]) -> bytes:
    from multiprocessing.reduction import ForkingPickler

    return bytes(ForkingPickler.dumps(task))


def _compact(results: list[FileResult]) -> list[FileResult | str]:
    """A chunk's results as sent back: a file without findings is just its scenario id
    (the parent knows the path), which pickles at a quarter of the cost of a FileResult."""
    # (a result with more than file and scenario — e.g. a KoSIT assessment — goes whole)
    return [
        r.scenario
        if not r.errors
        and r.processed
        and r.scenario is not None
        and getattr(r, "assessment", None) is None
        else r
        for r in results
    ]


def _worker_main(conn: Any, config: ValidationConfig) -> None:
    global _WORKER
    if _WORKER is None:  # spawn: rebuild; fork: inherited from the parent
        _WORKER = Validator(config)
    validate = _WORKER.validate_batch
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        seq, start, files = task
        conn.send((seq, start, _compact(validate(files))))


class _Worker:
    def __init__(self, ctx: Any, config: ValidationConfig) -> None:
        self.conn, child = ctx.Pipe(duplex=True)
        self.process = ctx.Process(target=_worker_main, args=(child, config), daemon=True)
        self.process.start()
        child.close()
        #: tasks sent, oldest first: the first is being validated, the next waits in the
        #: pipe, so the worker never idles while the parent writes reports
        self.tasks: deque[tuple[int, int, list[str]]] = deque()
        self.since = 0.0  # when the first task started (about)
        self.stopped: str | None = None  # why the watchdog killed it

    def give(self, task: tuple[int, int, list[str]], data: bytes) -> None:
        if not self.tasks:
            self.since = time.monotonic()
        self.tasks.append(task)
        with contextlib.suppress(OSError):  # dead: its sentinel says so
            self.conn.send_bytes(data)

    def stop(self, *, kill: bool) -> None:
        if kill:
            self.process.kill()
        else:
            with contextlib.suppress(OSError):
                self.conn.send(None)
        self.process.join(timeout=None if kill else 5)
        if self.process.is_alive():  # pragma: no cover - a worker that ignores the end
            self.process.kill()
            self.process.join()
        self.conn.close()


class _Chunk:
    """One chunk's results, filled by one task or, after a death, by one task per file."""

    def __init__(self, files: list[str]) -> None:
        self.files = files
        self.slots: list[FileResult | None] = [None] * len(files)
        self.missing = len(files)

    def fill(self, start: int, sent: list[FileResult | str]) -> None:
        for i, r in enumerate(sent, start):
            self.slots[i] = FileResult(self.files[i], r) if isinstance(r, str) else r
        self.missing -= len(sent)


class WorkerPool:
    """``jobs`` worker processes validating chunks of files (see the module docstring)."""

    def __init__(
        self, validator: Validator, jobs: int, *, file_timeout: float | None = None
    ) -> None:
        import multiprocessing  # only for workers: ~5 ms of start-up

        global _WORKER
        self.jobs = jobs
        self.config = validator.config
        if "fork" in multiprocessing.get_all_start_methods():
            self.ctx: Any = multiprocessing.get_context("fork")
            _WORKER = validator  # inherited by every worker forked from now on
        else:  # pragma: no cover - macOS/Windows
            self.ctx = multiprocessing.get_context("spawn")
        self.workers: list[_Worker] = []
        self.idle_deaths = 0
        #: a worker that holds a chunk longer than this many seconds per file is stopped
        #: (SIGKILL) and treated like one that died: the watchdog against a hang
        self.file_timeout = file_timeout

    def map(self, chunks: Iterable[list[str]]) -> Iterator[FileResult]:
        """Every file's result, in input order. Closing the iterator stops the workers."""
        global _WORKER
        from multiprocessing.connection import wait

        source = iter(chunks)
        window = self.jobs * 4
        chunks_by_seq: dict[int, _Chunk] = {}
        queue: deque[tuple[int, int, list[str]]] = deque()
        next_seq = next_out = 0
        exhausted = False
        try:
            self.workers = [_Worker(self.ctx, self.config) for _ in range(self.jobs)]
            while True:
                # read ahead while the window allows
                while not exhausted and next_seq - next_out < window:
                    part = next(source, None)
                    if part is None:
                        exhausted = True
                        break
                    chunks_by_seq[next_seq] = _Chunk(part)
                    queue.append((next_seq, 0, part))
                    next_seq += 1
                # hand out work: one task per idle worker, then a second one each to wait
                # in its pipe — small enough that sending it can never block
                for depth in (1, 2):
                    for w in self.workers:
                        if len(w.tasks) < depth and queue:
                            data = _dumps(queue[0])
                            if depth == 2 and len(data) > _PIPE_SAFE:
                                continue
                            w.give(queue.popleft(), data)
                # yield what is complete, in order
                while next_out in chunks_by_seq and chunks_by_seq[next_out].missing == 0:
                    done = chunks_by_seq.pop(next_out)
                    next_out += 1
                    yield from done.slots  # type: ignore[misc]
                if exhausted and not chunks_by_seq:
                    break
                busy = [w for w in self.workers if w.tasks]
                if not busy:
                    continue  # room in the window again: read ahead and hand out first
                ready = wait(
                    [w.conn for w in busy] + [w.process.sentinel for w in busy],
                    timeout=self._watchdog(busy),
                )
                for w in busy:
                    if w.conn in ready or w.process.sentinel in ready:
                        self._collect(w, chunks_by_seq, queue)
        finally:
            for w in self.workers:
                w.stop(kill=True)
            self.workers = []
            if self.ctx.get_start_method() == "fork":
                _WORKER = None

    def _watchdog(self, busy: list[_Worker]) -> float | None:
        """Stops workers past their time; returns how long to wait for the next one."""
        if self.file_timeout is None:
            return None
        now, wake = time.monotonic(), None
        for w in busy:
            due = w.since + self.file_timeout * len(w.tasks[0][2])
            if now >= due and w.stopped is None:
                w.stopped = f"no result within {self.file_timeout:g} s per file; stopped"
                w.process.kill()  # its sentinel fires: handled as a death
            elif now < due:
                wake = due - now if wake is None else min(wake, due - now)
        return wake

    def _collect(
        self, w: _Worker, chunks: dict[int, _Chunk], queue: deque[tuple[int, int, list[str]]]
    ) -> None:
        """Results from ``w``, or its death: replace it and deal with its tasks."""
        try:
            while w.tasks and w.conn.poll():
                seq, start, sent = w.conn.recv()
                chunks[seq].fill(start, sent)
                w.tasks.popleft()
                w.since = time.monotonic()
        except (EOFError, OSError):
            pass
        if w.process.is_alive():
            return
        w.process.join()
        reason = w.stopped or _describe(w.process.exitcode)
        tasks, w.tasks = w.tasks, deque()
        self._replace(w, idle=not tasks)
        if not tasks:
            return
        task = tasks.popleft()  # the one it was validating; the others never started
        queue.extendleft(reversed(tasks))
        seq, start, files = task
        if len(files) > 1:  # find the file that killed it: each one alone, first in line
            for i in range(len(files) - 1, -1, -1):
                queue.appendleft((seq, start + i, [files[i]]))
        else:
            chunks[seq].fill(start, [worker_died(files[0], reason)])

    def _replace(self, dead: _Worker, *, idle: bool) -> None:
        self.idle_deaths = self.idle_deaths + 1 if idle else 0
        dead.conn.close()
        if self.idle_deaths > _MAX_IDLE_DEATHS:
            raise WorkerError(
                f"worker processes keep dying before they get work "
                f"({_describe(dead.process.exitcode)}); run with --jobs 1"
            )
        self.workers[self.workers.index(dead)] = _Worker(self.ctx, self.config)
