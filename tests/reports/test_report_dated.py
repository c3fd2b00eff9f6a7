"""A report shows the state of its Stichtag: the Umlage key in force then, and of the real
cases only what had happened by then."""

from __future__ import annotations

import datetime as dt

import pytest

from kommune_core.engine import Engine
from kommune_core.reports.compatibility.model import report_view

OLD = "nach der Einwohnerzahl"
NEW = "Umsatzerlöse des Vorjahres"


def _view(full_catalog, ctx, key, on):  # type: ignore[no-untyped-def]
    r = Engine(full_catalog).check(full_catalog.kommune(key), full_catalog.provider("kisa"), on=on)
    return report_view(r, ctx)


@pytest.mark.parametrize(
    "on,keys",
    [
        (dt.date(2020, 9, 24), {OLD}),  # the day before the Verbandsversammlung's decision
        (dt.date(2020, 9, 25), {OLD, NEW}),  # decided, effective day not known: both
        (dt.date(2021, 1, 20), {OLD, NEW}),  # the old key's last possible day
        (dt.date(2021, 1, 21), {NEW}),  # the new key's first day as recorded
    ],
)
def test_umlage_key_of_the_stichtag(full_catalog, ctx, on, keys) -> None:  # type: ignore[no-untyped-def]
    v = _view(full_catalog, ctx, "16075", on)
    [line] = [c for c in v.approvals.costs if c.item.startswith("Umlageschlüssel am")]
    assert {k for k in (OLD, NEW) if k in line.amount} == keys
    assert "§ 16 Abs. 3" not in " ".join(c.basis for c in v.approvals.costs) or NEW in keys
    if len(keys) > 1:
        assert "nicht belegt" in line.basis


def test_cases_only_as_far_as_the_stichtag(full_catalog, ctx) -> None:  # type: ignore[no-untyped-def]
    early = _view(full_catalog, ctx, "16052000", dt.date(2019, 6, 19))
    labels = " ".join(c.label for c in early.approvals.cases)
    assert "Gera" not in labels and "5. Änderung" not in labels  # decided later
    [klingenthal] = [c for c in early.approvals.cases if "Klingenthal" in c.label]
    assert klingenthal.dates == "Beschluss 04.06.2019"  # approval came in 2020
    assert "nach dem Stichtag 19.06.2019" in klingenthal.durations
    today = _view(full_catalog, ctx, "16052000", dt.date(2026, 11, 29))
    [klingenthal] = [c for c in today.approvals.cases if "Klingenthal" in c.label]
    assert "Genehmigung 01.09.2020" in klingenthal.dates and "506 Tage" in klingenthal.durations
    assert "nach dem Stichtag" not in klingenthal.durations


def test_steps_note_follows_the_membership_of_the_stichtag(full_catalog, ctx) -> None:  # type: ignore[no-untyped-def]
    # the Saale-Orla-Kreis joined in 2019 (year only): uncertain within 2019, bound after
    def note(key: str, on: dt.date) -> str:
        return str(_view(full_catalog, ctx, key, on).approvals.steps_note)

    assert "nicht belegt" in note("16075", dt.date(2019, 12, 31))
    assert "bereits gebunden" in note("16075", dt.date(2020, 1, 1))
    assert "bereits" not in note("16061", dt.date(2026, 1, 1))


@pytest.mark.parametrize(
    "key,on,short",
    [
        (
            "16076",
            dt.date(2026, 11, 29),
            "kein Mitglied – Aufnahme am 22. Januar 2025 zurückgestellt",
        ),
        ("16076", dt.date(2025, 1, 21), "nicht erfasst"),  # before the deferral: list not complete
        (
            "16052000",
            dt.date(2026, 11, 29),
            "nicht erfasst – Beitritt am 30. September 2021 beschlossen",
        ),
        ("16061", dt.date(2026, 11, 29), "kein Mitglied"),
        ("16053000", dt.date(2026, 11, 29), "Mitglied seit 6. Februar 2025"),
        ("16053000", dt.date(2025, 2, 5), "noch kein Mitglied"),  # the day before publication
    ],
)
def test_matrix_bindung_tells_applicants_apart(full_catalog, ctx, key, on, short) -> None:  # type: ignore[no-untyped-def]
    from kommune_core.reports.compatibility.model import membership_text

    r = Engine(full_catalog).check(full_catalog.kommune(key), full_catalog.provider("kisa"), on=on)
    assert membership_text(r, short=True) == short
    long = membership_text(r)
    assert long.startswith(
        short if short.startswith(("kein", "Mitglied")) else short.replace(" – ", ": ")
    )
    assert "dieses Landes" not in long and "(Mitgliedschaft" not in long


def test_landratsamt_names_the_grosse_kreisstadt_exception(full_catalog, ctx) -> None:  # type: ignore[no-untyped-def]
    # Nordhausen (a Große Kreisstadt) is supervised by the Landesverwaltungsamt since 2021
    v = _view(full_catalog, ctx, "16062041", dt.date(2026, 11, 29))
    [lra] = [a for a in v.approvals.authorities if a.body.startswith("Landratsamt")]
    assert "Große Kreisstadt" in lra.task and "§ 118 Abs. 2 ThürKO" in lra.norms


def test_norm_without_recorded_enactment_shows_no_invented_start(full_catalog, ctx) -> None:  # type: ignore[no-untyped-def]
    v = _view(full_catalog, ctx, "16052000", dt.date(2026, 11, 29))
    kgg = [n for f in (*v.findings, *v.bindung) for n in f.norms if "ThürKGG" in n.citation]
    assert kgg and all(n.since.startswith("spätestens 28. September 2001") for n in kgg)
    assert not any("1990" in n.since for n in kgg)
    gwb = [n for f in v.findings for n in f.norms if "GWB" in n.citation]
    assert gwb and all(n.since == "18. April 2016" for n in gwb)


def test_anzeige_deadline_as_section_72_says_it(full_catalog, ctx) -> None:  # type: ignore[no-untyped-def]
    # § 72 Abs. 1 ThürKO: six weeks before work is started or awarded or the contract is made
    v = _view(full_catalog, ctx, "16052000", dt.date(2026, 11, 29))
    deadlines = [s.deadline for s in v.approvals.steps if "§ 72" in s.norms]
    assert deadlines and all("vor Beginn oder Vergabe von Arbeiten" in d for d in deadlines)
