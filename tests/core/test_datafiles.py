"""Data and setup files: errors name the file, the line and the key, and what was expected."""

from __future__ import annotations

from pathlib import Path

import pytest

from kommune_core.loading import DataFileError, ProvidersFile, load_data, load_land, load_providers
from kommune_core.serialization import structure, unstructure

GOOD = """[[providers]]
id = "kiv"
name = "KIV"
rechtsform = "gmbh"
seat = "Erfurt"
seat_land = "16"
"""


def _write(tmp_path: Path, text: str, name: str = "providers.toml") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_good_file(tmp_path: Path) -> None:
    [p] = load_providers(_write(tmp_path, GOOD))
    assert p.id == "kiv"


def test_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    path = _write(tmp_path, GOOD + "founded = 2020-05-\n")
    with pytest.raises(DataFileError) as exc:
        load_providers(path)
    assert exc.value.line == 7
    assert str(exc.value).startswith(f"{path}:7:")
    assert "invalid TOML" in str(exc.value)


def test_unknown_key_is_an_error_with_line(tmp_path: Path) -> None:
    path = _write(tmp_path, GOOD + 'sitz = "Erfurt"\n')
    with pytest.raises(DataFileError) as exc:
        load_providers(path)
    assert "unknown key(s): sitz; allowed: id, name" in str(exc.value)
    assert exc.value.file == str(path)


def test_wrong_type_names_key_and_line(tmp_path: Path) -> None:
    path = _write(tmp_path, GOOD.replace('seat_land = "16"', "seat_land = 16"))
    with pytest.raises(DataFileError) as exc:
        load_providers(path)
    assert exc.value.key == "$.providers[0].seat_land"
    assert exc.value.line == 6
    assert "expected a string" in str(exc.value)


def test_impossible_date_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, GOOD + 'founded = "2021-02-31"\n')
    with pytest.raises(DataFileError) as exc:
        load_providers(path)
    assert exc.value.line == 7 and "2021-02-31" in str(exc.value)


def test_malformed_key_in_a_member_binding(tmp_path: Path) -> None:
    text = (
        GOOD
        + '\n[[providers.members]]\nkommune = "1605200"\nprovider = "kiv"\nart = "gesellschafter"\n'
    )
    with pytest.raises(DataFileError) as exc:
        load_providers(_write(tmp_path, text))
    assert "exactly 8 digits" in str(exc.value)
    assert exc.value.line == 9


def test_not_utf8_is_named(tmp_path: Path) -> None:
    p = tmp_path / "providers.toml"
    p.write_bytes(GOOD.encode() + 'note = "Th\xfcringen"\n'.encode("latin-1"))
    with pytest.raises(DataFileError, match="not UTF-8") as exc:
        load_providers(p)
    assert exc.value.line == 7


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match="cannot read"):
        load_data(tmp_path / "nope.toml", ProvidersFile)


def test_round_trip_of_the_real_providers(catalog) -> None:
    for provider in catalog.providers.values():
        data = unstructure(provider)
        assert structure(data, type(provider)) == provider
    kisa = unstructure(catalog.provider("kisa"))
    assert {c["value"] for c in kisa["satzung"]["exit_quorum"]} == {"3/5", "2/3"}


def test_plugin_land_files_load(catalog) -> None:
    from importlib.resources import files

    lf = load_land(files("kommune_sachsen") / "data" / "land.toml")
    assert lf.land.key == "14" and lf.antragsportale[0].id == "amt24"
