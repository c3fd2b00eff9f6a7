"""A whole validation run as a library call — what ``kommune validate`` does, for a service,
a test or a script::

    from kommune_core.reports.validation import make_writer
    from kommune_core.validation import RunOptions, run

    with open("report.json", "w", encoding="utf-8") as out:
        summary = run(RunOptions(paths=("messages/",), jobs=2), make_writer("json", out))
    print(summary.invalid)

:func:`run` finds the files, compiles what the run needs (a schema or Schematron that does
not compile is a :class:`RunError` before any file is read), validates in this process or in
worker processes, streams every :class:`FileResult` to the writers in input order and returns
the :class:`Summary`. A single message in memory goes through
:meth:`Validator.validate_bytes` instead.
"""

from __future__ import annotations

import itertools
import os
import time
import uuid
from collections.abc import Iterator, Sequence
from typing import Any, Protocol

import attrs

from .._lazy import if_imported
from ..xml import DEFAULT_LIMITS, Limits
from .pipeline import CHECKS, ValidationConfig, Validator
from .results import FileResult, Summary
from .runner import iter_files, validate_files
from .schemas import SchemaLoadError

__all__ = [
    "DETAIL_AUTO_LIMIT",
    "Progress",
    "RunError",
    "RunOptions",
    "kosit_validator",
    "load_catalog_for_run",
    "needs_plugins",
    "run",
    "validation_config",
]

#: files read ahead to know that the batch is not empty
DETAIL_AUTO_LIMIT = 1_000
_DETAIL = ("auto", "always", "never")
#: the plugin collections a run reads (loaded up front, so load problems are known early)
COLLECTIONS = ("schemas", "codelists", "scenarios", "message_checks", "report_formats")


def _paths(value: Any) -> tuple[str, ...]:
    """One path or many: a single string or path is not taken letter by letter."""
    if isinstance(value, str | os.PathLike):
        return (os.fspath(value),)
    return tuple(os.fspath(v) for v in value)


class RunError(ValueError):
    """The run cannot start: no files, no scenario, a schema, Schematron or XML catalog that
    cannot be used. The message names the file (and line where known). CLI exit code 2."""


@attrs.frozen
class RunOptions:
    """Everything a run is asked to do (``kommune validate``'s options as one value)."""

    #: files and folders (walked recursively for ``*.xml``)
    paths: tuple[str, ...] = attrs.field(converter=_paths)
    #: validate every file with this scenario instead of matching one
    scenario: str | None = None
    #: validate against this XSD (any XÖV standard) instead of the plugins' scenarios
    schema: str | None = None
    catalogs: tuple[str, ...] = attrs.field(default=(), converter=_paths)
    codelist_dirs: tuple[str, ...] = attrs.field(default=(), converter=_paths)
    checks: str = attrs.field(default="all", validator=attrs.validators.in_(CHECKS))
    #: worker processes; 0: one per CPU
    jobs: int = attrs.field(default=1, validator=attrs.validators.ge(0))
    #: stop at the first invalid file
    fail_fast: bool = False
    offline: bool = False
    xrepository: str | None = None
    #: XRepository: seconds per connect/read, retries after a failed attempt
    timeout: float = attrs.field(default=10.0, validator=attrs.validators.gt(0))
    retries: int = attrs.field(default=3, validator=attrs.validators.ge(0))
    xsd_detail: str = attrs.field(default="auto", validator=attrs.validators.in_(_DETAIL))
    #: plugin selection (None: all installed) and strict plugin loading
    plugins: tuple[str, ...] | None = None
    strict: bool = False
    limits: Limits = DEFAULT_LIMITS
    cache_dir: str | None = None
    #: stop a worker that has no result after this many seconds per file (None: no limit;
    #: with a limit, validation runs in worker processes even for ``jobs=1``)
    file_timeout: float | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.gt(0))
    )
    #: a KoSIT validator configuration (``scenarios.xml``) and its repository folder
    kosit_scenarios: str | None = None
    kosit_repository: str | None = None
    #: Schematron added to the ``schema`` scenario (.sch of any queryBinding, or a .xsl)
    schematron_paths: tuple[str, ...] = attrs.field(default=(), converter=_paths)
    #: run the batch on the Dask cluster at this address (``tcp://host:8786``)
    dask_scheduler: str | None = None

    @property
    def detail(self) -> bool:
        """Whether XSD failures get the xmlschema re-check (``auto`` and ``always``: yes;
        the pass is bounded by work, so ``auto`` does not depend on the batch size)."""
        return self.xsd_detail != "never"

    def __attrs_post_init__(self) -> None:
        if self.scenario and self.schema:
            raise RunError("a scenario and a schema exclude each other")
        if self.kosit_scenarios and (self.scenario or self.schema):
            raise RunError("a KoSIT configuration (--scenarios) excludes --scenario and --schema")
        if self.kosit_scenarios and self.checks != "all":
            raise RunError("--checks does not apply to --scenarios: the configuration decides")
        if self.kosit_repository and not self.kosit_scenarios:
            raise RunError("--repository belongs to --scenarios")
        if self.schematron_paths and not self.schema:
            raise RunError("--schematron adds Schematron in --schema mode; pass --schema X.xsd")
        if self.schematron_paths and self.checks != "all":
            raise RunError("--schematron needs --checks all (Schematron is not an XSD check)")


