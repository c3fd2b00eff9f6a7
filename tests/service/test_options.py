"""The service's options: what ``kommune serve`` makes of its command line (the same run
options as ``kommune validate``), and the JSON that hands them to each uvicorn worker."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import cattrs
import pytest
from click.testing import CliRunner

from kommune_core.cli import main
from kommune_core.service.app import ServiceOptions
from kommune_core.service.engine_adapter import SERVICE_DEFAULTS, EngineOptions
from kommune_core.validation import RunOptions
from kommune_core.xml import Limits


def test_service_options_round_trip_through_json() -> None:
    engine = EngineOptions.of(
        plugins=("thueringen",),
        strict=True,
        schema="/s/a.xsd",
        catalogs=("/s/catalog.xml", "/t/catalog.xml"),
        codelist_dirs=("/codes",),
        offline=False,
        xrepository="https://xrepository.invalid",
        xsd_detail="always",
        limits=Limits(max_bytes=1234),
        max_findings=7,
    )
    options = ServiceOptions(
        engine=engine, max_body=1234, time_budget=1.5, token_file="/t/tokens", plugins=("x",)
    )
    back = ServiceOptions.from_json(options.to_json())
    assert back == options
    assert isinstance(back.engine.validation, RunOptions)
    assert back.engine.validation.catalogs == ("/s/catalog.xml", "/t/catalog.xml")
    assert back.engine.max_bytes == 1234
    assert ServiceOptions.from_json(ServiceOptions().to_json()) == ServiceOptions()
    kosit = ServiceOptions(engine=EngineOptions.of(kosit_scenarios="/k/scenarios.xml"))
    assert ServiceOptions.from_json(kosit.to_json()) == kosit


def test_options_json_with_an_unknown_key_is_refused() -> None:
    text = ServiceOptions().to_json().replace('"max_findings"', '"max_finding"')
    with pytest.raises(cattrs.ClassValidationError) as caught:
        ServiceOptions.from_json(text)
    assert "max_finding" in repr(caught.value.exceptions)


def test_the_service_defaults_are_offline_without_detail_and_20_mib() -> None:
    engine = EngineOptions()
    assert engine.validation == SERVICE_DEFAULTS
    assert engine.validation.offline and not engine.validation.detail
    assert engine.max_bytes == 20 * 1024 * 1024 and engine.max_findings == 100


class _Stop(Exception):
    pass


def _serve_options(monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[Any, str, int]:
    """What ``kommune serve ARGS`` would hand to its engine (the engine is replaced by one
    that records the options and refuses to start)."""
    seen: list[Any] = []

    def engine(options: Any) -> Any:
        seen.append(options)
        raise _Stop("stopped by the test")

    monkeypatch.setattr("kommune_core.service.engine_adapter.ServiceEngine", engine)
    monkeypatch.delenv("KOMMUNE_XREPOSITORY_URL", raising=False)
    monkeypatch.delenv("KOMMUNE_PLUGINS", raising=False)
    result = CliRunner().invoke(main, ["--plugins", "thueringen", "serve", *args])
    return (seen[0] if seen else None), result.output, result.exit_code


def test_serve_maps_its_options_as_validate_does(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    schema = tmp_path / "a.xsd"
    catalog = tmp_path / "catalog.xml"
    for f in (schema, catalog):
        f.write_text("<x/>", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    engine, output, code = _serve_options(
        monkeypatch,
        *("--schema", "a.xsd", "--xml-catalog", "catalog.xml", "--codelists", "."),
        *("--checks", "xsd", "--xsd-detail", "always", "--max-body", "5000"),
        *("--max-findings", "9", "--xrepository", "https://xrepository.invalid"),
    )
    assert code == 2 and "stopped by the test" in output
    run = engine.validation
    assert run.plugins == ("thueringen",) and run.schema == str(schema)
    assert run.catalogs == (str(catalog),) and run.codelist_dirs == (os.getcwd(),)
    assert (run.checks, run.xsd_detail, run.offline) == ("xsd", "always", False)
    assert run.xrepository == "https://xrepository.invalid"
    assert engine.max_bytes == run.limits.max_bytes == 5000 and engine.max_findings == 9
    assert run.limits.max_depth == Limits().max_depth


def test_serve_defaults_are_the_service_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    engine, _output, code = _serve_options(monkeypatch)
    assert code == 2
    assert engine == EngineOptions.of(plugins=("thueringen",))


def test_serve_usage_errors(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    scenarios = tmp_path / "scenarios.xml"
    scenarios.write_text("<x/>", encoding="utf-8")
    engine, output, code = _serve_options(
        monkeypatch, "--scenarios", str(scenarios), "--schema", str(scenarios)
    )
    assert engine is None and code == 2 and "--scenarios" in output and "--schema" in output
    # the KoSIT configuration decides what is checked: --checks is refused, as in validate
    engine, output, code = _serve_options(
        monkeypatch, "--scenarios", str(scenarios), "--checks", "xsd"
    )
    assert engine is None and code == 2 and "--checks does not apply to --scenarios" in output
