"""The library API a service builds on: ``validation.run(RunOptions) -> Summary`` streaming to
any writer, the one format registry, and ``Validator.validate_bytes`` for one message."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import attrs
import pytest

from kommune_core.reports.validation import UnknownFormatError, formats, make_writer
from kommune_core.validation import (
    FileResult,
    RunError,
    RunOptions,
    Summary,
    ValidationConfig,
    Validator,
    run,
)
from kommune_core.validation.orchestration import DERIVED_FIELDS, RUN_FIELD_OF, validation_config
from kommune_core.xml import Limits

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "messages"


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KOMMUNE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("KOMMUNE_XREPOSITORY_URL", raising=False)


class Collect:
    """A writer is anything with ``add`` and ``finish``."""

    def __init__(self) -> None:
        self.results: list[FileResult] = []
        self.summary: Summary | None = None

    def add(self, result: FileResult) -> None:
        self.results.append(result)

    def finish(self, summary: Summary) -> None:
        self.summary = summary


class Bar:
    def __init__(self) -> None:
        self.total, self.done = -1, 0

    def start(self, total: int) -> None:
        self.total = total

    def advance(self) -> None:
        self.done += 1


def test_run_streams_to_every_writer_and_returns_the_summary(catalog) -> None:  # type: ignore[no-untyped-def]
    mine, out, bar = Collect(), io.StringIO(), Bar()
    summary = run(
        RunOptions(paths=str(EXAMPLES), offline=True),
        [mine, make_writer("json", out)],
        catalog=catalog,
        progress=bar,
    )
    assert mine.summary == summary and summary.files == 15 == bar.total == bar.done
    assert (summary.valid, summary.invalid, summary.unprocessed) == (6, 9, 2)
    names = [Path(r.file).name for r in mine.results]
    assert names == sorted(names)  # input order
    report = json.loads(out.getvalue())
    assert [f["file"] for f in report["files"]] == [r.file for r in mine.results]


def test_run_refuses_to_start_with_a_reason(catalog, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(RunError, match="no \\*.xml files"):
        run(RunOptions(paths=(str(tmp_path),)), catalog=catalog)
    with pytest.raises(RunError, match="unknown scenario 'nope'"):
        run(RunOptions(paths=(str(EXAMPLES),), scenario="nope", offline=True), catalog=catalog)
    with pytest.raises(RunError, match="exclude each other"):
        RunOptions(paths=(str(EXAMPLES),), scenario="th.antrag", schema="x.xsd")


def test_validate_bytes_gives_what_the_file_gives(catalog) -> None:  # type: ignore[no-untyped-def]
    v = Validator(ValidationConfig(offline=True), catalog)
    for path in sorted(EXAMPLES.glob("*.xml")):
        from_file = v.validate_file(str(path))
        from_bytes = v.validate_bytes(path.read_bytes(), str(path))
        assert from_bytes == from_file, path.name
    result = v.validate_bytes(b"<kaputt", "upload-1.xml")
    assert result.file == "upload-1.xml" and not result.processed
    assert result.errors[0].rule == "xml.truncated"
    with pytest.raises(TypeError):
        v.validate_bytes("<a/>", "text.xml")  # type: ignore[arg-type]


def test_one_registry_for_built_in_and_plugin_formats() -> None:
    import types

    from kommune_core import hookimpl
    from kommune_core.catalog import Catalog
    from kommune_core.domain import ReportFormat
    from kommune_core.plugins import PluginHost

    def count(report) -> str:  # type: ignore[no-untyped-def]
        return f"{report.summary.files} {len(report.files)}\n"

    module = types.ModuleType("kommune_test_count")
    module.kommune_report_formats = hookimpl(  # type: ignore[attr-defined]
        lambda: [
            ReportFormat(id="count", kind="validation", title="Count", render=count),
            ReportFormat(id="json", kind="validation", title="JSON?", render=count),
        ]
    )
    host = PluginHost()
    assert host.register(module, "count"), host.errors
    catalog = Catalog(host)
    known = formats(catalog)
    assert list(known)[:5] == ["text", "json", "junit", "sarif", "html"] and "count" in known
    assert known["json"] == ("json", "JsonWriter")  # a plugin cannot replace a built-in
    out = io.StringIO()
    writer = make_writer("count", out, catalog=catalog)
    writer.add(FileResult("a.xml", "s"))
    writer.finish(Summary(files=1, valid=1, invalid=0, seconds=0.1))
    assert out.getvalue() == "1 1\n"
    with pytest.raises(
        UnknownFormatError, match="choose from text, json, junit, sarif, html, kosit, count"
    ):
        make_writer("csv", out, catalog=catalog)


def test_run_with_a_prepared_validator(catalog) -> None:  # type: ignore[no-untyped-def]
    """A caller that built its own validator (another engine, a long-lived service) hands it
    in: the run uses it instead of building one from the options."""
    xsd_only = Validator(ValidationConfig(offline=True, checks="xsd"), catalog)
    mine = Collect()
    summary = run(RunOptions(paths=str(EXAMPLES), offline=True), mine, validator=xsd_only)
    assert summary.files == 15
    rules = {i.rule.split(":")[0] for r in mine.results for i in r.errors}
    assert "sch" not in rules and "codelist" not in rules and "xsd" in rules


def test_every_validation_config_field_comes_from_the_run_options() -> None:
    """``validation_config`` copies fields by name: a new :class:`ValidationConfig` field
    needs a :class:`RunOptions` field of its name, an entry in ``RUN_FIELD_OF`` (renamed)
    or in ``DERIVED_FIELDS``."""
    run_fields = attrs.fields_dict(RunOptions)
    unmapped = [
        name
        for name in attrs.fields_dict(ValidationConfig)
        if name not in DERIVED_FIELDS and RUN_FIELD_OF.get(name, name) not in run_fields
    ]
    assert unmapped == []


def test_validation_config_carries_every_run_choice() -> None:
    common: dict[str, Any] = {
        "paths": (),
        "plugins": ("p",),
        "strict": True,
        "catalogs": ("c.xml",),
        "codelist_dirs": ("codes",),
        "offline": True,
        "xrepository": "https://xrepository.invalid",
        "limits": Limits(max_depth=7),
        "cache_dir": "cache",
        "timeout": 2.5,
        "retries": 0,
    }
    schema_mode = validation_config(
        RunOptions(**common, schema="a.xsd", schematron_paths=("b.sch",), xsd_detail="never"),
        run_id="r1",
    )
    scenario_mode = validation_config(RunOptions(**common, scenario="s", checks="xsd"))
    default = ValidationConfig()
    changed = {
        name
        for name in attrs.fields_dict(ValidationConfig)
        for config in (schema_mode, scenario_mode)
        if getattr(config, name) != getattr(default, name)
    }
    assert changed == set(attrs.fields_dict(ValidationConfig))
    assert schema_mode.schematron == ("b.sch",) and schema_mode.run_id == "r1"
    assert scenario_mode.scenario == "s" and scenario_mode.checks == "xsd"
    # --xsd-detail: auto and always re-check, never does not
    assert scenario_mode.xsd_detail is True and schema_mode.xsd_detail is False
    always = validation_config(RunOptions(paths=(), xsd_detail="always"))
    assert always.xsd_detail is True
