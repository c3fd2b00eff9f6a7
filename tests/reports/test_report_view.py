"""The report's view model and HTML: Ergebnis, open questions, what would have to change, who
approves, steps, costs, appendix — on today's engine and on the decision model's fields
(``Finding.role``, ``AreaResult.changes``/``open_questions``, ``CheckResult.bindung``), the
latter through stand-ins where the real classes do not have them yet."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import attrs
import pytest

from kommune_core.domain import Finding, ServiceArea, Verdict
from kommune_core.engine import CheckResult, Engine
from kommune_core.reports.compatibility import render_check, render_compare, render_matrix
from kommune_core.reports.compatibility.german import clean_text, de_date, de_list, de_money
from kommune_core.reports.compatibility.model import report_view

from ..conftest import data_file_error

ISO = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def _visible(html: str) -> str:
    """The text a reader sees: tags, URLs in attributes and the style block removed."""
    html = re.sub(r"<style>.*?</style>", "", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


# -- German helpers --------------------------------------------------------------------------
def test_german_dates_money_lists() -> None:
    assert de_date(dt.date(2026, 11, 29)) == "29. November 2026"
    assert de_date(dt.date(2019, 3, 1)) == "1. März 2019"
    assert de_money(8527) == "85,27 €" and de_money(300000000) == "3.000.000,00 €"
    assert de_list(["A"]) == "A" and de_list(["A", "B"]) == "A und B"
    assert de_list(["A", "B", "C"]) == "A, B und C"


def test_clean_text_dates_setup_keys_rule_ids() -> None:
    text = (
        "Beschluss am 2021-09-30; es fehlt: Stimmenzahl (total_votes); im Setup als share "
        "eintragen (siehe Regel th.zweckverband.fremdes_land)."
    )
    out = clean_text(text, ["th.zweckverband.fremdes_land"])
    assert "30. September 2021" in out and not ISO.search(out)
    assert "total_votes" not in out and "share" not in out and "Anteil der Kommune" in out
    assert "th.zweckverband" not in out and "den Befund dazu" in out
    # URLs and fractions are left alone
    assert clean_text("https://x.de/2021-09-30.html") == "https://x.de/2021-09-30.html"


# -- today's engine: every area that is not simply possible says what would change ------------
def test_every_cannot_or_unknown_area_has_a_change_entry(full_catalog, ctx) -> None:  # type: ignore[no-untyped-def]
    engine = Engine(full_catalog)
    seen = {Verdict.CANNOT_SERVE: 0, Verdict.UNKNOWN: 0}
    for land in ("14", "16"):
        for k in list(full_catalog.kommunen_of(land))[:40]:
            for pid in ("kisa", "kiv"):
                r = engine.check(k, full_catalog.provider(pid), on=dt.date(2026, 1, 1))
                v = report_view(r, ctx)
                ap = v.approvals
                for a in v.areas:
                    if a.verdict in seen:
                        seen[a.verdict] += 1
                        assert a.changes, (k.key, pid, a.area)
                        assert all(c.text.strip() for c in a.changes)
                    else:
                        assert not a.changes
                # every report that lists steps names the approving bodies with their norms
                assert ap.steps and ap.authorities, (k.key, pid)
                assert all(x.norms and x.body for x in ap.authorities)
                assert any(s.norms for s in ap.steps)
    assert sum(seen.values()), seen  # such areas occurred, so the assertion above ran


def test_gera_kisa_report_content(example, ctx) -> None:  # type: ignore[no-untyped-def]
    r = example("gera", "kisa")
    v = report_view(r, ctx)
    ap = v.approvals
    # Ergebnis: one sentence per verdict group, naming every area once
    assert len(v.summary) == len({a.verdict for a in r.areas})
    joined = " ".join(v.summary)
    assert all(f"„{a.area.label}“" in joined for a in r.areas)
    # who approves: Thüringen's Landesverwaltungsamt for a kreisfreie Stadt, the LDS for KISA
    bodies = [a.body for a in ap.authorities]
    assert "Thüringer Landesverwaltungsamt" in bodies and "Landesdirektion Sachsen" in bodies
    assert all(a.norms for a in ap.authorities)
    # steps in order, with the Verbandsversammlung, the approval and the publication
    text = " ".join(s.step for s in ap.steps)
    assert text.index("Beschluss über den Beitritt") < text.index("Verbandsversammlung")
    assert text.index("Genehmigung") < text.index("Bekanntmachung")
    assert [s.number for s in ap.steps] == list(range(1, len(ap.steps) + 1))
    # real cases: the 5th Satzung change took 119 days from decision to approval
    assert any("119 Tage" in c.durations for c in ap.cases)
    # costs: the Umlage basis is stated, no amount guessed
    assert ap.costs and ap.costs[0].amount == "kein Betrag belegt" and "§ 60" in ap.costs[0].basis


def test_kiv_costs_and_steps_for_a_landkreis(example, ctx) -> None:  # type: ignore[no-untyped-def]
    v = report_view(example("saale-orla-kreis", "kiv"), ctx)
    ap = v.approvals
    assert [c.amount for c in ap.costs] == ["85,27 €"]  # once, though both sides are Thüringen
    assert any("§ 72 Abs. 1 ThürKO" in s.norms and "sechs Wochen" in s.deadline for s in ap.steps)
    assert next(a.body for a in ap.authorities) == "Thüringer Landesverwaltungsamt"


def test_kreisangehoerige_gemeinde_gets_the_landratsamt(full_catalog, ctx) -> None:  # type: ignore[no-untyped-def]
    gemeinde = next(k for k in full_catalog.kommunen_of("14") if k.kind.value == "gemeinde")
    r = Engine(full_catalog).check(gemeinde, full_catalog.provider("kisa"), on=dt.date(2026, 1, 1))
    bodies = [a.body for a in report_view(r, ctx).approvals.authorities]
    assert bodies[0] == "Landratsamt" and "Landesdirektion Sachsen" in bodies


def test_check_html_reading_order_and_appendix(example, ctx, full_catalog) -> None:  # type: ignore[no-untyped-def]
    r = example("gera", "kisa")
    html = render_check(r, "html", ctx)
    text = _visible(html)
    headings = re.findall(r"<h2>([^<]+)</h2>", html)
    order = [
        "Ergebnis",
        "Was müsste sich ändern",
        "Wer genehmigt und beaufsichtigt",
        "Schritte",
        "Kosten",
        "Bindung an den Anbieter",
        "Befunde",
        "Nachweise",
    ]
    assert headings == [h for h in order if h in headings]
    required = {"Ergebnis", "Wer genehmigt und beaufsichtigt", "Schritte", "Kosten", "Befunde"}
    assert required <= set(headings) and headings[-1] == "Nachweise"
    open_areas = [a for a in r.areas if a.verdict in (Verdict.CANNOT_SERVE, Verdict.UNKNOWN)]
    assert ("Was müsste sich ändern" in headings) == bool(open_areas)
    assert html.index("Legende:") < html.index("<h2>Ergebnis</h2>")
    before, _, after = text.partition("Nachweise")
    rule_ids = {rid for _, r in full_catalog.rules for rid in [r.id]}
    assert not [rid for rid in rule_ids if rid in before]
    assert "Plugin" not in before and "total_votes" not in before
    assert "sn.zweckverband.beitritt" in after and "total_votes" in after
    assert not ISO.search(text)
    assert "Erstellt am 29. November 2026, 23:05 Uhr" in text and "Kommune Interop 0.1.0" in text
    assert "keine Rechtsberatung" in text and "Gebietsstand" in text
    # every in-page link resolves
    ids = set(re.findall(r'id="([^"]+)"', html))
    assert {h for h in re.findall(r'href="#([^"]+)"', html)} <= ids


def test_compare_html_is_one_table(example, ctx) -> None:  # type: ignore[no-untyped-def]
    results = [example("gera", "kisa"), example("gera", "kiv")]
    html = render_compare(results, "html", ctx)
    tables = re.findall(r"<table[^>]*>.*?</table>", html, flags=re.S)
    with_areas = [t for t in tables if "Leistungsbereich" in t]
    assert len(with_areas) == 1
    head = re.findall(r"<th>([^<]+)</th>", with_areas[0].split("</thead>")[0])
    assert head == ["Leistungsbereich", "KISA", "KIV Thüringen"]
    ids = set(re.findall(r'id="([^"]+)"', html))
    assert {h for h in re.findall(r'href="#([^"]+)"', html)} <= ids
    md = render_compare(results, "md", ctx)
    assert md.count("| Leistungsbereich |") == 1 and "## Nachweise" in md


def test_matrix_html_links_every_cell(full_catalog, ctx) -> None:  # type: ignore[no-untyped-def]
    engine = Engine(full_catalog)
    kommunen = sorted(
        (k for k in full_catalog.kommunen_of("16") if k.kind.value != "gemeinde"),
        key=lambda k: k.key,
    )
    results = [
        engine.check(k, full_catalog.provider("kisa"), on=dt.date(2026, 1, 1)) for k in kommunen
    ]
    html = render_matrix(results, "html", "Matrix", ctx)
    cells = re.findall(r'<td class="verdict [a-z]+"><a href="#([^"]+)">', html)
    assert len(cells) == sum(len(r.areas) for r in results)
    ids = set(re.findall(r'id="([^"]+)"', html))
    assert set(cells) <= ids


# -- the decision model's fields, through stand-ins ------------------------------------------
@attrs.frozen
class _Change:
    fact: str
    text: str
    verdict: Verdict


@attrs.frozen
class _Role:
    value: str


@attrs.frozen
class _Finding:
    """A finding with a role (the decision model's), delegating everything else."""

    inner: Finding
    role: Any

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


@attrs.frozen
class _Area:
    area: ServiceArea
    verdict: Verdict
    findings: tuple[Any, ...]
    changes: tuple[_Change, ...] = ()
    open_questions: tuple[Any, ...] = ()


@attrs.frozen
class _Fact:
    id: str
    fact: str
    value: str | None
    since: dt.date | None = None
    until: dt.date | None = None
    confidence: Any = None
    sources: tuple[Any, ...] = ()


@attrs.frozen
class _Result:
    base: CheckResult
    areas: tuple[_Area, ...]
    bindung: tuple[Any, ...] = ()
    facts: tuple[_Fact, ...] = ()
    warnings: tuple[str, ...] = ()

    @property
    def membership(self) -> _Fact | None:
        return next((f for f in self.facts if f.id.startswith("mitgliedschaft.")), None)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.base, name)

    @property
    def findings(self) -> tuple[Any, ...]:
        return tuple(f for a in self.areas for f in a.findings)


