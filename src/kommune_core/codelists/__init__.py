"""Code lists: OASIS genericode reading and the XRepository-style client."""

from .genericode import CodeList, GenericodeError, read_genericode

__all__ = ["CodeList", "GenericodeError", "read_genericode"]
