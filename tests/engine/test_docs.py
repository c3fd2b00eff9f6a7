"""docs/rules.md names every shipped rule with every norm, its dates and URL."""

from __future__ import annotations

from pathlib import Path

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_rules_doc_lists_every_rule_and_norm(full_catalog) -> None:  # type: ignore[no-untyped-def]
    text = (DOCS / "rules.md").read_text(encoding="utf-8")
    for plugin, rule in full_catalog.rules:
        section = text.split(f"### `{rule.id}`", 1)
        assert len(section) == 2, f"{rule.id} missing in docs/rules.md"
        body = section[1].split("\n### ", 1)[0]
        assert f"in force from {rule.valid_from.isoformat()}" in body, rule.id
        assert f"Plugin `{plugin}`" in text
        for n in rule.norms:
            row = (
                f"| {n.citation} | {n.title} | {n.valid_from.isoformat()} | "
                f"{n.valid_until.isoformat() if n.valid_until else '—'} | {n.url} |"
            )
            assert row in body, f"{rule.id}: {row}"


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
    ):
        assert key in text
