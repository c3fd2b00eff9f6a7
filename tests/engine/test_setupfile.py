"""Setup files: the examples load; broken files name file, line, key and what was expected."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

from kommune_core.domain import ServiceArea
from kommune_core.loading import DataFileError
from kommune_core.loading.setupfile import load_setup

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.mark.parametrize(
    "name,key,land",
    [
        ("gera.toml", "16052000", "16"),
        ("saale-orla-kreis.toml", "16075", "16"),
        ("leipzig.toml", "14713000", "14"),
    ],
)
def test_examples_load_with_real_keys(full_catalog, name, key, land) -> None:  # type: ignore[no-untyped-def]
    setup = load_setup(EXAMPLES / name, full_catalog)
    assert setup.kommune == key and full_catalog.kommune(key).land == land
    assert setup.provider == "kisa" and setup.path.endswith(name)


def test_gera_example_content(full_catalog) -> None:  # type: ignore[no-untyped-def]
    setup = load_setup(EXAMPLES / "gera.toml", full_catalog)
    assert ServiceArea.ONLINE_DIENSTE in setup.areas
    # a council decision is not a membership: the example records none
    assert setup.bindungen == () and setup.not_member_of == ()


def test_not_member_of(tmp_path, full_catalog) -> None:  # type: ignore[no-untyped-def]
    setup = load_setup(
        _write(tmp_path, 'kommune = "16052000"\nnot_member_of = ["kisa"]\n'), full_catalog
    )
    assert setup.not_member_of == ("kisa",)
    e = _error(tmp_path, full_catalog, 'kommune = "16052000"\nnot_member_of = ["kiza"]\n')
    assert e.line == 2 and "kiza" in str(e)
    both = (
        'kommune = "16052000"\nnot_member_of = ["kisa"]\n[[bindungen]]\nprovider = "kisa"\n'
        'art = "mitgliedschaft"\n'
    )
    e = _error(tmp_path, full_catalog, both)
    assert "not_member_of" in str(e) and e.line == 2


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "setup.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _error(tmp_path: Path, catalog, text: str) -> DataFileError:  # type: ignore[no-untyped-def]
    with pytest.raises(DataFileError) as info:
        load_setup(_write(tmp_path, text), catalog)
    return info.value


def test_full_setup_with_votes(tmp_path, full_catalog) -> None:  # type: ignore[no-untyped-def]
    setup = load_setup(
        _write(
            tmp_path,
            """
kommune = "160520000000"   # ARS is accepted and normalised to the AGS
provider = "kisa"
areas = ["beschaffung"]
votes = 2
share = "1/200"
total_votes = 300
land_votes = 40
[[bindungen]]
provider = "kiv"
art = "gesellschafter"
since = 2021-01-01
share = 0.001
""",
        ),
        full_catalog,
    )
    assert setup.kommune == "16052000" and setup.share == Fraction(1, 200)
    assert (setup.votes, setup.total_votes, setup.land_votes) == (2, 300, 40)
    assert setup.bindungen[0].kommune == "16052000"


def test_syntax_error_names_file_and_line(tmp_path, full_catalog) -> None:  # type: ignore[no-untyped-def]
    e = _error(tmp_path, full_catalog, 'kommune = "16052000"\nprovider = kisa\n')
    assert e.file.endswith("setup.toml") and e.line == 2 and "invalid TOML" in str(e)


def test_unknown_key_names_line_and_allowed_keys(tmp_path, full_catalog) -> None:  # type: ignore[no-untyped-def]
    e = _error(tmp_path, full_catalog, 'kommune = "16052000"\n\nvotez = 3\n')
    assert e.line == 3 and "votez" in str(e) and "did you mean 'votes'" in str(e)
    assert "allowed:" in str(e)


def test_unknown_key_in_a_binding(tmp_path, full_catalog) -> None:  # type: ignore[no-untyped-def]
    e = _error(
        tmp_path,
        full_catalog,
        'kommune = "16052000"\n[[bindungen]]\nprovider = "kisa"\n'
        'art = "mitgliedschaft"\nseit = 2019-01-01\n',
    )
    assert e.line == 5 and "seit" in str(e) and e.key == "$.bindungen[0].seit"


@pytest.mark.parametrize(
    "text,line,key,expected",
    [
        (
            'kommune = "16052000"\nvotes = "zwei"\n',
            2,
            "$.votes",
            "expected a whole number, got the text 'zwei'",
        ),
        (
            'kommune = "16052000"\nareas = ["beschaffung", "kantine"]\n',
            2,
            "$.areas[1]",
            "expected one of 'beschaffung'",
        ),
        ("kommune = 16052000\n", 1, "$.kommune", "expected a string"),
        (
            'kommune = "16052000"\n[[bindungen]]\nprovider = "kisa"\nart = "mitglied"\n',
            4,
            "$.bindungen[0].art",
            "expected one of",
        ),
        ('kommune = "16052000"\nshare = "viel"\n', 2, "$.share", "fraction"),
    ],
)
def test_wrong_types_name_line_key_and_expectation(
    tmp_path, full_catalog, text, line, key, expected
) -> None:  # type: ignore[no-untyped-def]
    e = _error(tmp_path, full_catalog, text)
    assert (e.line, e.key) == (line, key)
    assert expected in str(e) and "setup.toml" in str(e)


def test_missing_kommune(tmp_path, full_catalog) -> None:  # type: ignore[no-untyped-def]
    e = _error(tmp_path, full_catalog, 'provider = "kisa"\n')
    assert e.key == "$.kommune" and "required" in str(e)


def test_unknown_ags_lists_closest_matches(tmp_path, full_catalog) -> None:  # type: ignore[no-untyped-def]
    e = _error(tmp_path, full_catalog, '# Gera\nkommune = "16052001"\n')
    assert e.line == 2 and e.key == "$.kommune"
    assert "unknown Kommune key '16052001'" in str(e) and "16052000 (Gera, Stadt)" in str(e)


def test_malformed_key(tmp_path, full_catalog) -> None:  # type: ignore[no-untyped-def]
    e = _error(tmp_path, full_catalog, 'kommune = "1605"\n')
    assert e.line == 1 and "digits" in str(e)


def test_unknown_provider_with_suggestion(tmp_path, full_catalog) -> None:  # type: ignore[no-untyped-def]
    e = _error(tmp_path, full_catalog, 'kommune = "16052000"\nprovider = "kiza"\n')
    assert e.line == 2 and "unknown provider 'kiza'" in str(e) and "kisa" in str(e)
    e = _error(
        tmp_path,
        full_catalog,
        'kommune = "16052000"\n[[bindungen]]\nprovider = "xyz"\nart = "mitgliedschaft"\n',
    )
    assert e.line == 3 and e.key == "$.bindungen[0].provider"


def test_inconsistent_votes(tmp_path, full_catalog) -> None:  # type: ignore[no-untyped-def]
    e = _error(tmp_path, full_catalog, 'kommune = "16052000"\ntotal_votes = 10\nland_votes = 12\n')
    assert e.line == 3 and "land_votes" in str(e) and "total_votes" in str(e)
