"""User-facing faults, each with its test: an unwritable ``-o``, tables cut when piped, keys
that are no keys or of a Land no plugin covers, ``show`` and ``check`` saying the same, a string
where a list belongs, ``until`` before ``since``, and errors that name no Python types."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from kommune_core.cli import main
from kommune_core.loading import load_providers

from ..conftest import data_file_error

PLUGINS = ["--plugins", "bund,thueringen,sachsen"]


def _table_width(out: str) -> int:
    return max(len(line) for line in out.splitlines() if line[:1] in "┏┃┡│└╇┗")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, [*PLUGINS, *args])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def _setup(tmp_path: Path, text: str) -> str:
    path = tmp_path / "setup.toml"
    path.write_text('kommune = "16052000"\nprovider = "kisa"\n' + text, encoding="utf-8")
    return str(path)


def test_output_below_a_file_is_a_clear_usage_error(tmp_path: Path) -> None:
    blocker = tmp_path / "report"
    blocker.write_text("keep", encoding="utf-8")
    code, _, err = run(
        "check", "--kommune", "16052000", "--provider", "kisa", "-o", str(blocker / "r.md")
    )
    assert code == 2
    assert f"{blocker} is a file, not a folder" in err and "File exists" not in err
    assert blocker.read_text("utf-8") == "keep"


@pytest.mark.parametrize("fmt", ["md", "html", "json", "pdf"])
def test_output_where_a_folder_must_be_is_exit_2_and_names_the_file(
    tmp_path: Path, fmt: str
) -> None:
    # the sandbox runs as root, so no chmod: the parent of the target is a regular file
    blocker = tmp_path / "a"
    blocker.write_text("keep", encoding="utf-8")
    target = blocker / "b" / "r.out"
    code, out, err = run(
        "check", "--kommune", "16052000", "--provider", "kisa", "--format", fmt, "-o", str(target)
    )
    if fmt == "pdf" and code == 1 and "WeasyPrint" in err:
        pytest.skip(f"no PDF here: {err.strip()}")
    assert code == 2, err
    assert f"-o {target}: cannot write there: {blocker} is a file, not a folder" in err
    assert "Traceback" not in err and "File exists" not in err and out == ""
    assert blocker.read_text("utf-8") == "keep" and sorted(tmp_path.iterdir()) == [blocker]


def test_output_replaces_a_report_whole(tmp_path: Path) -> None:
    target = tmp_path / "deep" / "r.md"
    args = ("check", "--kommune", "16052000", "--provider", "kisa", "--on", "2026-01-01")
    code, _, err = run(*args, "--format", "md", "-o", str(target))
    assert code == run(*args)[0] and "Bericht geschrieben" in err  # as without -o
    first = target.read_text("utf-8")
    assert first.startswith("#") and "Gera" in first
    target.write_text("old", encoding="utf-8")
    run(*args, "--format", "md", "-o", str(target))
    assert target.read_text("utf-8") == first
    assert [p.name for p in target.parent.iterdir()] == ["r.md"]  # no temp file left


def test_output_onto_a_folder_is_a_clear_usage_error(tmp_path: Path) -> None:
    code, _, err = run("check", "--kommune", "16052000", "--provider", "kisa", "-o", str(tmp_path))
    assert code == 2 and "is a directory" in err


def test_piped_tables_are_not_cut_at_80_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COLUMNS", raising=False)
    _, listing, _ = run("kommunen", "--land", "16")
    assert _table_width(listing) > 80, "a piped table is cut to the default 80 columns"
    assert not any(line.rstrip().endswith("…") for line in listing.splitlines())
    assert "│ 16051000  │ Erfurt, Stadt " in listing
    _, out, _ = run("check", "--kommune", "16052000", "--provider", "kisa", "--on", "2026-01-01")
    # every area name stands whole on one table line, none wrapped or elided
    assert "│ Beschaffung (Rahmenverträge, Warenkorb) │" in out


def test_columns_still_sets_the_width(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "40")
    _, out, _ = run("check", "--kommune", "16052000", "--provider", "kisa", "--on", "2026-01-01")
    assert _table_width(out) == 40


@pytest.mark.parametrize("command", ["check", "show"])
@pytest.mark.parametrize(
    ("key", "message"),
    [
        # a non-key says what a key looks like
        ("abc", "an official key is 8 digits (AGS), 5 (Kreisschlüssel) or 12 (ARS)"),
        # a key of an uncovered Land names the Land, not other Länder
        ("09162000", "Land 09 (Bayern) is not covered by any installed plugin"),
    ],
    ids=["non-key", "uncovered-land"],
)
def test_a_key_that_cannot_be_found_says_why_without_suggestions(
    command: str, key: str, message: str
) -> None:
    args = ["--kommune", key, "--provider", "kisa"] if command == "check" else [key]
    code, _, err = run(command, *args)
    assert code == 2
    assert message in err
    assert "did you mean" not in err


def test_show_and_check_suggest_the_same_keys_of_the_same_land() -> None:
    _, _, shown = run("show", "16052001")
    _, _, checked = run("check", "--kommune", "16052001", "--provider", "kisa")
    assert "did you mean: 16052000 (Gera, Stadt)" in shown
    assert shown.strip() == checked.strip()
    suggested = re.findall(r"\b(\d{5,12}) \(", shown)
    assert suggested and all(key.startswith("16") for key in suggested)


def test_a_key_with_separators_is_pointed_at_the_right_one() -> None:
    code, _, err = run("show", "16-052-000")
    assert code == 2 and "digits only; did you mean: 16052000 (Gera, Stadt)?" in err


def test_a_string_where_a_list_belongs_is_an_error_naming_file_and_line(tmp_path: Path) -> None:
    code, _, err = run("check", _setup(tmp_path, 'areas = "beschaffung"\n'))
    assert code == 2
    assert "setup.toml:3: at $.areas expected a list, got the text 'beschaffung'" in err
    assert 'write ["beschaffung"] for one item' in err


def test_until_before_since_is_refused_at_its_line(tmp_path: Path) -> None:
    text = (
        '\n[[bindungen]]\nprovider = "kisa"\nart = "mitgliedschaft"\n'
        "since = 2020-01-01\nuntil = 2019-12-31\n"
    )
    code, _, err = run("check", _setup(tmp_path, text))
    assert code == 2
    assert "setup.toml:8: at $.bindungen[0].until" in err
    assert "2019-12-31 lies before since 2020-01-01" in err


def test_type_errors_are_told_in_words_not_python_types(tmp_path: Path) -> None:
    text = '\n[[bindungen]]\nprovider = "kisa"\nart = "mitgliedschaft"\nsource = 5\n'
    code, _, err = run("check", _setup(tmp_path, text))
    assert code == 2 and "expected a table (Source)" in err
    assert "kommune_core" not in err and "| None" not in err
    message = data_file_error(
        tmp_path / "providers.toml",
        '[[providers]]\nid = "x"\nname = "X"\nrechtsform = "zweckverband"\nseat = "S"\n'
        'seat_land = "16"\nmembers = "16052000"\n',
        load_providers,
    )
    assert "providers.toml:7: at $.providers[0].members expected a list" in message
