"""The old import path of :mod:`kommune_core.loading.refdata`, kept for plugins and branches
written against it; new code imports from :mod:`kommune_core.loading`."""

from .loading.refdata import *  # noqa: F403
from .loading.refdata import __all__  # noqa: F401
