"""Hardened XML parsing shared by every part of the core that reads XML."""

from .safe import XmlInputError, parse_bytes, parse_file, safe_parser

__all__ = ["XmlInputError", "parse_bytes", "parse_file", "safe_parser"]
