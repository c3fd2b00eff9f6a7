"""Never stall, hang or crash: dead workers, special files, hostile file names, SARIF caps.

Each test provokes the fault for real — a worker process that really dies (``os._exit``,
``SIGKILL``), a real FIFO, file names with bytes that are not UTF-8 and with terminal escape
codes — and checks that the batch goes on and every file is reported.
"""

from __future__ import annotations

import io
import json
import os
import signal
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from kommune_core.reports.validation import FORMATS, make_writer
from kommune_core.reports.validation.base import escape_name, unescape_name
from kommune_core.reports.validation.sarif import SarifWriter
from kommune_core.validation import (
    FileResult,
    Issue,
    RunOptions,
    Summary,
    ValidationConfig,
    Validator,
    run,
    validate_files,
)
from kommune_core.xml import XmlInputError, open_regular, read_limited

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "messages"
VALID = EXAMPLES / "th-antrag-valid.xml"
posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file names and FIFOs")


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KOMMUNE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("KOMMUNE_XREPOSITORY_URL", raising=False)


# -- worker processes that die -----------------------------------------------------------------
def _batch(tmp_path: Path, n: int, deadly: dict[int, str]) -> list[str]:
    """``n`` copies of a valid message; those at the ``deadly`` indexes are named so that the
    patched validator kills its worker on them (``exit`` or ``kill``)."""
    data = VALID.read_bytes()
    files = []
    for k in range(n):
        name = f"{k:03d}-{deadly[k]}.xml" if k in deadly else f"{k:03d}.xml"
        path = tmp_path / "in" / name
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(data)
        files.append(str(path))
    return files


def _deadly_validate_batch(monkeypatch: pytest.MonkeyPatch) -> None:
    """Workers are forked from this process: a patched method is what they run. A file named
    ``*-exit.xml`` ends the worker with ``os._exit`` (as a crash in C would), ``*-kill.xml``
    with SIGKILL (as the out-of-memory killer does). Only in a worker, never in the test."""
    original = Validator.validate_batch
    parent = os.getpid()

    def validate_batch(self: Validator, files: Any) -> Any:
        if os.getpid() != parent:
            for f in files:
                if f.endswith("-exit.xml"):
                    os._exit(70)
                if f.endswith("-kill.xml"):
                    os.kill(os.getpid(), signal.SIGKILL)
                if f.endswith("-hang.xml"):
                    while True:  # as an endless loop in C code: never returns
                        time.sleep(3600)
        return original(self, files)

    monkeypatch.setattr(Validator, "validate_batch", validate_batch)


