"""``--format pdf``: the HTML report laid out by WeasyPrint; the text read back from the PDF."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from kommune_core.cli import main

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
PLUGINS = ("--plugins", "bund,thueringen,sachsen")

pypdf = pytest.importorskip("pypdf")


def _weasyprint() -> None:
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as exc:
        pytest.skip(f"WeasyPrint or its system libraries are missing: {exc}")


def _text(path) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    reader = pypdf.PdfReader(io.BytesIO(path.read_bytes()))
    text = "\n".join(p.extract_text() for p in reader.pages)
    return len(reader.pages), re.sub(r"\s+", " ", text)


def _run(*args: str) -> int:
    result = CliRunner().invoke(main, [*PLUGINS, *args])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code


@pytest.mark.parametrize(("setup", "provider"), [("gera", "kisa"), ("saale-orla-kreis", "kiv")])
def test_check_pdf_has_ergebnis_and_every_verdict(tmp_path, example, setup, provider) -> None:  # type: ignore[no-untyped-def]
    _weasyprint()
    out = tmp_path / "r.pdf"
    code = _run(
        "check",
        str(EXAMPLES / f"{setup}.toml"),
        "--provider",
        provider,
        "--format",
        "pdf",
        "-o",
        str(out),
    )
    assert code in (0, 1)
    assert out.read_bytes()[:5] == b"%PDF-"
    pages, text = _text(out)
    assert pages <= 3
    assert "Ergebnis" in text and "Wer genehmigt" in text and "Schritte" in text
    result = example(setup, provider)
    if any(a.verdict.value in ("cannot_serve", "unknown") for a in result.areas):
        assert "Was müsste sich ändern" in text
    for a in result.areas:
        # the verdict table row: area label followed by its verdict
        label = re.escape(re.sub(r"\s+", " ", a.area.label))
        assert re.search(label + r"\s+" + re.escape(a.verdict.label), text), a.area
    assert "Seite 1 von" in text  # page numbers from the print CSS


def test_compare_and_matrix_pdf(tmp_path) -> None:  # type: ignore[no-untyped-def]
    _weasyprint()
    out = tmp_path / "c.pdf"
    assert _run(
        "compare", "16052000", "--providers", "kisa,kiv", "--format", "pdf", "-o", str(out)
    ) in (0, 1)
    _, text = _text(out)
    assert "KISA" in text and "KIV Thüringen" in text and "Leistungsbereich" in text
    out = tmp_path / "m.pdf"
    assert _run(
        "matrix", "--land", "16", "--provider", "kisa", "--format", "pdf", "-o", str(out)
    ) in (0, 1)
    reader = pypdf.PdfReader(str(out))
    box = reader.pages[0].mediabox
    assert float(box.width) > float(box.height)  # A4 landscape
    assert "Saale-Orla-Kreis" in reader.pages[0].extract_text()


def test_pdf_needs_an_output_file(capsys) -> None:  # type: ignore[no-untyped-def]
    code = _run("check", "--kommune", "16052000", "--provider", "kisa", "--format", "pdf")
    assert code == 2
