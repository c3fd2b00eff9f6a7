"""XML exchange validation: scenarios, XSD, Schematron, code lists, plugin checks, batches.

A whole run (what ``kommune validate`` does)::

    from kommune_core.reports.validation import make_writer
    from kommune_core.validation import RunOptions, run
    summary = run(RunOptions(paths=("messages/",), jobs=2), make_writer("json", out))

One message in memory::

    validator = Validator(ValidationConfig(plugins=("my_land",)))
    result = validator.validate_bytes(data, "upload.xml")

See ``docs/validation.md`` ("Library API") for the scenario model and the report shapes.
"""

from .orchestration import RunError, RunOptions, run
from .pipeline import CHECKS, ValidationConfig, Validator
from .results import ERROR, WARNING, FileResult, Issue, Summary
from .runner import iter_files, validate_files
from .scenarios import ScenarioMatcher
from .schemas import SchemaLoadError

__all__ = [
    "CHECKS",
    "ERROR",
    "WARNING",
    "FileResult",
    "Issue",
    "RunError",
    "RunOptions",
    "ScenarioMatcher",
    "SchemaLoadError",
    "Summary",
    "ValidationConfig",
    "Validator",
    "iter_files",
    "run",
    "validate_files",
]