@pytest.fixture
def decided(example):  # type: ignore[no-untyped-def]
    """Gera × KISA as the decision model would give it: roles, changes, open questions,
    a Bindung section."""
    base: CheckResult = example("gera", "kisa")
    question = _Finding(
        Finding(
            ServiceArea.BESCHAFFUNG,
            Verdict.UNKNOWN,
            "Ob das Quorum erreichbar ist, hängt von der Stimmenzahl ab.",
            rule="test.frage",
            missing=("satzungsmäßige Stimmenzahl der Verbandsversammlung",),
        ),
        _Role("open_question"),
    )
    areas = []
    for a in base.areas:
        fs = tuple(
            _Finding(
                f,
                _Role(
                    "decision"
                    if f.verdict in (Verdict.CANNOT_SERVE, Verdict.SERVES)
                    else "condition"
                ),
            )
            for f in a.findings
            if f.verdict is not Verdict.UNKNOWN
        )
        if a.area is ServiceArea.ONLINE_DIENSTE:
            portal = _Finding(
                Finding(
                    a.area,
                    Verdict.CANNOT_SERVE,
                    "Die Dienste von KISA sind an das Thüringer Landesportal nicht angebunden.",
                    rule="test.portal",
                ),
                _Role("decision"),
            )
            areas.append(
                _Area(
                    a.area,
                    Verdict.CANNOT_SERVE,
                    (portal, *fs),
                    changes=(
                        _Change(
                            "portal_connection",
                            "KISA bindet seine Dienste an das Thüringer Landesportal an.",
                            Verdict.SERVES_WITH_CONDITIONS,
                        ),
                    ),
                )
            )
        elif a.area is ServiceArea.BESCHAFFUNG:
            areas.append(
                _Area(a.area, Verdict.UNKNOWN, (*fs, question), open_questions=(question,))
            )
        else:
            areas.append(_Area(a.area, Verdict.SERVES_WITH_CONDITIONS, fs))
    bindung = (
        _Finding(
            Finding(
                ServiceArea.BESCHAFFUNG,
                Verdict.SERVES_WITH_CONDITIONS,
                "Austritt nur mit dem Quorum der Satzung (§ 62 Abs. 2 SächsKomZG).",
                rule="test.austritt",
            ),
            _Role("risk"),
        ),
    )
    facts = (
        _Fact(
            "mitgliedschaft.kisa.16052000",
            "Mitgliedschaft in KISA (Beitritt beschlossen am 2021-09-30)",
            None,
        ),
        _Fact("umlage.kisa", "Umlageschlüssel KISA", "Umsatzerlöse", dt.date(2021, 1, 21)),
    )
    warnings = ("Recht vor 2019-04-15 nicht erfasst.",)
    return _Result(base, tuple(areas), bindung, facts, warnings)


