"""Kommune Interop core: domain, hook specs, plugin host and engines. Knows no Land.

``hookimpl`` and ``hookspec`` are imported from :mod:`.hookspecs` on first use: it imports
pluggy and the domain model, which ``kommune validate --schema X.xsd --checks xsd`` never needs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._lazy import lazy_names

__version__ = "0.1.0"
__all__ = ["__version__", "hookimpl", "hookspec"]

if TYPE_CHECKING:
    from .hookspecs import hookimpl, hookspec
else:
    __getattr__, __dir__ = lazy_names(__name__, {".hookspecs": "hookimpl hookspec"})
