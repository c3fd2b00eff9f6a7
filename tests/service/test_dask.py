"""``kommune validate --dask-scheduler``: the same report as ``--jobs 1`` on a
``distributed.LocalCluster`` (in this process, one worker, two threads)."""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from .conftest import MESSAGES

pytest.importorskip("distributed")
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    from distributed import LocalCluster

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with LocalCluster(
            n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None
        ) as c:
            yield c


def _normalized(text: str) -> list[str]:
    """The report's lines, sorted, without the run time (the one value that differs)."""
    doc = json.loads(text)
    doc["summary"].pop("seconds")
    return sorted(json.dumps(doc, indent=1, sort_keys=True).splitlines())


def _validate(*args: str) -> Any:
    from kommune_core.cli import main

    return CliRunner().invoke(
        main,
        ["--plugins", "thueringen,sachsen", "validate", "--format", "json", "--no-progress", *args],
    )


def test_dask_report_equals_jobs_1(cluster, tmp_path):
    # more files than one chunk, so several tasks run and come back in order
    folder = tmp_path / "msgs"
    folder.mkdir()
    for k in range(5):
        for p in sorted(MESSAGES.glob("*.xml")):
            (folder / f"{k}-{p.name}").write_bytes(p.read_bytes())
    local = _validate(str(folder), "--jobs", "1")
    remote = _validate(str(folder), "--dask-scheduler", cluster.scheduler_address)
    assert local.exit_code == remote.exit_code == 1, remote.output
    assert _normalized(remote.stdout) == _normalized(local.stdout)
    # in order, too: the files appear in the same sequence
    files = [f["file"] for f in json.loads(remote.stdout)["files"]]
    assert files == [f["file"] for f in json.loads(local.stdout)["files"]]
    assert len(files) == 5 * len(list(MESSAGES.glob("*.xml")))


def test_dask_runner_with_schema_and_catalog(cluster, corpus):
    from distributed import Client

    from kommune_core.validation import ValidationConfig, Validator, validate_files
    from kommune_core.validation.dask_runner import validate_files_dask

    config = ValidationConfig(
        schema=str(corpus / "xwasser" / "xsd" / "xwasser.xsd"),
        catalogs=(str(corpus / "catalog.xml"),),
        checks="xsd",
    )
    files = sorted(str(p) for p in (corpus / "xwasser" / "samples").glob("*.xml"))
    local = list(validate_files(Validator(config), files))
    with Client(cluster) as client:
        remote = list(validate_files_dask(config, files, client, chunk=2, window=2))
    assert remote == local
    # monitoring_plan_minimal.xml (content model) and quality_report_minimal.xml (IDREFs that
    # match no ID, cvc-id.1 — which libxml2 alone misses)
    invalid = sorted(Path(r.file).name for r in remote if not r.valid)
    assert invalid == ["monitoring_plan_minimal.xml", "quality_report_minimal.xml"]
