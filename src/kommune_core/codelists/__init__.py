"""Code lists: OASIS genericode reading, the cache and the XRepository-style client.

The client (and with it ``requests``) is imported on first use, so reading code lists and
validating offline never pay for the HTTP stack.
"""

from typing import Any

from .cache import CacheEntry, CodeListCache
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

_CLIENT = ("FetchError", "FetchResult", "XRepositoryClient")


def __getattr__(name: str) -> Any:
    if name in _CLIENT:
        from . import client

        return getattr(client, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
