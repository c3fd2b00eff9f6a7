"""The one atomic-write helper: a target is replaced whole or not at all, a link survives, and
a device or FIFO (``-o /dev/null``, ``-o /dev/stdout``) is written to, never replaced."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from kommune_core.files import atomic_output, atomic_write


def test_a_file_is_replaced_whole_and_a_failed_write_leaves_it_alone(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "r.txt"
    atomic_write(target, "eins\n")
    assert target.read_text(encoding="utf-8") == "eins\n"
    with pytest.raises(RuntimeError), atomic_output(target) as fh:
        fh.write("halb")
        raise RuntimeError("abgebrochen")
    assert target.read_text(encoding="utf-8") == "eins\n"
    assert [p.name for p in target.parent.iterdir()] == ["r.txt"]  # no temp file left


def test_a_link_is_followed_and_stays_a_link(tmp_path: Path) -> None:
    real = tmp_path / "real.txt"
    real.write_text("alt", encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    with atomic_output(link) as fh:
        fh.write("neu")
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "neu"
    atomic_write(link, b"bytes")
    assert link.is_symlink() and real.read_bytes() == b"bytes"


# No test writes to the real /dev/null or /dev/stdout: were the helper ever to replace its
# target again, it would replace the machine's device. A link in tmp_path to /dev/null and a
# FIFO in tmp_path stand for them.


def _reader(fifo: Path, got: list[bytes]) -> threading.Thread:
    # a daemon: if the FIFO were replaced by a file, no writer would ever come
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    return reader


def test_a_device_is_written_to_not_replaced(tmp_path: Path) -> None:
    null = tmp_path / "null"
    null.symlink_to(os.devnull)
    atomic_write(null, "x", check=lambda p: None)
    with atomic_output(null) as fh:
        fh.write("y")
    assert null.is_symlink() and stat.S_ISCHR(os.stat(null).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["null"]  # no temp file beside it


def test_the_check_of_a_device_write_still_runs(tmp_path: Path) -> None:
    null = tmp_path / "null"
    null.symlink_to(os.devnull)
    seen: list[bytes] = []
    atomic_write(null, b"<x/>", check=lambda p: seen.append(p.read_bytes()))
    assert seen == [b"<x/>"]


def test_a_fifo_gets_the_stream_in_place(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = _reader(fifo, got)
    with atomic_output(fifo) as fh:
        fh.write("über die Pipe\n")
    reader.join(timeout=10)
    assert got == ["über die Pipe\n".encode()]
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]


def test_validate_writes_its_report_into_a_pipe(tmp_path: Path) -> None:
    msg = tmp_path / "m.xml"
    msg.write_text("<kaputt", encoding="utf-8")
    fifo = tmp_path / "report"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = _reader(fifo, got)
    kommune = str(Path(sys.executable).parent / "kommune")
    out = subprocess.run(
        [kommune, "validate", str(msg), "--format", "json", "-o", str(fifo)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    reader.join(timeout=10)
    assert out.returncode == 1, out.stderr
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert got and b'"xml.truncated"' in got[0]
