"""docs/rules.md is generated from the rules (roles, norms with versions, facts read);
docs/compatibility.md names the JSON keys."""

from __future__ import annotations

from pathlib import Path

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_rules_doc_is_generated_from_the_code(full_catalog) -> None:  # type: ignore[no-untyped-def]
    from kommune_core.engine.ruledoc import render

    text = (DOCS / "rules.md").read_text(encoding="utf-8")
    assert text == render(full_catalog), (
        "docs/rules.md is out of date: .venv/bin/python -m kommune_core.engine.ruledoc > "
        "docs/rules.md"
    )
    for plugin, rule in full_catalog.rules:
        body = text.split(f"### `{rule.id}`", 1)[1].split("\n### ", 1)[0]
        assert f"Plugin `{plugin}`" in body and "- roles: " in body and "- facts read: " in body
        for n in rule.norms:
            assert f"| {n.citation} |" in body and n.url in body


def test_compatibility_doc_names_the_json_keys() -> None:
    text = (DOCS / "compatibility.md").read_text(encoding="utf-8")
    for key in (
        '"kommune"',
        '"provider"',
        '"on"',
        '"verdicts"',
        '"findings"',
        '"norms"',
        '"valid_from"',
        '"valid_until"',
        '"plugin"',
        '"rule"',
        '"reason"',
        '"role"',
        '"facts"',
        '"bindung"',
        '"changes"',
    ):
        assert key in text
