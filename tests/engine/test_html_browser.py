"""The HTML report rendered in headless Chromium: the visible text, colours, law links.

The report is served on 127.0.0.1 by the test itself (no internet). A probe page loads it in
an iframe and copies ``innerText`` (what a reader sees, CSS applied) into its own DOM, which
``chromium --dump-dom`` prints.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path

import pytest

from kommune_core.engine import Engine
from kommune_core.loading.setupfile import load_setup
from kommune_core.reports.compatibility import render_check

from ..conftest import headless_chromium

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
PROBE = """<!DOCTYPE html><html><body>
<iframe id="r" src="report.html" style="width:1200px;height:800px"></iframe>
<script>
document.getElementById("r").addEventListener("load", function () {
  var d = this.contentDocument;
  var out = document.createElement("pre");
  out.id = "visible";
  out.textContent = d.body.innerText;
  var cell = d.querySelector("td.verdict.unknown");
  out.setAttribute("data-unknown-bg", cell ? getComputedStyle(cell).backgroundColor : "none");
  out.setAttribute("data-links", String(d.querySelectorAll("a[href^='https://']").length));
  out.setAttribute("data-external", String(d.querySelectorAll(
      "link[href], script[src], img[src]").length));
  document.body.appendChild(out);
});
</script></body></html>"""


@pytest.mark.browser
def test_html_report_visible_text_in_chromium(chromium, served, full_catalog, tmp_path) -> None:  # type: ignore[no-untyped-def]
    browser = chromium
    root, base = served
    setup = load_setup(EXAMPLES / "saale-orla-kreis.toml", full_catalog)
    result = Engine(full_catalog).check(
        full_catalog.kommune(setup.kommune),
        full_catalog.provider("kisa"),
        on=dt.date(2026, 1, 1),
        setup=setup,  # every area: KISA's offer names no Schulung, so that area stays open
    )
    (root / "report.html").write_text(render_check(result, "html"), encoding="utf-8")
    (root / "probe.html").write_text(PROBE, encoding="utf-8")
    proc = headless_chromium(
        browser,
        tmp_path / "profile",
        "--virtual-time-budget=10000",
        "--dump-dom",
        f"{base}/probe.html",
        timeout=120,
    )
    match = re.search(r'<pre id="visible"([^>]*)>(.*?)</pre>', proc.stdout, re.S)
    assert match, f"probe did not run; chromium said: {proc.stderr[-2000:]}"
    attrs_, text = match.group(1), html.unescape(match.group(2))
    # the verdict table, in German, with every asked area
    assert "Kompatibilitätsbericht" in text and "Saale-Orla-Kreis" in text
    for label in (
        "Beschaffung (Rahmenverträge, Warenkorb)",
        "Online-Verwaltungsleistungen (OZG)",
        "nicht möglich",
        "offen",
        "möglich unter Bedingungen",
    ):
        assert label in text, label
    # every finding with its rule, reason and norms
    assert "th.portal.online_dienste" in text and "§ 5 ThürEGovG" in text
    assert "sn.zweckverband.austritt" in text and "3/5 (60 %)" in text and "2/3 (66,7 %)" in text
    assert "Es fehlt:" in text
    # colours applied, links to the law present, nothing loaded from elsewhere
    assert 'data-unknown-bg="rgb(233, 221, 247)"' in attrs_
    assert int(re.search(r'data-links="(\d+)"', attrs_).group(1)) >= 5
    assert 'data-external="0"' in attrs_
