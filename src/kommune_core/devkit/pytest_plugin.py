"""pytest plugin (entry point ``pytest11``): the Kommune Interop conformance suite.

Loaded in every pytest run of an environment with kommune-core; it does nothing and imports
nothing beyond pytest unless ``--kommune-conformance=NAME`` is given, and loads no Kommune
plugin implicitly. With the option, the suite's checks for each named plugin are added to the
collected tests (marked ``kommune_conformance``; ``-m kommune_conformance`` runs only them)::

    pytest --kommune-conformance=NAME [--kommune-conformance=OTHER] -m kommune_conformance
"""

from __future__ import annotations

import pytest

OPTION = "--kommune-conformance"
MARKER = "kommune_conformance"


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("kommune", "Kommune Interop conformance")
    group.addoption(
        OPTION,
        action="append",
        default=[],
        metavar="NAME",
        help="Run the conformance suite on the installed Land plugin NAME "
        "(repeatable; names as in `kommune plugins`).",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", f"{MARKER}: a check of the Kommune conformance suite")
    names = [
        n.strip()
        for value in config.getoption("kommune_conformance", default=[]) or []
        for n in value.split(",")
        if n.strip()
    ]
    if names:
        from .pytest_items import ConformancePlugin  # heavy imports only when asked

        config.pluginmanager.register(ConformancePlugin(names), "kommune-conformance-suite")
