"""Writing files so that a crash never leaves a torn one: the one atomic-write helper.

:func:`atomic_write` writes bytes or text in one call (cache entries, imported data files);
:func:`atomic_output` is a context manager for a text stream that is written piece by piece
(a validation report of 100,000 files). Both write a temp file in the target's folder, flush
and fsync it, then ``os.replace`` it over the target; on any error the temp file is removed
and the target is left as it was. Missing parent folders are created.

A link is followed (the file it points to is replaced; the link stays), and a target that is
no regular file — a device, FIFO or socket (``-o /dev/null``, ``-o /dev/stdout``) — is
written to in place: it is never replaced by a file.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

__all__ = ["atomic_output", "atomic_write", "why_not_written"]


def atomic_write(
    path: str | os.PathLike[str], data: bytes | str, *, check: Callable[[Path], None] | None = None
) -> None:
    """Write ``data`` (``str`` as UTF-8 with ``\\n`` line ends) to ``path`` atomically.

    ``check`` (if given) is called with the complete temp file before it replaces ``path``;
    if it raises, nothing is replaced and the temp file is removed."""
    target, in_place = _destination(Path(path))
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if in_place:
        if check is not None:
            with tempfile.TemporaryDirectory() as folder:
                probe = Path(folder) / target.name
                probe.write_bytes(raw)
                check(probe)
        with open(target, "wb") as fh:
            fh.write(raw)
        return
    with _temp_beside(target) as (fd, tmp):
        with os.fdopen(fd, "wb") as fh:
            fh.write(raw)
            fh.flush()
            os.fsync(fh.fileno())
        if check is not None:
            check(tmp)
        os.replace(tmp, target)
    _fsync_dir(target.parent)


@contextlib.contextmanager
def atomic_output(
    path: str | os.PathLike[str], *, encoding: str = "utf-8", errors: str = "strict"
) -> Iterator[IO[str]]:
    """A text stream whose content replaces ``path`` when the ``with`` block ends without an
    error; after an error ``path`` is untouched and no temp file is left."""
    target, in_place = _destination(Path(path))
    if in_place:
        with open(target, "w", encoding=encoding, errors=errors, newline="\n") as fh:
            yield fh
        return
    with _temp_beside(target) as (fd, tmp):
        with os.fdopen(fd, "w", encoding=encoding, errors=errors, newline="\n") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    _fsync_dir(target.parent)


def why_not_written(path: str | os.PathLike[str], exc: OSError) -> str:
    """Why ``path`` could not be written, for a message: names the file that stands where a
    folder must be (instead of the system's "File exists" or "Not a directory")."""
    target = Path(path)
    if isinstance(exc, FileExistsError | NotADirectoryError):
        blocker = next((p for p in target.parents if p.exists() and not p.is_dir()), None)
        if blocker is not None:
            return f"{blocker} is a file, not a folder"
    if isinstance(exc, IsADirectoryError) or target.is_dir():
        return "it is a folder; give a file name"
    return exc.strerror or str(exc)


def _destination(target: Path) -> tuple[Path, bool]:
    """The file to replace — a link's target, so that the link stays — and whether it must be
    written in place instead (it exists and is no regular file or folder: a device, FIFO or
    socket)."""
    try:
        mode = os.stat(target).st_mode  # follows links
    except OSError:  # not there (or a dangling link): a new file
        return target, False
    if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        return target, True
    return Path(os.path.realpath(target)), False


@contextlib.contextmanager
def _temp_beside(target: Path) -> Iterator[tuple[int, Path]]:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        yield fd, Path(tmp)
    except BaseException:
        # callers wrap ``fd`` in a file object at once, which closes it
        Path(tmp).unlink(missing_ok=True)
        raise


def _fsync_dir(folder: Path) -> None:
    # Makes the rename itself durable; not possible on every platform, never fatal.
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
