"""The per-message pipeline: a :class:`Validator` holds what is compiled once per process
(schemas, Schematron, code lists, checks — lazily, on first use) and runs messages through
its :attr:`~Validator.stages` (hardened parse → scenario → XSD → Schematron → code lists →
plugin checks; see :mod:`.stages`) in batches, keeping nothing of a batch once its
:class:`~kommune_core.validation.results.FileResult` s are built."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import attrs

from ..domain.exchange import MessageCheck, Scenario
from ..xml import DEFAULT_LIMITS, Limits, XmlInputError, read_limited
from .codelists import CodeListResolver
from .resources import XmlCatalog, core_catalog_path, resource_path
from .results import ERROR, FileResult, Issue
from .scenarios import ScenarioMatcher
from .schemas import CompiledSchema, SchemaLoadError, compile_schema
from .schematron import CompiledSchematron
from .stages import (
    CheckStage,
    CodeListStage,
    Message,
    ParseStage,
    ScenarioStage,
    SchematronStage,
    Stage,
    XsdStage,
    refused,
)

__all__ = ["CHECKS", "ValidationConfig", "Validator"]

CHECKS = ("xsd", "all")
ADHOC_ID = "cli.schema"
#: :meth:`Validator.validate_batch` reads files until this many bytes are in memory, then
#: runs the stages over them (a file larger than this is a batch of its own). The gain of
#: batches is for small messages (64 × 4 KB); the bound keeps the trees of a batch of large
#: ones (~10-20 × their bytes) at a few tens of MB.
BATCH_BYTES = 1024 * 1024


@attrs.frozen
class ValidationConfig:
    """Everything that decides how messages are validated — picklable, so a worker process
    can rebuild its :class:`Validator` from it where ``fork`` is not available."""

    plugins: tuple[str, ...] | None = None
    strict: bool = False
    schema: str | None = None
    catalogs: tuple[str, ...] = ()
    codelist_dirs: tuple[str, ...] = ()
    scenario: str | None = None
    checks: str = attrs.field(default="all", validator=attrs.validators.in_(CHECKS))
    offline: bool = False
    xrepository: str | None = None
    xsd_detail: bool = True
    limits: Limits = DEFAULT_LIMITS
    #: the XRepository cache folder (None: ``KOMMUNE_CACHE_DIR`` or the user cache)
    cache_dir: str | None = None
    #: Schematron files added to the ``--schema`` scenario (``--schematron``, repeatable)
    schematron: tuple[str, ...] = ()
    #: XRepository: seconds per connect/read, and retries after a failed attempt
    timeout: float = attrs.field(default=10.0, validator=attrs.validators.gt(0))
    retries: int = attrs.field(default=3, validator=attrs.validators.ge(0))
    #: identifies one run across its worker processes: a failed XRepository fetch is
    #: remembered for the run in the cache folder and not tried again (None: per process)
    run_id: str | None = None


class Validator:
    """Validates files under one :class:`ValidationConfig`. ``catalog`` (plugins) may be
    passed in; otherwise it is loaded from the config's plugin selection when first needed —
    ``--schema`` with ``--checks xsd`` needs no plugin at all and never loads one."""

    def __init__(self, config: ValidationConfig, catalog: Any = None) -> None:
        self.config = config
        self._catalog = catalog
        xml_catalog = XmlCatalog()
        for path in config.catalogs:
            xml_catalog = xml_catalog.merged(XmlCatalog.from_file(path))
        self.xml_catalog = xml_catalog.merged(XmlCatalog.from_file(core_catalog_path()))
        self._schemas: dict[str, CompiledSchema | SchemaLoadError] = {}
        self._schematrons: dict[str, CompiledSchematron | SchemaLoadError] = {}
        self._codelists: CodeListResolver | None = None
        self._checks: dict[str, list[tuple[str, MessageCheck]]] = {}
        self._required: dict[str, list[Issue]] = {}
        self._by_scenario: dict[str, list[CompiledSchematron]] = {}
        self.full = config.checks == "all"
        if config.schema is not None:
            adhoc = Scenario(
                id=ADHOC_ID,
                title=f"--schema {config.schema}",
                schema=ADHOC_ID,
                match="/*",
                schematron=tuple(Path(p).resolve() for p in config.schematron),
            )
            self.scenarios: dict[str, Scenario] = {ADHOC_ID: adhoc}
            self.forced: Scenario | None = adhoc
        else:
            self.scenarios = dict(self.catalog.scenarios)
            self.forced = None
            if config.scenario is not None:
                if config.scenario not in self.scenarios:
                    from ..catalog import UnknownKeyError

                    raise UnknownKeyError("scenario", config.scenario, sorted(self.scenarios))
                self.forced = self.scenarios[config.scenario]
        self.matcher = ScenarioMatcher(self.scenarios.values())
        #: the pipeline, in order; see :mod:`kommune_core.validation.stages`
        self.stages: list[Stage] = [ParseStage(config.limits), ScenarioStage(self), XsdStage()]
        if self.full:
            self.stages += [SchematronStage(self), CodeListStage(self), CheckStage(self)]

    @property
    def catalog(self) -> Any:
        """The plugin catalog (loaded on first use)."""
        if self._catalog is None:
            from ..catalog import load_catalog

            self._catalog = load_catalog(self.config.plugins, strict=self.config.strict)
        return self._catalog

    # -- compiled resources (once per process) --------------------------------------------
    def schema_for(self, scenario: Scenario) -> CompiledSchema:
        """The compiled XSD of ``scenario``; raises :class:`SchemaLoadError`."""
        got = self._schemas.get(scenario.schema)
        if got is None:
            try:
                got = compile_schema(
                    self._schema_path(scenario),
                    self.xml_catalog,
                    detail=self.config.xsd_detail,
                    attribute_defaults=self.full,
                    cache_dir=self.config.cache_dir,
                )
            except SchemaLoadError as exc:
                got = exc
            self._schemas[scenario.schema] = got
        if isinstance(got, SchemaLoadError):
            raise got
        return got

    def _schema_path(self, scenario: Scenario) -> Path:
        if scenario.id == ADHOC_ID and self.config.schema is not None:
            return Path(self.config.schema).resolve()
        spec = self.catalog.schemas.get(scenario.schema)
        if spec is None:
            raise SchemaLoadError(
                f"scenario {scenario.id!r} names schema {scenario.schema!r}, which no plugin "
                f"contributes (known: {', '.join(sorted(self.catalog.schemas)) or 'none'})"
            )
        return resource_path(spec.path)

    def schematrons_for(self, scenario: Scenario) -> list[CompiledSchematron]:
        got = self._by_scenario.get(scenario.id)
        if got is None:
            got = []
            for item in scenario.schematron:
                path = resource_path(item)
                key = str(path)
                one = self._schematrons.get(key)
                if one is None:
                    try:
                        one = CompiledSchematron(path)
                    except SchemaLoadError as exc:
                        one = exc
                    self._schematrons[key] = one
                if isinstance(one, SchemaLoadError):
                    raise one
                got.append(one)
            self._by_scenario[scenario.id] = got
        return got

    @property
    def codelists(self) -> CodeListResolver:
        if self._codelists is None:
            specs = list(self.catalog.codelists.values())
            from ..codelists.cache import CodeListCache

            cache = CodeListCache(self.config.cache_dir)
            client = None
            url = self.config.xrepository or os.environ.get("KOMMUNE_XREPOSITORY_URL")
            if url and not self.config.offline:
                from ..codelists.client import XRepositoryClient  # imports requests: lazily
                from ..codelists.shared import RunFetcher

                client = RunFetcher(
                    XRepositoryClient(
                        url, cache, timeout=self.config.timeout, retries=self.config.retries
                    ),
                    cache,
                    self.config.run_id,
                )
            self._codelists = CodeListResolver(
                specs,
                [Path(d) for d in self.config.codelist_dirs],
                cache=cache,
                client=client,
                offline=self.config.offline,
            )
        return self._codelists

    def checks_for(self, scenario: Scenario) -> list[tuple[str, MessageCheck]]:
        got = self._checks.get(scenario.id)
        if got is None:
            got = []
            if scenario.id != ADHOC_ID:
                owner = self.catalog.plugin_of("Scenario", scenario.id)
                for plugin, check in self.catalog.message_checks:
                    if scenario.id in check.scenarios or (not check.scenarios and plugin == owner):
                        got.append((plugin, check))
            self._checks[scenario.id] = got
        return got

    def required_lists(self, scenario: Scenario) -> list[Issue]:
        """A scenario's declared code lists (``urn`` or ``urn_version``) must be available;
        a missing one is a configuration error reported on every message of the scenario."""
        got = self._required.get(scenario.id)
        if got is None:
            got = []
            for ref in scenario.codelists:
                urn, _, version = ref.rpartition("_") if "_" in ref else (ref, "", "")
                if not urn:
                    urn, version = ref, ""
                found = self.codelists.resolve(urn, version or None)
                if found.codelist is None:
                    got.append(
                        Issue(
                            None,
                            None,
                            None,
                            "scenario:codelist-missing",
                            ERROR,
                            f"scenario {scenario.id!r} needs code list {ref}, which "
                            f"is not available ({found.reason})",
                        )
                    )
            self._required[scenario.id] = got
        return got

    def prepare(self, scenarios: Iterable[Scenario] | None = None) -> None:
        """Compile now (before forking workers, or to fail early with a clear message);
        raises :class:`SchemaLoadError` for the first schema or Schematron that does not."""
        for sc in scenarios if scenarios is not None else self.scenarios.values():
            schema = self.schema_for(sc)
            if schema.by_xmlschema or schema.engine == "xmlschema":
                # xmlschema checks every message of this schema: load it now, once, so that
                # forked workers inherit it instead of each loading it again (~0.2 s each)
                with contextlib.suppress(Exception):  # reported per message, as before
                    schema._xmlschema_schema()
            if self.full:
                self.schematrons_for(sc)
                self.required_lists(sc)  # fetched once, before workers are forked

    # -- messages ---------------------------------------------------------------------------
    def validate_file(self, file: str) -> FileResult:
        return self.validate_batch([file])[0]

    def validate_bytes(self, data: bytes, name: str) -> FileResult:
        """The result of one message held in memory (an upload, a queue message); ``name``
        stands for the file in the result and in findings. The same stages and findings as
        for a file with these bytes."""
        if not isinstance(data, bytes | bytearray | memoryview):
            raise TypeError(f"validate_bytes needs bytes, got {type(data).__name__}")
        return self.run_stages([Message(name, bytes(data))])[0]

    def run_stages(self, batch: list[Message]) -> list[FileResult]:
        """Run :attr:`stages` over ``batch`` and return its results, in order."""
        for stage in self.stages:
            stage.run(batch)
        return [m.finish() for m in batch]

    def validate_batch(self, files: Sequence[str]) -> list[FileResult]:
        """The results of ``files``, in order — the same as :meth:`validate_file` for each.

        Files are read until :data:`BATCH_BYTES` are in memory (a larger file is a batch of
        its own), then :meth:`run_stages` runs over them; memory: one such sub-batch and its
        trees at a time."""
        out: list[FileResult] = []
        max_bytes = self.config.limits.max_bytes
        batch: list[Message] = []
        total = 0
        for file in files:
            try:
                data = read_limited(file, max_bytes)
            except XmlInputError as exc:
                batch.append(Message(file, result=refused(file, exc)))
                continue
            if batch and total + len(data) > BATCH_BYTES:
                out.extend(self.run_stages(batch))
                batch, total = [], 0
            batch.append(Message(file, data))
            total += len(data)
        if batch:
            out.extend(self.run_stages(batch))
        return out
