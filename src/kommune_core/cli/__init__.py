"""The ``kommune`` command line (click, rich). One module per command group."""

from .app import main

__all__ = ["main"]
