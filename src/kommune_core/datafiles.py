"""The old import path of :mod:`kommune_core.loading.documents`, kept for plugins and branches
written against it; new code imports from :mod:`kommune_core.loading`."""

from .loading.documents import *  # noqa: F403
from .loading.documents import __all__  # noqa: F401
