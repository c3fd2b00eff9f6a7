"""Every hook is specified, documented with an example, and mirrored in docs/hooks.md."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

from kommune_core import hookspecs
from kommune_core.plugins import PluginHost

DOCS = (Path(__file__).resolve().parents[2] / "docs" / "hooks.md").read_text(encoding="utf-8")


def test_hooks_tuple_matches_the_specs() -> None:
    host = PluginHost()
    specified = {name for name in dir(host.pm.hook) if name.startswith("kommune_")}
    assert specified == set(hookspecs.HOOKS)


def test_every_hook_has_contract_and_example() -> None:
    for name in hookspecs.HOOKS:
        fn = getattr(hookspecs, name)
        sig = inspect.signature(fn)
        assert not sig.parameters, f"{name}: hooks take no arguments"
        assert "list[" in str(sig.return_annotation), name
        doc = inspect.getdoc(fn) or ""
        assert "Example::" in doc and "@hookimpl" in doc, f"{name}: docstring lacks an example"


def test_docs_mirror_every_hook_with_signature_and_example() -> None:
    for name in hookspecs.HOOKS:
        fn = getattr(hookspecs, name)
        section = re.search(rf"^## {name}\n(.*?)(?=^## |\Z)", DOCS, re.S | re.M)
        assert section, f"docs/hooks.md has no section for {name}"
        body = section.group(1)
        assert f"def {name}() -> {inspect.signature(fn).return_annotation}" in body
        assert "@hookimpl" in body, f"docs/hooks.md: {name} has no example"
        summary = (inspect.getdoc(fn) or "").partition("Example::")[0].split("\n")[0].strip()
        assert summary in body, f"docs/hooks.md: {name} summary differs from the docstring"
