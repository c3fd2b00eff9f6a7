"""The conformance suite as pytest items (registered only when ``--kommune-conformance`` is
given; see :mod:`kommune_core.devkit.pytest_plugin`)."""

from __future__ import annotations

from typing import Any

import pytest

from .conformance import Check, SkipCheck, Suite
from .problems import Problem

__all__ = ["ConformanceFailure", "ConformanceItem", "ConformancePlugin"]


class ConformanceFailure(Exception):
    """A check found problems; each names plugin, hook, object and what is wrong."""

    def __init__(self, plugin: str, check: Check, problems: list[Problem]) -> None:
        self.problems = problems
        lines = [
            f"plugin {plugin!r} fails conformance check {check.id!r} ({check.title}): "
            f"{len(problems)} problem(s)"
        ]
        lines += [f"  - {p}" for p in problems]
        super().__init__("\n".join(lines))


class ConformanceItem(pytest.Item):
    def __init__(self, *, check: Check, plugin: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.check = check
        self.plugin = plugin
        self.add_marker(pytest.mark.kommune_conformance)

    def runtest(self) -> None:
        try:
            problems = self.check.run()
        except SkipCheck as exc:
            pytest.skip(str(exc))
        if problems:
            raise ConformanceFailure(self.plugin, self.check, problems)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> Any:
        if isinstance(excinfo.value, ConformanceFailure):
            return str(excinfo.value)
        return super().repr_failure(excinfo, style=style)

    def reportinfo(self) -> tuple[Any, int | None, str]:
        return self.path, None, f"kommune conformance [{self.plugin}] {self.check.id}"


class ConformancePlugin:
    """Adds one item per check and plugin to whatever else pytest collected."""

    def __init__(self, names: list[str]) -> None:
        self.names = list(dict.fromkeys(names))

    @pytest.hookimpl(tryfirst=True)
    def pytest_collection_modifyitems(
        self, session: pytest.Session, config: pytest.Config, items: list[pytest.Item]
    ) -> None:
        for name in self.names:
            suite = Suite(name)
            for check in suite.checks():
                items.append(
                    ConformanceItem.from_parent(
                        session,
                        name=f"{name}::{check.id}",
                        nodeid=f"kommune-conformance[{name}]::{check.id}",
                        check=check,
                        plugin=name,
                    )
                )
