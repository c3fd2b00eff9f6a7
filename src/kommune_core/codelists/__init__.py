"""Code lists: OASIS genericode reading, the cache and the XRepository-style client.

Every name is imported from its module on first use, so reading code lists and validating
offline never pay for the HTTP stack (the client imports ``requests``), and ``kommune
validate`` reaches :mod:`.cache` without the genericode reader or the reverse.
"""

from typing import TYPE_CHECKING

from .._lazy import lazy_names

__all__ = [
    "CacheEntry",
    "CodeList",
    "CodeListCache",
    "FetchError",
    "FetchResult",
    "GenericodeError",
    "XRepositoryClient",
    "read_genericode",
]

if TYPE_CHECKING:
    from .cache import CacheEntry, CodeListCache
    from .client import FetchError, FetchResult, XRepositoryClient
    from .genericode import CodeList, GenericodeError, read_genericode
else:
    __getattr__, __dir__ = lazy_names(
        __name__,
        {
            ".cache": "CacheEntry CodeListCache",
            ".client": "FetchError FetchResult XRepositoryClient",
            ".genericode": "CodeList GenericodeError read_genericode",
        },
    )
