"""Lazy public names of a package (PEP 562), so that importing one submodule does not import
its siblings: ``kommune validate --schema X.xsd --checks xsd`` needs the scenario value of
:mod:`kommune_core.domain.exchange`, not the ~80 classes of the domain model.

A package lists its names for type checkers in an ``if TYPE_CHECKING:`` block of imports and
gives the same names to :func:`lazy_names` in the ``else`` branch::

    if TYPE_CHECKING:
        from .exchange import MessageCheck, Scenario
    else:
        __getattr__, __dir__ = lazy_names(__name__, {".exchange": "MessageCheck Scenario"})

``tests/core/test_lazy_names.py`` checks that every name of every public ``__all__`` resolves
and that no lazy name is missing from ``__all__``.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping
from typing import Any


def lazy_names(
    package: str, modules: Mapping[str, str]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """``__getattr__`` and ``__dir__`` for ``package``: ``modules`` maps a (relative) module
    to the public names it defines, separated by spaces. A name is imported from its module on
    first access and then stored in the package, so later lookups do not come back here."""
    where = {name: module for module, names in modules.items() for name in names.split()}

    def __getattr__(name: str) -> Any:
        module = where.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module, package), name)
        setattr(sys.modules[package], name, value)
        return value

    def __dir__() -> list[str]:
        return sorted(set(vars(sys.modules[package])) | set(where))

    return __getattr__, __dir__


def if_imported(module: str, name: str) -> type[Exception] | tuple[()]:
    """The exception class ``name`` of ``module`` for an ``except`` clause once the module has
    been imported, else ``()`` (catches nothing): code that never imported the module cannot
    have raised its exception, so a caller need not import, say, the plugin catalog just to
    name the catalog's errors."""
    found = sys.modules.get(module)
    return getattr(found, name) if found is not None else ()
