"""The one place the service touches the validation engine's internals.

The service needs four things from the engine: build a validator from the same options as
``kommune validate`` (plugins, or ``--schema/--xml-catalog``, or a KoSIT ``scenarios.xml``),
validate one message held in memory, render results as a KoSIT (VARL) XML report, JSON or
SARIF, and say whether the configuration is usable. Today's engine validates files; the bytes
path below calls the pipeline's stage function directly. When the library run API
(``kommune_core.validation.run`` / ``Validator.validate_bytes``) and the KoSIT report writer
(``kommune_core.reports.validation.kosit``) land, only this module changes.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import io
import threading
import time
from collections.abc import Iterable, Sequence
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import attrs

from .. import __version__

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

VARL_NS = "http://www.xoev.de/de/validator/varl/1"


@attrs.frozen
class EngineOptions:
    """What decides validation — the same choices as ``kommune validate``; picklable and
    JSON-able (the CLI hands it to each uvicorn worker through the environment)."""

    plugins: tuple[str, ...] | None = None
    strict: bool = False
    schema: str | None = None
    catalogs: tuple[str, ...] = ()
    codelist_dirs: tuple[str, ...] = ()
    scenarios_file: str | None = None
    checks: str = "all"
    offline: bool = True
    xrepository: str | None = None
    #: the xmlschema re-check of XSD failures: unbounded today (a 40 KB message with 2,000
    #: stray attributes takes 30-85 s in it), so off unless asked for
    xsd_detail: bool = False
    max_bytes: int = 20 * 1024 * 1024
    #: findings reported per message; the rest are counted in one closing finding (a 40 KB
    #: message with 2,000 stray attributes would otherwise get a 600 KB report)
    max_findings: int = 100


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
    from ..validation import ERROR, WARNING, Issue

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
        self.catalog = (
            catalog
            if catalog is not None
            else load_catalog(options.plugins, strict=options.strict).load_all()
        )
        self._local = threading.local()
        self._lock = threading.Lock()
        self.errors: list[str] = []  # configuration problems found by prepare()
        self._counter = 0
        first = self.validator()  # fails early on an unknown scenario or a broken catalog
        self.scenario_ids = tuple(sorted(first.scenarios))

    # -- the engine ------------------------------------------------------------------------
    def _config(self) -> Any:
        from ..validation import RunOptions
        from ..validation.orchestration import validation_config
        from ..xml import DEFAULT_LIMITS

        o = self.options
        run = RunOptions(
            paths=(),
            plugins=o.plugins,
            strict=o.strict,
            schema=o.schema,
            catalogs=o.catalogs,
            codelist_dirs=o.codelist_dirs,
            checks=o.checks,
            offline=o.offline,
            xrepository=o.xrepository,
            limits=attrs.evolve(DEFAULT_LIMITS, max_bytes=o.max_bytes),
        )
        return validation_config(run, detail=o.xsd_detail)

    def validator(self) -> Any:
        """This thread's validator (built on first use): the plugins' or ``--schema``'s
        scenarios, or a KoSIT configuration (``--scenarios``)."""
        v = getattr(self._local, "validator", None)
        if v is None:
            if self.options.scenarios_file is not None:
                from ..validation.kosit import KositConfigError, KositOptions, KositValidator
                from ..xml import DEFAULT_LIMITS

                o = self.options
                try:
                    v = KositValidator(
                        KositOptions(
                            o.scenarios_file or "",
                            None,
                            o.catalogs,
                            o.xsd_detail,
                            attrs.evolve(DEFAULT_LIMITS, max_bytes=o.max_bytes),
                        )
                    )
                except KositConfigError as exc:
                    raise ValueError(str(exc)) from None
            else:
                from ..validation import Validator

                v = Validator(self._config(), self.catalog)
            self._local.validator = v
        return v

    def prepare(self) -> list[str]:
        """Compile every scenario's schema (and Schematron) in this thread; returns the
        problems (an empty list: ready)."""
        from ..validation import SchemaLoadError
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
            from ..validation import ERROR, FileResult, Issue

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
    from ..validation import Summary

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
    """The report of ``outcomes`` as ``kosit`` (VARL XML; one message: ``rep:report``,
    several: a ``kommune:reports`` list of them), ``json`` or ``sarif``."""
    if fmt == "kosit":
        return render_kosit(outcomes)
    from ..reports.validation import make_writer

    out = io.StringIO()
    writer = make_writer(fmt, out)
    for o in outcomes:
        writer.add(o.result)
    writer.finish(summary_of(outcomes, seconds))
    return out.getvalue()


def _kosit_writer() -> Any:
    """Issue 11's KoSIT report writer class, once it exists (looked up once: a failed import
    is not cached by Python and would cost a file-system search per request)."""
    global _KOSIT_WRITER
    if _KOSIT_WRITER is _UNSET:
        try:
            from ..reports.validation import kosit  # type: ignore[attr-defined]

            _KOSIT_WRITER = getattr(kosit, "KositWriter", None)
        except ImportError:
            _KOSIT_WRITER = None
    return _KOSIT_WRITER


_UNSET: Any = object()
_KOSIT_WRITER: Any = _UNSET


def render_kosit(outcomes: Sequence[MessageOutcome]) -> str:
    writer_cls = _kosit_writer()
    if writer_cls is not None:
        out = io.StringIO()
        writer = writer_cls(out)
        for o in outcomes:
            writer.add(o.result)
        writer.finish(summary_of(outcomes, sum(o.seconds for o in outcomes)))
        return out.getvalue()
    if len(outcomes) == 1:
        return '<?xml version="1.0" encoding="UTF-8"?>\n' + _varl(outcomes[0], True)
    body = "".join(_varl(o, False) for o in outcomes)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<kommune:reports xmlns:kommune='
        '"urn:kommune-interop:service:1" xmlns:rep="'
        + VARL_NS
        + '">'
        + body
        + "</kommune:reports>\n"
    )


def _varl(o: MessageOutcome, root: bool) -> str:
    """A minimal KoSIT Validation Report (VARL 1.0): engine, timestamp, document hash and
    reference, the scenario, one step result per stage with its messages, and the
    assessment (accept/reject). The KoSIT report writer of issue 11 replaces it."""
    r = o.result
    ns = f' xmlns:rep="{VARL_NS}"' if root else ""
    stamp = dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")
    parts = [
        f'<rep:report{ns} valid={quoteattr(str(r.valid).lower())} varlVersion="1.0.0">',
        f"<rep:engine><rep:name>kommune-interop {escape(__version__)}</rep:name></rep:engine>",
        f"<rep:timestamp>{stamp}</rep:timestamp>",
        "<rep:documentIdentification><rep:documentHash><rep:hashAlgorithm>SHA-256"
        "</rep:hashAlgorithm><rep:hashValue>"
        f"{base64.b64encode(o.sha256).decode()}</rep:hashValue></rep:documentHash>"
        f"<rep:documentReference>{escape(r.file)}</rep:documentReference>"
        "</rep:documentIdentification>",
    ]
    stages: dict[str, list[Any]] = {}
    for issue in r.errors:
        stages.setdefault(issue.stage, []).append(issue)
    steps = []
    for stage, issues in stages.items():
        msgs = []
        for k, i in enumerate(issues, 1):
            attrs_ = [
                f'id="{escape(stage)}-{k}"',
                f"level={quoteattr(i.severity)}",
                f"code={quoteattr(i.rule)}",
            ]
            if i.line:
                attrs_.append(f'lineNumber="{i.line}"')
            if i.column:
                attrs_.append(f'columnNumber="{i.column}"')
            if i.xpath:
                attrs_.append(f"xpathLocation={quoteattr(i.xpath)}")
            msgs.append(f"<rep:message {' '.join(attrs_)}>{escape(i.message)}</rep:message>")
        valid = not any(i.severity == "error" for i in issues)
        steps.append(
            f'<rep:validationStepResult id="val-{escape(stage)}" '
            f'valid="{str(valid).lower()}">{"".join(msgs)}</rep:validationStepResult>'
        )
    if r.scenario is not None:
        parts.append(
            f"<rep:scenarioMatched><rep:scenario>{escape(r.scenario)}</rep:scenario>"
            + "".join(steps)
            + "</rep:scenarioMatched>"
        )
    else:
        parts.append("<rep:noScenarioMatched>" + "".join(steps) + "</rep:noScenarioMatched>")
    verdict = "accept" if r.valid else "reject"
    explanation = (
        "Die Nachricht ist nach der Konfiguration annehmbar."
        if r.valid
        else f"Die Nachricht ist nicht annehmbar: {r.error_count} Fehler."
    )
    parts.append(
        f"<rep:assessment><rep:{verdict}><rep:explanation>{escape(explanation)}"
        f"</rep:explanation></rep:{verdict}></rep:assessment></rep:report>"
    )
    return "".join(parts) + ("\n" if root else "")
