"""XML exchange validation: scenarios, XSD, Schematron, code lists, plugin checks, batches.

Typical use::

    from kommune_core.validation import ValidationConfig, Validator, validate_files, iter_files
    validator = Validator(ValidationConfig(plugins=("my_land",)))
    for result in validate_files(validator, iter_files(["messages/"]), jobs=2):
        print(result.file, result.valid)

See ``docs/validation.md`` for the scenario model and the report shapes.
"""

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
    "ScenarioMatcher",
    "SchemaLoadError",
    "Summary",
    "ValidationConfig",
    "Validator",
    "iter_files",
    "validate_files",
]