@posix_only
def test_a_dying_worker_is_replaced_and_its_files_reported(
    catalog,
    tmp_path: Path,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    files = _batch(tmp_path, 40, {3: "exit", 17: "kill", 18: "kill", 39: "exit"})
    config = ValidationConfig(offline=True, cache_dir=str(tmp_path / "c"))
    _deadly_validate_batch(monkeypatch)
    results = list(validate_files(Validator(config, catalog), files, jobs=2, chunk=5))
    assert [r.file for r in results] == files  # every file, in order
    dead = {Path(r.file).name: r for r in results if not r.processed}
    assert sorted(dead) == ["003-exit.xml", "017-kill.xml", "018-kill.xml", "039-exit.xml"]
    for name, r in dead.items():
        (issue,) = r.errors
        assert issue.rule == "internal:worker" and issue.severity == "error"
        assert ("killed by SIGKILL" if "kill" in name else "exited with status 70") in issue.message
    # the chunk-mates of a deadly file got their real results
    assert all(r.valid for r in results if Path(r.file).name not in dead)
    assert len([r for r in results if r.valid]) == 36


@posix_only
def test_run_goes_on_after_a_worker_died(
    catalog,
    tmp_path: Path,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _batch(tmp_path, 12, {5: "kill"})
    _deadly_validate_batch(monkeypatch)
    out = io.StringIO()
    summary = run(
        RunOptions(
            paths=(str(tmp_path / "in"),), jobs=2, offline=True, cache_dir=str(tmp_path / "c")
        ),
        make_writer("json", out),
        catalog=catalog,
    )
    assert (summary.files, summary.valid, summary.unprocessed) == (12, 11, 1)
    report = json.loads(out.getvalue())
    (bad,) = [f for f in report["files"] if not f["valid"]]
    assert bad["file"].endswith("005-kill.xml")
    assert bad["errors"][0]["rule"] == "internal:worker"


@posix_only
def test_a_hanging_worker_is_stopped_by_the_watchdog(
    catalog,
    tmp_path: Path,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    files = _batch(tmp_path, 6, {2: "hang"})
    config = ValidationConfig(offline=True, cache_dir=str(tmp_path / "c"))
    _deadly_validate_batch(monkeypatch)
    # jobs=1 with a file timeout: one watched worker process
    results = list(
        validate_files(Validator(config, catalog), files, jobs=1, chunk=3, file_timeout=0.3)
    )
    assert [r.file for r in results] == files
    (hung,) = [r for r in results if not r.processed]
    assert hung.file.endswith("002-hang.xml")
    assert "no result within 0.3 s per file; stopped" in hung.errors[0].message
    assert sum(r.valid for r in results) == 5


# -- special files ----------------------------------------------------------------------------
@posix_only
def test_a_fifo_is_refused_without_being_opened(catalog, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Opening a FIFO for reading blocks until a writer comes — this test would hang."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.xml").write_bytes(VALID.read_bytes())
    os.mkfifo(folder / "b-pipe.xml")
    (folder / "c.xml").write_bytes(VALID.read_bytes())
    with pytest.raises(XmlInputError) as info:
        read_limited(folder / "b-pipe.xml")
    assert info.value.rule == "io.special-file" and "FIFO" in info.value.message
    out = io.StringIO()
    summary = run(
        RunOptions(paths=(str(folder),), offline=True), make_writer("text", out), catalog=catalog
    )
    assert (summary.files, summary.valid, summary.unprocessed) == (3, 2, 1)
    assert "[io.special-file] a FIFO (named pipe), not a regular file" in out.getvalue()


@posix_only
def test_devices_and_folders_are_refused(tmp_path: Path) -> None:
    with pytest.raises(XmlInputError) as info:
        open_regular("/dev/zero")  # would never end
    assert info.value.rule == "io.special-file" and "character device" in info.value.message
    with pytest.raises(XmlInputError) as info:
        read_limited(tmp_path)
    assert info.value.rule == "io" and "folder" in info.value.message
    with pytest.raises(XmlInputError) as info:
        read_limited(tmp_path / "missing.xml")
    assert info.value.rule == "io"


# -- file names that are not UTF-8, or hold control characters ---------------------------------
BAD_BYTES = b"caf\xe9-latin1.xml"  # Latin-1, not UTF-8
ESCAPES = "evil\x1b[31m\x07\x9b2J\u202e.xml"  # colour, bell, CSI, right-to-left override
SLASHED = "back\\x41slash.xml"  # looks like an escape: must stay unambiguous


@posix_only
@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_hostile_file_names_in_every_format(catalog, tmp_path: Path, fmt: str) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "in"
    folder.mkdir()
    data = VALID.read_bytes().replace(b"<th:", b"<th:unbekannt/><th:", 1)  # invalid
    for name in (
        os.fsencode(folder) + b"/" + BAD_BYTES,
        str(folder / ESCAPES),
        str(folder / SLASHED),
    ):
        with open(name, "wb") as fh:
            fh.write(data)
    out = io.StringIO()
    summary = run(
        RunOptions(paths=(str(folder),), offline=True, checks="xsd"),
        make_writer(fmt, out, verbose=True),
        catalog=catalog,
    )
    assert summary.files == 3 and summary.invalid == 3
    text = out.getvalue()
    text.encode("utf-8")  # no lone surrogate anywhere: the report can be written
    assert "\x1b" not in text and "\x07" not in text and "\x9b" not in text
    assert "\u202e" not in text
    names = {
        "caf\\xe9-latin1.xml",
        "evil\\x1b[31m\\x07\\u009b2J\\u202e.xml",
        "back\\\\x41slash.xml",
    }
    if fmt == "json":
        got = {Path(f["file"]).name for f in json.loads(text)["files"]}
        assert got == names
        # lossless: the escaped names give back the bytes on disk
        assert {os.fsencode(unescape_name(n)) for n in got} == {
            BAD_BYTES,
            os.fsencode(ESCAPES),
            os.fsencode(SLASHED),
        }
    elif fmt == "junit":
        root = etree.fromstring(text.encode())  # well-formed
        assert {Path(c.get("name")).name for c in root.iter("testcase")} == names
    elif fmt == "sarif":
        doc = json.loads(text)
        uris = {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in doc["runs"][0]["results"]
        }
        assert {u.rsplit("/", 1)[1] for u in uris} == {
            "caf%E9-latin1.xml",
            "evil%1B%5B31m%07%C2%9B2J%E2%80%AE.xml",
            "back%5Cx41slash.xml",
        }
    elif fmt == "html":
        page = "".join(etree.HTML(text).itertext())
        assert all(n in page for n in names)
    else:
        assert all(n in text for n in names)


def test_escape_name_round_trip() -> None:
    for name in ("plain.xml", "a\udce9b", "x\x00y\ny", "\\", "\\x41", "ä\u2028\ufffe"):
        escaped = escape_name(name)
        assert escaped.isprintable() and unescape_name(escaped) == name


# -- SARIF cap ---------------------------------------------------------------------------------
def test_sarif_caps_results_and_says_so() -> None:
    out = io.StringIO()
    writer = SarifWriter(out, max_results=10)
    for k in range(4):
        writer.add(
            FileResult(
                f"f{k}.xml",
                "s",
                tuple(Issue(j + 1, None, None, "xsd:cvc-elt.1", "error", "x") for j in range(4)),
            )
        )
    writer.finish(Summary(files=4, valid=0, invalid=4, seconds=1.0))
    (run_,) = json.loads(out.getvalue())["runs"]
    assert len(run_["results"]) == 10
    assert run_["properties"]["omittedResults"] == 6
    (note,) = run_["invocations"][0]["toolExecutionNotifications"]
    assert "6 further result(s) omitted" in note["message"]["text"]


def test_report_modules_doctests() -> None:
    import doctest

    from kommune_core.reports import validation as package
    from kommune_core.reports.validation import base

    for module in (base, package):
        failed, tried = doctest.testmod(module)
        assert tried > 0 and failed == 0, module.__name__


# -- UTF-32 ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("bom", "codec"),
    [
        (b"\xff\xfe\x00\x00", "utf-32-le"),
        (b"\x00\x00\xfe\xff", "utf-32-be"),
        (b"", "utf-32-le"),
        (b"", "utf-32-be"),
    ],
)
def test_utf32_is_refused_as_the_reference_parsers_do(
    catalog,
    tmp_path: Path,  # type: ignore[no-untyped-def]
    bom: bytes,
    codec: str,
) -> None:
    text = VALID.read_text(encoding="utf-8").replace('encoding="UTF-8"', 'encoding="UTF-32"')
    path = tmp_path / "u32.xml"
    path.write_bytes(bom + text.encode(codec))
    v = Validator(ValidationConfig(offline=True), catalog)
    (issue,) = v.validate_file(str(path)).errors
    assert issue.rule == "xml.encoding" and "UTF-32 is not accepted" in issue.message
    assert "§ 4.3.3" in issue.message
    # the same message as UTF-16 (which XML requires every parser to read) is fine
    path.write_bytes(b"\xff\xfe" + text.replace("UTF-32", "UTF-16").encode("utf-16-le"))
    assert v.validate_file(str(path)).valid


# -- code lists identified wherever their Identification stands --------------------------------
def test_code_list_identified_after_a_large_annotation(tmp_path: Path, make_genericode) -> None:  # type: ignore[no-untyped-def]
    from kommune_core.validation.codelists import CodeListResolver

    data = make_genericode("urn:test:spaet", "7")
    filler = "".join(f"<Beschreibung>{'x' * 90} {k}</Beschreibung>" for k in range(400))
    late = data.replace(b"<Description>", b"<Description>" + filler.encode(), 1)
    assert late.index(b"<Identification>") > 32_000  # far past any prefix read
    folder = tmp_path / "lists"
    folder.mkdir()
    (folder / "late.xml").write_bytes(late)
    (folder / "other.xml").write_bytes(b"<not-genericode><Version>1</Version></not-genericode>")
    if hasattr(os, "mkfifo"):
        os.mkfifo(folder / "pipe.xml")  # must neither block nor count
    resolver = CodeListResolver(folders=[folder], offline=True)
    found = resolver.resolve("urn:test:spaet", "7")
    assert found.codelist is not None and found.codes == {"001", "002", "003"}
    assert resolver.versions("urn:test:spaet") == ["7"]


# -- configuration that cannot be used: exit 2 -------------------------------------------------
def _plugin_catalog(tmp_path: Path) -> Any:
    """A catalog with one plugin whose schema does not compile."""
    import types

    from kommune_core import hookimpl
    from kommune_core.catalog import Catalog
    from kommune_core.domain import Scenario, SchemaSpec
    from kommune_core.plugins import PluginHost

    broken = tmp_path / "broken.xsd"
    broken.write_text(
        '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" '
        'targetNamespace="urn:kaputt">\n'
        '  <xs:element name="a" type="xs:keinTyp"/>\n</xs:schema>\n',
        encoding="utf-8",
    )
    module = types.ModuleType("kommune_test_broken")
    module.kommune_schemas = hookimpl(  # type: ignore[attr-defined]
        lambda: [SchemaSpec(id="kaputt", namespace="urn:kaputt", path=broken)]
    )
    module.kommune_scenarios = hookimpl(  # type: ignore[attr-defined]
        lambda: [
            Scenario(id="kaputt.a", title="a", schema="kaputt", namespace="urn:kaputt", root="a")
        ]
    )
    host = PluginHost()
    assert host.register(module, "kaputt"), host.errors
    return Catalog(host)


def test_plugin_schema_that_does_not_compile_is_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from kommune_core.cli import main
    from kommune_core.validation import orchestration

    catalog = _plugin_catalog(tmp_path)
    monkeypatch.setattr(orchestration, "load_catalog_for_run", lambda options: catalog)
    message = tmp_path / "m.xml"
    message.write_bytes(b'<a xmlns="urn:kaputt"/>')
    report = tmp_path / "out" / "r.json"
    result = CliRunner().invoke(
        main, ["validate", "--offline", "--format", "json", "-o", str(report), str(message)]
    )
    assert result.exit_code == 2, result.output
    assert "broken.xsd" in result.output and "schema cannot be compiled" in result.output
    assert "keinTyp" in result.output and ":2:" in result.output  # file and line
    assert not report.exists() and not list(report.parent.glob("*"))  # no half report


def test_output_into_a_missing_folder_is_created(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from kommune_core.cli import main

    def validate_valid_into(report: Path, *options: str):  # type: ignore[no-untyped-def]
        """``kommune --plugins thueringen validate --offline OPTIONS -o REPORT VALID``."""
        return CliRunner().invoke(
            main,
            [
                "--plugins",
                "thueringen",
                "validate",
                "--offline",
                *options,
                "-o",
                str(report),
                str(VALID),
            ],
        )

    target = tmp_path / "neu" / "tiefer" / "r.json"
    result = validate_valid_into(target, "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(target.read_text(encoding="utf-8"))["summary"]["valid"] == 1
    blocker = tmp_path / "datei"
    blocker.write_text("x", encoding="utf-8")
    result = validate_valid_into(blocker / "r.json")
    assert result.exit_code == 2
    assert "cannot write the report" in result.output and "not a folder" in result.output
    assert "Traceback" not in result.output


def test_a_closed_standard_output_ends_quietly(tmp_path: Path) -> None:
    """``kommune validate … | head -1``: the reader goes away; no traceback, exit 1."""
    import subprocess

    env = dict(os.environ, KOMMUNE_CACHE_DIR=str(tmp_path / "c"))
    env.pop("KOMMUNE_XREPOSITORY_URL", None)
    code = "import sys; from kommune_core.cli import main; main(sys.argv[1:])"
    args = ["--plugins", "thueringen,sachsen", "validate", "--offline", "-v"]
    proc = subprocess.Popen(
        [sys.executable, "-c", code, *args, *[str(EXAMPLES)] * 300],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline()
    proc.stdout.close()  # as `head -1` does
    err = proc.stderr.read().decode()
    assert proc.wait() == 1 and first.strip()
    assert "Traceback" not in err and "Error" not in err, err


@posix_only
def test_workers_that_always_die_end_the_batch_with_every_file_reported(  # type: ignore[no-untyped-def]
    catalog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kommune_core.validation import workers

    def dies(conn: Any, config: Any) -> None:
        os._exit(3)

    monkeypatch.setattr(workers, "_worker_main", dies)
    files = _batch(tmp_path, 7, {})
    config = ValidationConfig(offline=True, cache_dir=str(tmp_path / "c"))
    results = list(validate_files(Validator(config, catalog), files, jobs=2, chunk=3))
    assert [r.file for r in results] == files
    assert all(r.errors[0].rule == "internal:worker" for r in results)
    assert all("exited with status 3" in r.errors[0].message for r in results)