class Progress(Protocol):
    """What :func:`run` reports progress to (e.g. a progress bar)."""

    def start(self, total: int) -> None: ...

    def advance(self) -> None: ...


class ReportSink(Protocol):
    def add(self, result: FileResult) -> None: ...

    def finish(self, summary: Summary) -> None: ...


def needs_plugins(options: RunOptions) -> bool:
    """Whether the run reads the plugin catalog: not for ``--schema`` with ``--checks xsd``
    (one schema, no Schematron, code lists or plugin checks), which then starts as fast as a
    plain libxml2 loop."""
    return not (options.schema and options.checks == "xsd")


def load_catalog_for_run(options: RunOptions) -> Any:
    """The plugin catalog with the collections a run reads already loaded; its ``errors``
    and ``conflicts`` can be shown before the run starts."""
    from ..catalog import load_catalog

    catalog = load_catalog(
        list(options.plugins) if options.plugins is not None else None, strict=options.strict
    )
    for name in COLLECTIONS:
        getattr(catalog, name)
    return catalog


def run(
    options: RunOptions,
    writers: ReportSink | Sequence[ReportSink] = (),
    *,
    catalog: Any = None,
    progress: Progress | None = None,
    validator: Any = None,
) -> Summary:
    """Validate ``options.paths``; every result goes to each writer's ``add`` in input order,
    the summary to their ``finish``. Raises :class:`RunError` before any file is validated
    when the run cannot start. ``validator``: a prepared validator to use instead of one built
    from ``options`` (anything with ``validate_batch(files)`` and a picklable ``config``, e.g.
    an engine for KoSIT configurations)."""
    sinks: list[ReportSink] = [writers] if not isinstance(writers, Sequence) else list(writers)
    files: Iterator[str] | list[str] = iter_files(options.paths)
    if progress is not None:
        files = head = list(files)
    else:
        head = list(itertools.islice(files, DETAIL_AUTO_LIMIT + 1))
        files = itertools.chain(head, files)
    if not head:
        raise RunError(f"no *.xml files in {', '.join(options.paths)}")
    jobs = options.jobs or os.cpu_count() or 1
    if validator is None and options.kosit_scenarios:
        validator = kosit_validator(options)
    if validator is None:
        validator = _validator(options, catalog)

    if progress is not None:
        progress.start(len(head))
    n = n_valid = n_warnings = n_unprocessed = 0
    start = time.perf_counter()
    # --fail-fast in one process: file by file, so nothing after the first invalid file is
    # read (batches of 64 would validate up to 63 more)
    batch = {"chunk": 1} if options.fail_fast and jobs == 1 else {}
    if options.dask_scheduler:
        from .dask_runner import validate_files_dask

        results: Any = validate_files_dask(validator.config, files, options.dask_scheduler, **batch)
    else:
        results = validate_files(
            validator, files, jobs=jobs, file_timeout=options.file_timeout, **batch
        )
    try:
        for result in results:
            for sink in sinks:
                sink.add(result)
            n += 1
            if not result.errors:  # the common case: valid, nothing to count
                n_valid += 1
            else:
                valid = result.valid
                n_valid += valid
                n_warnings += result.warning_count
                n_unprocessed += not result.processed
                if options.fail_fast and not valid:
                    break
            if progress is not None:
                progress.advance()
    except if_imported("kommune_core.validation.workers", "WorkerError") as exc:
        raise RunError(f"validation stopped after {n} files: {exc}") from None
    finally:
        results.close()  # stops the workers at once after --fail-fast or an error
    summary = Summary(
        files=n,
        valid=n_valid,
        invalid=n - n_valid,
        seconds=time.perf_counter() - start,
        warnings=n_warnings,
        unprocessed=n_unprocessed,
    )
    for sink in sinks:
        sink.finish(summary)
    return summary


