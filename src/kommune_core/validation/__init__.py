"""XML exchange validation: scenarios, XSD, Schematron, code lists, plugin checks, batches.

A whole run (what ``kommune validate`` does)::

    from kommune_core.reports.validation import make_writer
    from kommune_core.validation import RunOptions, run
    summary = run(RunOptions(paths=("messages/",), jobs=2), make_writer("json", out))

One message in memory::

    validator = Validator(ValidationConfig(plugins=("my_land",)))
    result = validator.validate_bytes(data, "upload.xml")

See ``docs/validation.md`` ("Library API") for the scenario model and the report shapes.

The names are imported from their modules on first use (:mod:`kommune_core._lazy`): a plugin
that builds a message check (:mod:`.checks`) does not import the pipeline.
"""

from typing import TYPE_CHECKING

from .._lazy import lazy_names

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

if TYPE_CHECKING:
    from .orchestration import RunError, RunOptions, run
    from .pipeline import CHECKS, ValidationConfig, Validator
    from .results import ERROR, WARNING, FileResult, Issue, Summary
    from .runner import iter_files, validate_files
    from .scenarios import ScenarioMatcher
    from .schemas import SchemaLoadError
else:
    __getattr__, __dir__ = lazy_names(
        __name__,
        {
            ".orchestration": "RunError RunOptions run",
            ".pipeline": "CHECKS ValidationConfig Validator",
            ".results": "ERROR WARNING FileResult Issue Summary",
            ".runner": "iter_files validate_files",
            ".scenarios": "ScenarioMatcher",
            ".schemas": "SchemaLoadError",
        },
    )
