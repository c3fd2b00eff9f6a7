"""Hardened XML parsing shared by every part of the core that reads XML (the public names
are those of :mod:`.safe`, listed once in its ``__all__``)."""

from .safe import *  # noqa: F403
from .safe import __all__ as __all__
