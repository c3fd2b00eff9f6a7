"""Hardened XML parsing shared by every part of the core that reads XML."""

from .safe import (
    DEFAULT_LIMITS,
    Limits,
    Parsed,
    XmlInputError,
    open_regular,
    parse_bytes,
    parse_file,
    parse_files,
    read_limited,
    safe_parser,
)

__all__ = [
    "DEFAULT_LIMITS",
    "Limits",
    "Parsed",
    "XmlInputError",
    "open_regular",
    "parse_bytes",
    "parse_file",
    "parse_files",
    "read_limited",
    "safe_parser",
]
