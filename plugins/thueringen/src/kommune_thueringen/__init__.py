"""Kommune Interop plugin for Thüringen (Land key 16)."""

__version__ = "0.1.0"