def test_engine_changes_open_questions_roles_and_bindung(decided, ctx) -> None:  # type: ignore[no-untyped-def]
    v = report_view(decided, ctx)  # type: ignore[arg-type]
    online = next(a for a in v.areas if a.area is ServiceArea.ONLINE_DIENSTE)
    assert [c.text for c in online.changes] == [
        "KISA bindet seine Dienste an das Thüringer Landesportal an."
    ]
    assert online.changes[0].verdict is Verdict.SERVES_WITH_CONDITIONS
    assert not online.changes[0].derived
    beschaffung = next(a for a in v.areas if a.area is ServiceArea.BESCHAFFUNG)
    assert beschaffung.changes and all(c.derived for c in beschaffung.changes)
    assert [q.areas_label for q in v.questions] == [
        "Beschaffung (Rahmenverträge, Warenkorb)"
    ] * len(v.questions)
    assert all("Anbieter" in q.who for q in v.questions)  # vote counts: the Satzung
    assert len(v.bindung) == 1 and v.bindung[0].role == "risk"
    assert {f.role for f in v.findings} >= {"decision", "condition", "open_question"}
    from kommune_core.reports.compatibility.html import check_html

    html = check_html(decided, ctx)  # type: ignore[arg-type]
    text = _visible(html)
    assert "Bindung an den Anbieter" in text and "(Risiko)" in text
    assert "(Entscheidung)" in text and "(Bedingung)" in text
    assert "→ dann" in text
    assert "Hinweis: Recht vor 15. April 2019 nicht erfasst." in text
    # no nested brackets: the question, then what is known
    assert "nicht erfasst: Beitritt beschlossen am 30. September 2021" in text
    assert "Umlageschlüssel KISA: Umsatzerlöse (seit 21. Januar 2021)" in text
    assert not ISO.search(text)
    assert html.index("Bindung an den Anbieter</h2>") < html.index("<h2>Befunde</h2>")


