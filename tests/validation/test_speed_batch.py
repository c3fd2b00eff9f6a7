"""Stage-by-stage batches (``Validator.validate_batch``) give exactly the results of the
file-by-file pipeline — same files valid/invalid, same findings with the same lines, XPaths,
rule ids and messages, in input order — whatever the batch and sub-batch sizes; and the
start-up savings of ``kommune validate`` (no rich, no multiprocessing unless needed)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from kommune_core.domain import MessageCheck
from kommune_core.validation import (
    FileResult,
    Issue,
    ValidationConfig,
    Validator,
    iter_files,
    validate_files,
)
from kommune_core.validation import pipeline as pipeline_module
from kommune_core.validation.codelists import check_codes
from kommune_core.validation.results import ERROR
from kommune_core.validation.schemas import SchemaLoadError
from kommune_core.validation.stages import run_check
from kommune_core.xml import XmlInputError, parse_bytes, read_limited

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "messages"
HOSTILE = Path(__file__).resolve().parent / "hostile"


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KOMMUNE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("KOMMUNE_XREPOSITORY_URL", raising=False)


def _one_by_one(v: Validator, file: str) -> FileResult:
    """The file-by-file pipeline written out with the public building blocks (the reader,
    the parser, the matcher, the compiled schema, Schematron, code lists, checks) — not with
    the pipeline's stages: the oracle."""
    limits = v.config.limits
    try:
        tree = parse_bytes(read_limited(file, limits.max_bytes), file=file, limits=limits)
    except XmlInputError as exc:
        return FileResult(
            file,
            None,
            (Issue(exc.line or None, exc.column or None, None, exc.rule, ERROR, exc.message),),
            False,
        )
    root = tree.getroot()
    scenario = v.forced or v.matcher.match(root)
    if scenario is None:
        return FileResult(file, None, (v.matcher.no_match(tree),), False)
    try:
        schema = v.schema_for(scenario)
    except SchemaLoadError as exc:
        return FileResult(
            file, scenario.id, (Issue(None, None, None, "schema:load", ERROR, str(exc)),), False
        )
    issues: list[Issue] = []
    if not schema.validate_tree(tree):
        issues.extend(schema.issues(tree))
    if v.full:
        for sch in v.schematrons_for(scenario):
            issues.extend(sch.check(tree))
        issues.extend(check_codes(tree, v.codelists))
        issues.extend(v.required_lists(scenario))
        for plugin, check in v.checks_for(scenario):
            issues.extend(run_check(tree, scenario, plugin, check))
    return FileResult(file, scenario.id, tuple(issues))


def _inputs(tmp_path: Path) -> list[str]:
    """Every example and hostile file, a missing one, a folder, a non-matching message and
    some valid ones in between, so that failures sit in the middle of batches."""
    files = [str(p) for p in sorted(EXAMPLES.glob("*.xml"))]
    files += [str(p) for p in sorted(HOSTILE.glob("*.xml"))]
    files += [str(tmp_path / "missing.xml"), str(tmp_path)]
    other = tmp_path / "other.xml"
    other.write_bytes(b'<?xml version="1.0"?><x:unknown xmlns:x="urn:nobody"/>')
    files.append(str(other))
    valid = [str(EXAMPLES / n) for n in ("th-antrag-valid.xml", "sn-bindung-valid.xml")]
    return [f for i, bad in enumerate(files) for f in (bad, valid[i % 2])]


@pytest.mark.parametrize("checks", ["all", "xsd"])
def test_batch_results_equal_the_file_by_file_pipeline(
    catalog,
    tmp_path: Path,  # type: ignore[no-untyped-def]
    checks: str,
) -> None:
    files = _inputs(tmp_path)
    config = ValidationConfig(offline=True, checks=checks, cache_dir=str(tmp_path / "c"))
    expected = [_one_by_one(Validator(config, catalog), f) for f in files]
    assert any(not r.valid for r in expected) and any(r.valid for r in expected)
    assert any(r.errors and r.processed for r in expected)
    assert [r.file for r in expected] == files
    v = Validator(config, catalog)
    assert v.validate_batch(files) == expected
    assert [v.validate_file(f) for f in files] == expected
    for chunk in (1, 3, 64):
        assert list(validate_files(Validator(config, catalog), files, chunk=chunk)) == expected


