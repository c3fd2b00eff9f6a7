"""Kommune Interop core: domain, hook specs, plugin host and engines. Knows no Land."""

from .hookspecs import hookimpl, hookspec

__version__ = "0.1.0"
__all__ = ["__version__", "hookimpl", "hookspec"]