def test_umlage_comparison_scaled_by_the_setups_share(example, ctx) -> None:  # type: ignore[no-untyped-def]
    from fractions import Fraction

    r = example("gera", "kisa")
    without = {c.item: c.amount for c in report_view(r, ctx).approvals.costs}
    assert without["Verbandsumlage 2015 (Vergleichswert)"] == "3.000.000,00 €"
    assert without["Umlage für das DMS-Projekt der Thüringer Mitglieder (2019)"] == (
        "0,25 € je Einwohner"
    )
    with_share = attrs.evolve(r, setup=attrs.evolve(r.setup, share=Fraction(1, 200)))
    costs = {c.item: c.amount for c in report_view(with_share, ctx).approvals.costs}
    assert costs["Verbandsumlage 2015 (Vergleichswert)"] == (
        "3.000.000,00 €; auf den Anteil der Kommune (0,50 % laut Setup) entfielen davon 15.000,00 €"
    )
    assert costs["Ihr Anteil an einer Umlage"] == "0,50 % des umzulegenden Betrags"


def test_approvals_file_errors_name_file_line_and_key(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from kommune_core.domain.approvals import ApprovalData
    from kommune_core.loading import load_data

    message = data_file_error(
        tmp_path / "approvals.toml",
        'land = "16"\n\n[[authorities]]\nbody = "X"\nsubject = "kommunen"\ntask = "Y"\n'
        "norms = []\n",
        lambda path: load_data(path, ApprovalData),
    )
    assert "approvals.toml:5" in message and "subject" in message


def test_practice_of_one_zweckverband_is_not_generalised(full_catalog, ctx) -> None:  # type: ignore[no-untyped-def]
    kisa = full_catalog.provider("kisa")
    other = attrs.evolve(
        kisa, id="anderer", name="Anderer Zweckverband", short_name="AZV", members=()
    )
    gera = full_catalog.kommune("16052000")
    engine = Engine(full_catalog)
    v_kisa = report_view(engine.check(gera, kisa, on=dt.date(2026, 1, 1)), ctx).approvals
    v_other = report_view(engine.check(gera, other, on=dt.date(2026, 1, 1)), ctx).approvals
    assert "Landesdirektion Sachsen" in [a.body for a in v_kisa.authorities]
    assert "Landesdirektion Sachsen" not in [a.body for a in v_other.authorities]
    assert any(s.by == "Landesdirektion Sachsen" for s in v_kisa.steps)
    assert not any(s.by == "Landesdirektion Sachsen" for s in v_other.steps)
    assert not v_other.cases or all("KISA" not in c.label for c in v_other.cases)
