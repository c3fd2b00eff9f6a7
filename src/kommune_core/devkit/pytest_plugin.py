"""pytest plugin (entry point ``pytest11``): the Kommune Interop conformance suite.

Loaded in every pytest run of an environment with kommune-core; it does nothing unless
``--kommune-conformance=NAME`` is given, and loads no Kommune plugin implicitly.
"""

from __future__ import annotations

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("kommune", "Kommune Interop conformance")
    group.addoption("--kommune-conformance", action="append", default=[], metavar="NAME",
                    help="Run the conformance suite on the installed Land plugin NAME.")
