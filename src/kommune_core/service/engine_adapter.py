"""The one place the service touches the validation engine.

The service needs four things from the engine: a validator built from ``kommune validate``'s
options (:class:`~kommune_core.validation.RunOptions`, through the same mapping:
``validation_config`` for the plugins' or ``--schema``'s scenarios, ``kosit_validator`` for
a KoSIT ``scenarios.xml``), one message held in memory validated (``validate_bytes``),
results rendered by ``kommune validate``'s report writers (KoSIT VARL, JSON, SARIF), and
whether the configuration is usable.
"""

from __future__ import annotations

import hashlib
import io
import threading
import time
from collections.abc import Iterable, Sequence
from typing import Any

import attrs

from ..validation import ERROR, WARNING, FileResult, Issue, SchemaLoadError, Summary, Validator
from ..validation.orchestration import RunOptions, kosit_validator, validation_config
from ..xml import DEFAULT_LIMITS

__all__ = [
    "CONFIG_RULES",
    "EngineOptions",
    "MessageOutcome",
    "ServiceEngine",
    "render",
]

#: rules that mean "the configuration could not process this message" (KoSIT: 422), not
#: "the message is not acceptable" (406).
CONFIG_RULES = ("schema:load", "sch:load", "scenario:codelist-missing")
CONFIG_PREFIXES = ("internal:",)

_COMPILE_LOCK = threading.Lock()


#: ``kommune serve``'s defaults where they differ from ``kommune validate``'s: XRepository only
#: when asked for; no xmlschema re-check of XSD failures (unbounded today: a 40 KB message
#: with 2,000 stray attributes takes 30-85 s in it); 20 MiB per message
SERVICE_DEFAULTS = RunOptions(
    paths=(),
    offline=True,
    xsd_detail="never",
    limits=attrs.evolve(DEFAULT_LIMITS, max_bytes=20 * 1024 * 1024),
)


@attrs.frozen
class EngineOptions:
    """What decides validation — ``kommune validate``'s options as one value, of which the
    service reads the validation choices (plugins, ``--schema``, catalogs, code lists,
    ``--scenarios``, checks, XRepository, ``--xsd-detail``, limits), not the files, jobs or
    reporting — and how many findings a report lists. Picklable and JSON-able (the CLI hands
    it to each uvicorn worker through the environment)."""

    validation: RunOptions = SERVICE_DEFAULTS
    #: findings reported per message; the rest are counted in one closing finding (a 40 KB
    #: message with 2,000 stray attributes would otherwise get a 600 KB report)
    max_findings: int = 100

    @classmethod
    def of(cls, *, max_findings: int = 100, **choices: Any) -> EngineOptions:
        """The service's defaults with ``choices`` (:class:`RunOptions` fields) changed;
        raises :class:`~kommune_core.validation.RunError` for choices that exclude each
        other."""
        return cls(attrs.evolve(SERVICE_DEFAULTS, **choices), max_findings)

    @property
    def max_bytes(self) -> int:
        """The largest message (bytes)."""
        return self.validation.limits.max_bytes


@attrs.frozen
class MessageOutcome:
    """One validated message: the engine's result plus what the service derives from it."""

    result: Any  # kommune_core.validation.FileResult
    status: int  # 200 acceptable, 406 not acceptable, 422 configuration could not process
    sha256: bytes
    seconds: float
    schema_cache_hit: bool | None


def _status(result: Any) -> int:
    assessment = getattr(result, "assessment", None)  # a KoSIT configuration decided
    if assessment == "undefined":
        return 422
    if result.valid:
        return 200
    for issue in result.errors:
        if issue.rule in CONFIG_RULES or issue.rule.startswith(CONFIG_PREFIXES):
            return 422
    return 406


def _capped(result: Any, keep: int) -> Any:
    kept, rest = result.errors[:keep], result.errors[keep:]
    n_err = sum(1 for i in rest if i.severity == ERROR)
    note = Issue(
        None,
        None,
        None,
        "service:findings-truncated",
        ERROR if n_err else WARNING,
        f"{len(rest)} weitere Befunde ({n_err} Fehler) nicht aufgeführt (--max-findings {keep})",
    )
    return attrs.evolve(result, errors=(*kept, note))


