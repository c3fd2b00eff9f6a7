"""The reports in headless Chromium: what a reader sees on screen and on A4 paper.

Each report is served on 127.0.0.1 by the test (no internet). A probe page loads it in an
iframe of a given width and writes measurements (visible text, headings, scroll width, links
without target) as JSON into its own DOM, which ``chromium --dump-dom`` prints; the print
layout comes from ``chromium --print-to-pdf`` and is counted with pypdf.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import subprocess
from pathlib import Path

import pytest

from kommune_core.engine import Engine
from kommune_core.reports.compatibility import render_check, render_compare, render_matrix

from ..conftest import headless_chromium

pytestmark = pytest.mark.browser

A4 = (595.0, 842.0)  # points
PROBE = """<!DOCTYPE html><html><body style="margin:0">
<iframe id="r" src="%(page)s" style="width:%(width)dpx;height:800px;border:0"></iframe>
<script>
document.getElementById("r").addEventListener("load", function () {
  var d = this.contentDocument, root = d.documentElement;
  var missing = [];
  d.querySelectorAll("a[href^='#']").forEach(function (a) {
    var id = decodeURIComponent(a.getAttribute("href").slice(1));
    if (!d.getElementById(id)) missing.push(id);
  });
  var data = {
    text: d.body.innerText,
    headings: Array.from(d.querySelectorAll("h1, h2")).map(function (h) {
      return [h.tagName, h.innerText]; }),
    scrollWidth: root.scrollWidth, clientWidth: root.clientWidth,
    missing: missing,
    cellLinks: d.querySelectorAll("td.verdict a[href^='#']").length,
    cells: d.querySelectorAll("td.verdict").length,
    tables: Array.from(d.querySelectorAll("table")).map(function (t) {
      return Array.from(t.querySelectorAll("thead th")).map(function (c) { return c.innerText; });
    }),
    external: d.querySelectorAll("link[href], script[src], img[src]").length
  };
  var out = document.createElement("pre");
  out.id = "probe";
  out.textContent = JSON.stringify(data);
  document.body.appendChild(out);
});
</script></body></html>"""


def _run(browser: str, profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return headless_chromium(browser, profile, *args, timeout=180)


def _probe(chromium, served, tmp_path, page: str, content: str, width: int = 1200) -> dict:  # type: ignore[no-untyped-def,type-arg]
    browser = chromium
    root, base = served
    (root / page).write_text(content, encoding="utf-8")
    (root / f"probe-{page}").write_text(PROBE % {"page": page, "width": width}, encoding="utf-8")
    proc = _run(
        browser,
        tmp_path / "profile-dom",
        "--virtual-time-budget=10000",
        "--dump-dom",
        f"{base}/probe-{page}",
    )
    match = re.search(r'<pre id="probe">(.*?)</pre>', proc.stdout, re.S)
    assert match, f"probe did not run; chromium said: {proc.stderr[-2000:]}"
    return json.loads(html.unescape(match.group(1)))


def _pages(chromium, served, tmp_path, page: str) -> int:  # type: ignore[no-untyped-def]
    import pypdf

    browser = chromium
    _root, base = served
    pdf = tmp_path / f"{page}.pdf"
    proc = _run(
        browser,
        tmp_path / "profile-pdf",
        "--no-pdf-header-footer",
        f"--print-to-pdf={pdf}",
        f"{base}/{page}",
    )
    assert pdf.is_file(), proc.stderr[-2000:]
    reader = pypdf.PdfReader(str(pdf))
    for p in reader.pages:
        w, h = float(p.mediabox.width), float(p.mediabox.height)
        assert abs(w - A4[0]) < 2 and abs(h - A4[1]) < 2, (w, h)  # A4 portrait
    return len(reader.pages)


def _check(example, ctx, name: str, provider: str) -> str:  # type: ignore[no-untyped-def]
    return render_check(example(name, provider), "html", ctx)


@pytest.mark.parametrize(("name", "provider"), [("gera", "kisa"), ("saale-orla-kreis", "kiv")])
def test_report_reads_right_and_prints_on_three_a4_pages(  # type: ignore[no-untyped-def]
    chromium, served, tmp_path, example, ctx, full_catalog, name, provider
) -> None:
    content = _check(example, ctx, name, provider)
    data = _probe(chromium, served, tmp_path, "report.html", content)
    text = data["text"]
    # Ergebnis first: the first section heading, after the legend and the disclaimer
    h2 = [t for tag, t in data["headings"] if tag == "H2"]
    assert h2[0] == "Ergebnis" and h2[-1] == "Nachweise"
    assert text.index("Legende:") < text.index("Ergebnis\n") < text.index("Befunde\n")
    # no rule id or plugin name before the appendix
    before, _, appendix = text.partition("\nNachweise\n")
    rule_ids = sorted({r.id for _, r in full_catalog.rules})
    assert not [r for r in rule_ids if r in before]
    assert not re.search(r"\bPlugin\b|\b(?:thueringen|sachsen|bund)\b", before)
    assert any(r in appendix for r in rule_ids)
    # German dates, generation date and versions, the Gebietsstand, the disclaimer
    assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", text)
    assert "Erstellt am 29. November 2026, 23:05 Uhr" in text
    assert "Kommune Interop 0.1.0" in text and "Thüringen 0.1.0" in text
    assert "Gebietsstand" in text and "keine Rechtsberatung" in text
    # every verdict named, the approving body with its norm, links resolve, nothing external
    assert "Wer genehmigt" in text and "Thüringer Landesverwaltungsamt" in text
    assert "§ 118 Abs. 2 ThürKO" in text
    assert data["missing"] == [] and data["external"] == 0
    assert _pages(chromium, served, tmp_path, "report.html") <= 3


def test_compare_is_one_table_with_a_column_per_provider(  # type: ignore[no-untyped-def]
    chromium, served, tmp_path, example, ctx
) -> None:
    results = [example("gera", "kisa"), example("gera", "kiv")]
    data = _probe(chromium, served, tmp_path, "compare.html", render_compare(results, "html", ctx))
    with_areas = [t for t in data["tables"] if t and t[0] == "Leistungsbereich"]
    assert with_areas == [["Leistungsbereich", "KISA", "KIV Thüringen"]]
    assert data["cellLinks"] == data["cells"] == 2 * len(results[0].areas)
    assert data["missing"] == []


def test_matrix_fits_1280_and_every_cell_links_to_its_reasons(  # type: ignore[no-untyped-def]
    chromium, served, tmp_path, full_catalog, ctx
) -> None:
    kommunen = sorted(
        (k for k in full_catalog.kommunen_of("16") if k.kind.value != "gemeinde"),
        key=lambda k: k.key,
    )
    engine = Engine(full_catalog)
    provider = full_catalog.provider("kisa")
    results = [engine.check(k, provider, on=dt.date(2026, 11, 29)) for k in kommunen]
    content = render_matrix(results, "html", "Matrix Thüringen (Kreisebene)", ctx)
    data = _probe(chromium, served, tmp_path, "matrix.html", content, width=1280)
    assert data["clientWidth"] > 1200  # the iframe really is 1280 px wide
    assert data["scrollWidth"] <= data["clientWidth"], "horizontal scrollbar"
    assert data["cells"] == len(results) * len(results[0].areas) == data["cellLinks"]
    assert data["missing"] == []
