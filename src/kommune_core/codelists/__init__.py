"""Code lists: OASIS genericode reading and the XRepository-style client."""

from .cache import CacheEntry, CodeListCache
from .client import FetchError, FetchResult, XRepositoryClient
from .genericode import CodeList, GenericodeError, read_genericode

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