class ServiceEngine:
    """A validator per thread (lxml's schema error logs belong to the last validation, so a
    compiled schema is not shared across threads); everything else is shared and read-only."""

    def __init__(self, options: EngineOptions, catalog: Any = None) -> None:
        from ..catalog import load_catalog

        self.options = options
        run = options.validation
        self.catalog = (
            catalog
            if catalog is not None
            else load_catalog(run.plugins, strict=run.strict).load_all()
        )
        self._local = threading.local()
        self._lock = threading.Lock()
        self.errors: list[str] = []  # configuration problems found by prepare()
        self._counter = 0
        first = self.validator()  # fails early on an unknown scenario or a broken catalog
        self.scenario_ids = tuple(sorted(first.scenarios))

    # -- the engine ------------------------------------------------------------------------
    def validator(self) -> Any:
        """This thread's validator (built on first use, compiled by :meth:`prepare`) from
        the same mapping as ``kommune validate``'s: the plugins' or ``--schema``'s scenarios,
        or a KoSIT configuration (``--scenarios``). An unusable configuration: ValueError."""
        v = getattr(self._local, "validator", None)
        if v is None:
            run = self.options.validation
            if run.kosit_scenarios:
                v = kosit_validator(run, prepare=False)
            else:
                v = Validator(validation_config(run), self.catalog)
            self._local.validator = v
        return v

    def prepare(self) -> list[str]:
        """Compile every scenario's schema (and Schematron) in this thread; returns the
        problems (an empty list: ready)."""
        from ..validation.kosit import KositConfigError

        v = self.validator()
        problems: list[str] = []
        # one thread compiles at a time: libxml2's first schema compilation initialises
        # global type tables, and two threads doing that at once make both fail
        # ("xmlSchemaPValAttrNodeValue, the given type is not a built-in type")
        with _COMPILE_LOCK:
            for sc in v.scenarios.values():
                try:
                    v.prepare([sc])
                except (SchemaLoadError, KositConfigError) as exc:
                    problems.append(f"scenario {sc.id}: {exc}")
        with self._lock:  # a problem in any thread makes the service not ready
            self.errors = sorted(set(self.errors) | set(problems))
        return problems

    def next_name(self) -> str:
        with self._lock:
            self._counter += 1
            return f"supplied_instance_{self._counter}"

    def validate_bytes(self, data: bytes, name: str) -> MessageOutcome:
        """Validates one message held in memory (the pipeline's own stages, in order)."""
        start = time.perf_counter()
        v = self.validator()
        cached = set(getattr(v, "_schemas", ()))
        if len(data) > self.options.max_bytes:
            result = FileResult(
                name,
                None,
                (
                    Issue(
                        None,
                        None,
                        None,
                        "xml.too-large",
                        ERROR,
                        f"message has more than {self.options.max_bytes} bytes (--max-body)",
                    ),
                ),
                False,
            )
        else:
            result = v.validate_bytes(data, name)
        if len(result.errors) > self.options.max_findings:
            result = _capped(result, self.options.max_findings)
        hit = None
        if cached and result.scenario is not None and result.scenario in v.scenarios:
            hit = v.scenarios[result.scenario].schema in cached
        return MessageOutcome(
            result, _status(result), hashlib.sha256(data).digest(), time.perf_counter() - start, hit
        )

    def validate_many(self, items: Iterable[tuple[str, bytes]]) -> list[MessageOutcome]:
        return [self.validate_bytes(data, name) for name, data in items]


# -- reports ---------------------------------------------------------------------------------
def summary_of(outcomes: Sequence[MessageOutcome], seconds: float) -> Any:
    n = len(outcomes)
    valid = sum(1 for o in outcomes if o.result.valid)
    return Summary(
        files=n,
        valid=valid,
        invalid=n - valid,
        seconds=seconds,
        warnings=sum(o.result.warning_count for o in outcomes),
        unprocessed=sum(1 for o in outcomes if not o.result.processed),
    )


def render(fmt: str, outcomes: Sequence[MessageOutcome], seconds: float) -> str:
    """The report of ``outcomes`` as ``kosit`` (a KoSIT VARL report; several messages: a
    ``k:reports`` list of them), ``json`` or ``sarif`` — the writers of ``kommune validate
    --format``."""
    from ..reports.validation import make_writer

    out = io.StringIO()
    writer = make_writer(fmt, out)
    for o in outcomes:
        writer.add(o.result)
    writer.finish(summary_of(outcomes, seconds))
    return out.getvalue()
