"""Kommune Interop plugin for Sachsen (Land key 14)."""

__version__ = "0.1.0"
