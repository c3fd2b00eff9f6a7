"""Reading data files into domain values: one package, one error format.

* :mod:`.documents` — TOML/JSON parsing, :class:`DataFileError` (file, line, key path) and
  :func:`structure_error`, the one formatter of cattrs errors every loader uses;
* :mod:`.refdata` — a plugin's reference data: ``kommunen.json``, ``providers.toml``,
  ``land.toml``;
* :mod:`.setupfile` — a Kommune's setup file (imported on its own: it checks keys against the
  plugin catalog).
"""

from .documents import DataFileError, describe_type, load_data, read_document, structure_error
from .refdata import LandFile, ProvidersFile, load_kommunen, load_land, load_providers

__all__ = [
    "DataFileError",
    "LandFile",
    "ProvidersFile",
    "describe_type",
    "load_data",
    "load_kommunen",
    "load_land",
    "load_providers",
    "read_document",
    "structure_error",
]