def test_sub_batches_by_size_keep_order_and_results(
    catalog,
    tmp_path: Path,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    files = _inputs(tmp_path)
    config = ValidationConfig(offline=True, cache_dir=str(tmp_path / "c"))
    expected = Validator(config, catalog).validate_batch(files)
    seen: list[int] = []
    v = Validator(config, catalog)
    original = v.run_stages

    def spy(batch: list[Any]) -> list[Any]:
        seen.append(len(batch))
        return original(batch)

    monkeypatch.setattr(v, "run_stages", spy)
    monkeypatch.setattr(pipeline_module, "BATCH_BYTES", 6000)  # ~1-2 example messages
    assert v.validate_batch(files) == expected
    assert len(seen) > 5 and sum(seen) == len(files) and max(seen) < len(files)


def test_a_crashing_check_in_a_batch_hits_only_its_file(catalog) -> None:  # type: ignore[no-untyped-def]
    v = Validator(ValidationConfig(offline=True), catalog)
    bad = str(EXAMPLES / "th-antrag-valid.xml")

    def boom(tree, scenario):  # type: ignore[no-untyped-def]
        raise RuntimeError("kaputt")

    v._checks["th.antrag"] = [("testplugin", MessageCheck(id="t.boom", title="t", check=boom))]
    results = v.validate_batch(
        [str(EXAMPLES / "sn-antrag-valid.xml"), bad, str(EXAMPLES / "th-bindung-valid.xml")]
    )
    assert results[0].valid and results[2].valid
    assert [i.rule for i in results[1].errors] == ["internal:check:t.boom"]


def test_jobs_2_gives_the_same_results(catalog, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    files = _inputs(tmp_path) * 3
    config = ValidationConfig(offline=True, cache_dir=str(tmp_path / "c"))
    expected = Validator(config, catalog).validate_batch(files)
    got = list(validate_files(Validator(config, catalog), files, jobs=2, chunk=5))
    assert got == expected


def test_validate_starts_without_rich_or_multiprocessing(tmp_path: Path) -> None:
    """``kommune validate --no-progress`` (no terminal) imports neither rich nor
    multiprocessing; rich is imported once something is printed through it."""
    code = (
        "import sys\n"
        "from kommune_core.cli import main\n"
        "try:\n"
        "    main(sys.argv[1:])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('rich' in sys.modules, 'multiprocessing' in sys.modules, file=sys.stderr)\n"
    )
    env = dict(os.environ, KOMMUNE_CACHE_DIR=str(tmp_path / "c"))
    # COVERAGE_PROCESS_CONFIG: under `make coverage` the child's tracer imports multiprocessing
    for var in (
        "FORCE_COLOR",
        "TTY_COMPATIBLE",
        "KOMMUNE_XREPOSITORY_URL",
        "COVERAGE_PROCESS_CONFIG",
    ):
        env.pop(var, None)
    files = [str(EXAMPLES / "th-antrag-valid.xml")]
    proc = subprocess.run(
        [sys.executable, "-c", code, "validate", "--offline", *files],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert proc.stderr.strip().splitlines()[-1] == "False False", proc.stderr
    assert "1 file: 1 valid" in proc.stdout
    proc = subprocess.run(
        [sys.executable, "-c", code, "validate", "--offline", "--jobs", "2", *files],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert proc.stderr.strip().splitlines()[-1] == "False True", proc.stderr


def test_iter_files_feeds_batches_in_sorted_order(catalog, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    v = Validator(ValidationConfig(offline=True), catalog)
    files = list(iter_files([str(EXAMPLES)]))
    assert [r.file for r in validate_files(v, files, chunk=4)] == files


def _walk_reference(paths: list[str]) -> list[str]:
    out = []
    for path in paths:
        if os.path.isdir(path):
            for root, dirs, names in os.walk(path):
                dirs.sort()
                out += [os.path.join(root, n) for n in sorted(names) if n.lower().endswith(".xml")]
        else:
            out.append(path)
    return out


def test_iter_files_finds_what_os_walk_finds(tmp_path: Path) -> None:
    top = tmp_path / "in"
    for rel in (
        "b.xml",
        "a.XML",
        "c.txt",
        "z/1.xml",
        "z/y/2.xml",
        "m/3.xml",
        "m/.4.xml",
        "M/5.xml",
        "m/n/o/6.xml",
        "ä/7.xml",
        "x.xml/8.xml",
    ):
        (top / rel).parent.mkdir(parents=True, exist_ok=True)
        (top / rel).write_bytes(b"<a/>")
    (top / "link-dir").symlink_to(top / "z", target_is_directory=True)  # listed, not entered
    (top / "link.xml").symlink_to(top / "b.xml")
    (top / "broken.xml").symlink_to(top / "nowhere.xml")
    (top / "empty").mkdir()
    for paths in ([str(top)], [str(top) + "/"], [str(top / "m"), str(top / "b.xml"), str(top)]):
        assert list(iter_files(paths)) == _walk_reference(paths)
    assert len(list(iter_files([str(top)]))) == 12


def _xsd_part(result: FileResult) -> tuple[Issue, ...]:
    return tuple(
        i
        for i in result.errors
        if i.rule.startswith(("xsd:", "schema:")) or i.rule == "scenario:none" or ":" not in i.rule
    )


def test_checks_xsd_without_attribute_defaults_finds_the_same(
    catalog,  # type: ignore[no-untyped-def]
    tmp_path: Path,
) -> None:
    """``--checks xsd`` compiles the schema without filling in fixed attributes (no later
    stage reads them); verdicts and XSD findings are those of the full pipeline's XSD stage,
    also for a fixed ``listURI`` that is wrong (cvc-au) and one that is left out."""
    valid = (EXAMPLES / "th-antrag-valid.xml").read_text(encoding="utf-8")
    wrong = tmp_path / "wrong-fixed.xml"
    wrong.write_text(
        valid.replace(
            'listURI="urn:kommune-interop:th:codeliste:antragsportal"',
            'listURI="urn:kommune-interop:th:codeliste:falsch"',
        ),
        encoding="utf-8",
    )
    omitted = tmp_path / "omitted-fixed.xml"
    omitted.write_text(
        valid.replace(
            ' listURI="urn:kommune-interop:th:codeliste:antragsportal" listVersionID="1"', ""
        ),
        encoding="utf-8",
    )
    files = [*_inputs(tmp_path), str(wrong), str(omitted)]
    full = Validator(ValidationConfig(offline=True, cache_dir=str(tmp_path / "c")), catalog)
    xsd = Validator(ValidationConfig(offline=True, checks="xsd"), catalog)
    for a, b in zip(full.validate_batch(files), xsd.validate_batch(files), strict=True):
        assert (a.file, a.scenario, a.processed) == (b.file, b.scenario, b.processed)
        assert _xsd_part(a) == b.errors, a.file
    by_name = {Path(r.file).name: r for r in xsd.validate_batch([str(wrong), str(omitted)])}
    assert [i.rule for i in by_name["wrong-fixed.xml"].errors] == ["xsd:cvc-au"]
    assert by_name["omitted-fixed.xml"].valid