def kosit_validator(options: RunOptions, *, prepare: bool = True) -> Any:
    """The validator for ``options.kosit_scenarios`` (a KoSIT configuration), prepared
    unless ``prepare`` is false (the caller compiles, as the service does one thread at a
    time); a configuration that cannot be used is a :class:`RunError` naming its file and
    line."""
    from .kosit import KositConfigError, KositOptions, KositValidator

    try:
        validator = KositValidator(
            KositOptions(
                options.kosit_scenarios or "",
                options.kosit_repository,
                options.catalogs,
                options.detail,
                options.limits,
            )
        )
        if prepare:
            validator.prepare()
    except KositConfigError as exc:
        raise RunError(str(exc)) from None
    return validator


#: :class:`ValidationConfig` fields that :class:`RunOptions` names differently
RUN_FIELD_OF = {"schematron": "schematron_paths"}
#: :class:`ValidationConfig` fields that are not a run option's value
DERIVED_FIELDS = ("xsd_detail", "run_id")


def validation_config(options: RunOptions, *, run_id: str | None = None) -> ValidationConfig:
    """What each validator (and worker) is built from, for ``options`` — the one mapping
    from a run's options to the pipeline's configuration (the service uses it too): every
    field of :class:`ValidationConfig` takes the run option of its name (``RUN_FIELD_OF``
    names the renamed ones), but ``xsd_detail`` (:attr:`RunOptions.detail`) and ``run_id``."""
    same = {
        name: getattr(options, RUN_FIELD_OF.get(name, name))
        for name in attrs.fields_dict(ValidationConfig)
        if name not in DERIVED_FIELDS
    }
    return ValidationConfig(**same, xsd_detail=options.detail, run_id=run_id)


def _validator(options: RunOptions, catalog: Any) -> Validator:
    from .resources import CatalogError
    from .scenarios import ScenarioError

    config = validation_config(options, run_id=uuid.uuid4().hex)
    if catalog is None and needs_plugins(options):
        catalog = load_catalog_for_run(options)
    try:
        validator = Validator(config, catalog)
        if not validator.scenarios:
            raise RunError(
                "no validation scenarios: no loaded plugin contributes one; load a "
                "plugin or pass --schema ENTRY.xsd"
            )
        # Everything is compiled (and the scenarios' code lists fetched) now: a schema that
        # does not compile stops the run with its file and line instead of failing every
        # message, and workers inherit what is compiled instead of each compiling it again.
        validator.prepare([validator.forced] if validator.forced is not None else None)
    except (SchemaLoadError, CatalogError, ScenarioError) as exc:
        raise RunError(str(exc)) from None
    except if_imported("kommune_core.catalog", "UnknownKeyError") as exc:  # unknown scenario id
        raise RunError(str(exc)) from None
    return validator
