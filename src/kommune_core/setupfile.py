"""The old import path of :mod:`kommune_core.loading.setupfile`, kept for plugins and branches
written against it; new code imports from :mod:`kommune_core.loading`."""

from .loading.setupfile import *  # noqa: F403
from .loading.setupfile import __all__  # noqa: F401
