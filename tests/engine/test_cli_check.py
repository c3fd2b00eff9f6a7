"""``kommune check``, ``compare``, ``matrix``: exit codes, formats, the JSON shape."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kommune_core.cli import main

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
PLUGINS = ["--plugins", "bund,thueringen,sachsen"]
VERDICTS = {"serves", "serves_with_conditions", "unknown", "cannot_serve"}


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, [*PLUGINS, *args])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def check_json(kommune: str, provider: str, *options: str) -> tuple[int, str, str]:
    """``kommune check --kommune KOMMUNE --provider PROVIDER OPTIONS --format json``."""
    return run("check", "--kommune", kommune, "--provider", provider, *options, "--format", "json")


def test_check_gera_text(tmp_path) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run("check", str(EXAMPLES / "gera.toml"), "--on", "2026-01-01")
    assert code == 0  # every asked area is possible under conditions
    assert "Gera, Stadt" in out and "th.portal.online_dienste" in out
    assert "§ 5 ThürEGovG" in out and "https://www.gesetze-im-internet.de/ozg/__1a.html" in out
    assert "Bindung an den Anbieter" in out and "30. September 2021" in out


def test_check_json_shape() -> None:
    code, out, _ = check_json("16052000", "kisa", "--on", "2026-01-01")
    data = json.loads(out)
    assert code == 1
    assert set(data) >= {"kommune", "provider", "on", "verdicts", "findings"}
    assert data["kommune"] == {
        "ags": "16052000",
        "key": "16052000",
        "name": "Gera, Stadt",
        "land": "16",
        "land_name": "Thüringen",
        "kind": "kreisfreie_stadt",
    }
    assert data["provider"]["id"] == "kisa" and data["provider"]["name"].startswith("Zweckverband")
    assert data["on"] == "2026-01-01"
    assert len(data["verdicts"]) == 7 and set(data["verdicts"].values()) <= VERDICTS
    assert data["verdicts"]["online_dienste"] == "serves_with_conditions"
    assert data["verdicts"]["schulung"] == "unknown"
    fact_ids = {f["id"] for f in data["facts"]}
    for f in data["findings"] + data["bindung"]:
        assert {"area", "verdict", "role", "rule", "plugin", "reason", "norms", "facts"} <= set(f)
        assert f["verdict"] in VERDICTS and f["plugin"] and set(f["facts"]) <= fact_ids
        for n in f["norms"]:
            assert {"law", "section", "url", "valid_from", "valid_until", "versions"} <= set(n)
    assert all(f["area"] in data["verdicts"] for f in data["findings"])
    assert all(f["area"] is None for f in data["bindung"])
    for fact in data["facts"]:
        assert set(fact) == {"id", "fact", "value", "since", "until", "confidence", "sources"}
    [member] = [f for f in data["facts"] if f["id"] == "mitgliedschaft.kisa.16052000"]
    assert member["value"] is None and "2021-09-30" in member["fact"]
    # Gera's membership is not recorded: one open question (joining), which names the
    # Umlage and the exit quorum; no separate "offen" for what only a member would face
    joining = [f for f in data["bindung"] if f["rule"] == "sn.zweckverband.beitritt"]
    assert joining and joining[0]["role"] == "open_question"
    assert joining[0]["facts"] == ["mitgliedschaft.kisa.16052000"]
    rules = {f["rule"] for f in data["bindung"]}
    assert not rules & {"sn.zweckverband.austritt", "sn.zweckverband.umlage"}
    [schulung] = [a for a in data["areas"] if a["area"] == "schulung"]
    assert {c["verdict"] for c in schulung["changes"]} == {"serves_with_conditions", "cannot_serve"}


def test_landkreis_has_no_ags_in_json() -> None:
    _, out, _ = check_json("16075", "kiv", "--on", "2026-01-01")
    k = json.loads(out)["kommune"]
    assert k["ags"] is None and k["key"] == "16075" and k["kind"] == "landkreis"


def test_exit_code_zero_when_every_asked_area_is_served() -> None:
    code, out, _ = check_json(
        "16075", "kiv", "--area", "projektmanagement", "--area", "schulung", "--on", "2026-01-01"
    )
    data = json.loads(out)
    assert set(data["verdicts"]) == {"projektmanagement", "schulung"}
    assert set(data["verdicts"].values()) <= {"serves", "serves_with_conditions"}
    assert code == 0


def test_on_date_before_and_after_a_norm(tmp_path) -> None:  # type: ignore[no-untyped-def]
    def rules(on: str) -> list[dict]:  # type: ignore[type-arg]
        _, out, _ = check_json("14713000", "kiv", "--area", "online_dienste", "--on", on)
        return json.loads(out)["findings"]  # type: ignore[no-any-return]

    # § 15a SächsEGovG: inserted by the act published 2019-06-21
    assert not [f for f in rules("2019-06-20") if f["rule"] == "sn.portal.amt24"]
    after = [f for f in rules("2019-06-21") if f["rule"] == "sn.portal.amt24"]
    assert after[0]["role"] == "decision"


def test_on_date_before_every_rule_gives_explicit_unknown() -> None:
    code, out, _ = check_json("16052000", "kiv", "--area", "schulung", "--on", "1990-01-01")
    data = json.loads(out)
    assert code == 1 and data["verdicts"] == {"schulung": "unknown"}
    assert data["findings"][0]["rule"] == "engine.keine_regel"


@pytest.mark.parametrize(
    "fmt,marker",
    [("md", "| Leistungsbereich | Ergebnis |"), ("html", "<!DOCTYPE html>"), ("text", "Befunde")],
)
def test_formats_to_file(tmp_path, fmt, marker) -> None:  # type: ignore[no-untyped-def]
    out_file = tmp_path / "sub" / f"report.{fmt}"
    code, out, err = run(
        "check",
        str(EXAMPLES / "saale-orla-kreis.toml"),
        "--provider",
        "kiv",
        "--format",
        fmt,
        "-o",
        str(out_file),
    )
    text = out_file.read_text(encoding="utf-8")
    assert marker in text and "Saale-Orla-Kreis" in text and out == ""
    assert "Bericht geschrieben" in err
    # Writing to a file does not change the exit code: it says what the verdicts say.
    _, as_json, _ = run(
        "check", str(EXAMPLES / "saale-orla-kreis.toml"), "--provider", "kiv", "--format", "json"
    )
    served = {"serves", "serves_with_conditions"}
    verdicts = json.loads(as_json)["verdicts"].values()
    assert code == (0 if set(verdicts) <= served else 1)


@pytest.mark.parametrize(
    "args,message",
    [
        (["check"], "SETUP_FILE or --kommune"),
        (["check", "--kommune", "16052000"], "no provider"),
        (["check", "--kommune", "16052001", "--provider", "kisa"], "16052000 (Gera, Stadt)"),
        (["check", "--kommune", "16052000", "--provider", "kiza"], "kisa"),
        (
            ["check", "--kommune", "16052000", "--provider", "kisa", "--on", "2021-02-31"],
            "YYYY-MM-DD",
        ),
        (["compare", "16052000", "--providers", "kisa"], "at least two"),
        (["matrix", "--land", "15", "--provider", "kisa"], "unknown Land"),
    ],
)
def test_usage_errors_exit_2(args, message) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run(*args)
    assert code == 2 and message in out + err


def test_broken_setup_file_exit_2(tmp_path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.toml"
    bad.write_text('kommune = "16052000"\nprovider = "kisa"\nvotez = 1\n', encoding="utf-8")
    code, _, err = run("check", str(bad))
    assert code == 2 and "bad.toml:3" in err and "votez" in err


def test_compare_side_by_side() -> None:
    code, out, _ = run(
        "compare", "16052000", "--providers", "kisa,kiv", "--on", "2026-01-01", "--format", "json"
    )
    data = json.loads(out)
    assert [d["provider"]["id"] for d in data] == ["kisa", "kiv"] and code == 1
    assert data[0]["verdicts"]["online_dienste"] == "serves_with_conditions"
    assert data[1]["verdicts"]["online_dienste"] == "serves_with_conditions"
    assert data[0]["verdicts"]["schulung"] == "unknown"
    code, out, _ = run("compare", "16052000", "--providers", "kisa,kiv", "--on", "2026-01-01")
    assert "KISA (kisa)" in out and "KIV Thüringen (kiv)" in out and "Bindung" in out
    code, out, _ = run(
        "compare", "16051000", "--providers", "kisa,kiv", "--on", "2026-01-01", "--format", "md"
    )
    assert "| Bindung | nicht erfasst" in out and "Gesellschafterin seit 2021" in out


def test_matrix_kreis_level_covers_every_kreis() -> None:
    code, out, _ = run(
        "matrix", "--land", "16", "--provider", "kisa", "--format", "json", "--on", "2026-01-01"
    )
    data = json.loads(out)
    assert len(data) == 22  # 17 Landkreise + 5 kreisfreie Städte
    assert {d["kommune"]["key"] for d in data} >= {"16052000", "16075", "16077"}
    assert all(len(d["verdicts"]) == 7 for d in data) and code == 1


def test_matrix_gemeinde_level_text_and_html(tmp_path) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(
        "matrix",
        "--land",
        "14",
        "--provider",
        "kiv",
        "--level",
        "gemeinde",
        "--format",
        "md",
        "--on",
        "2026-01-01",
    )
    # § 15a SächsEGovG: KIV's services are not connected to Amt24 — a condition, not a ban
    assert code == 0
    rows = [ln for ln in out.splitlines() if ln.startswith("| 14")]
    assert len(rows) == 418 and "Legende" in out
    assert all("| Bed. |" in ln and "offen" not in ln for ln in rows)
    html = tmp_path / "m.html"
    run("matrix", "--land", "16", "--provider", "kiv", "--format", "html", "-o", str(html))
    assert html.read_text(encoding="utf-8").count("<tr>") == 23


def test_unknown_format_lists_the_available_ones() -> None:
    code, out, err = run("check", "--kommune", "16052000", "--provider", "kisa", "--format", "docx")
    assert code == 2 and "available: text, md, json, html, pdf" in out + err


def test_plugin_report_format(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import types

    from kommune_core import hookimpl
    from kommune_core.catalog import Catalog
    from kommune_core.domain import ReportFormat
    from kommune_core.plugins import PluginHost

    def csv(result):  # type: ignore[no-untyped-def]
        return "".join(f"{a.area.value};{a.verdict.value}\n" for a in result.areas)

    module = types.ModuleType("kommune_test_csv")
    module.kommune_report_formats = hookimpl(  # type: ignore[attr-defined]
        lambda: [ReportFormat(id="csv", kind="compatibility", title="CSV", render=csv)]
    )
    host = PluginHost()
    host.load_entry_points(["bund", "thueringen", "sachsen"])
    host.register(module, "csv")
    from kommune_core.cli import app

    monkeypatch.setattr(app.Env, "catalog", property(lambda self: Catalog(host).load_all()))
    result = CliRunner().invoke(
        main,
        [
            "check",
            "--kommune",
            "16052000",
            "--provider",
            "kisa",
            "--area",
            "schulung",
            "--format",
            "csv",
            "--on",
            "2026-01-01",
        ],
    )
    assert result.exit_code == 1 and result.stdout == "schulung;unknown\n"


@pytest.mark.parametrize(
    "command,codes",
    [
        # Erfurt (KIV shareholder, every area served) and Jena (KISA: Schulung open)
        (["compare", "16051000", "--providers", "kiv,kisa", "--area", "schulung"], 1),
        (["compare", "16051000", "--providers", "kiv,kisa", "--area", "beschaffung"], 0),
    ],
)
def test_compare_exit_code_when_results_mix(command, codes) -> None:  # type: ignore[no-untyped-def]
    code, _, _ = run(*command, "--on", "2026-01-01", "--format", "json")
    assert code == codes


def test_matrix_exit_code_when_results_mix(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # a matrix whose checks mix exit codes 0 and 1 exits 1; all 0 exits 0
    from kommune_core.cli import check as check_cli
    from kommune_core.engine import CheckResult

    real = CheckResult.exit_code
    codes = iter([0, 1] + [0] * 100)
    monkeypatch.setattr(CheckResult, "exit_code", property(lambda self: next(codes)))
    code, _, _ = run("matrix", "--land", "16", "--provider", "kiv", "--format", "json")
    assert code == 1
    monkeypatch.setattr(CheckResult, "exit_code", real)
    code_kiv, out, _ = run(
        "matrix", "--land", "16", "--provider", "kiv", "--format", "json", "--on", "2026-01-01"
    )
    assert code_kiv == 0 and len(json.loads(out)) == 22
    with pytest.raises(SystemExit) as info:
        check_cli._exit([_Code(0), _Code(1), _Code(0)])
    assert info.value.code == 1
    check_cli._exit([_Code(0), _Code(0)])  # no exit: every check served


class _Code:
    def __init__(self, code: int) -> None:
        self.exit_code = code


def test_on_outside_the_data_range_warns() -> None:
    _, _, err = check_json("16075", "kisa", "--on", "2030-01-01")
    assert "2026-11-29" in err and "Warnung" in err
    _, _, err = check_json("16075", "kisa", "--on", "2010-01-01")
    assert "2019-04-15" in err
    _, _, err = check_json("16075", "kisa", "--on", "2026-01-01")
    assert "Warnung" not in err


def test_matrix_text_headers_are_german_labels() -> None:
    _, out, _ = run("matrix", "--land", "16", "--provider", "kisa", "--on", "2026-01-01")
    assert "Beschaffung" in out and "Online-Dienste (OZG)" in out
    assert "online_dienste" not in out and "projektmanagement" not in out
