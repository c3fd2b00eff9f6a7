"""The heuristic that decides whether a finding's reason is German."""

from __future__ import annotations

import pytest

from kommune_core.devkit.german import german_problem


@pytest.mark.parametrize(
    "reason",
    [
        "Ohne Beteiligung ist der Auftrag auszuschreiben.",
        "KISA bietet den Bereich „Schulung“ nicht an.",
        "Genehmigung nach § 42 ThürKGG erforderlich",
        "Die Kommune nutzt den Cloud Service des Anbieters über Amt24.",  # English nouns inside
    ],
)
def test_german_reasons_pass(reason: str) -> None:
    assert german_problem(reason) is None


@pytest.mark.parametrize(
    ("reason", "says"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("ok", "too short"),
        ("Provider cannot serve the Kommune", "reads as English"),
        ("The provider is a member of the Zweckverband.", "reads as English"),
        ("KISA XYZ ABC", "does not look German"),
    ],
)
def test_non_german_reasons_fail(reason: str, says: str) -> None:
    problem = german_problem(reason)
    assert problem is not None and says in problem
