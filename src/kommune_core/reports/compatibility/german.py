"""German presentation helpers for reports: dates, amounts, lists, and the clean-up of rule
text for readers (ISO dates → German dates, setup keys → German labels, rule ids → appendix).

Rules write their reasons once; the reports show them to people who are neither lawyers nor
developers. Everything technical (rule ids, plugin names, setup keys) goes to the appendix
(*Nachweise*); the reason text keeps its meaning.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence

__all__ = [
    "SETUP_LABELS",
    "clean_text",
    "de_date",
    "de_datetime",
    "de_list",
    "de_money",
    "de_short_date",
]

MONTHS = (
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
)

#: Setup-file keys (``kommune check SETUP.toml``) and what they mean, in German.
SETUP_LABELS = {
    "kommune": "Schlüssel der Kommune",
    "provider": "Anbieter",
    "areas": "geprüfte Leistungsbereiche",
    "votes": "Stimmen der Kommune in der Verbandsversammlung",
    "share": "Anteil der Kommune (Umlage bzw. Umsatzerlöse)",
    "total_votes": "satzungsmäßige Stimmenzahl der Verbandsversammlung",
    "land_votes": "Stimmen aller Mitglieder aus dem Land der Kommune",
    "bindungen": "bestehende Bindungen der Kommune",
    "note": "Notiz",
}

_ISO = re.compile(r"(?<![\d/.-])(\d{4})-(\d{2})-(\d{2})(?![\d/-])")
_KEY_IN_PARENS = re.compile(r"\s*\((?:" + "|".join(SETUP_LABELS) + r")\)")
_SETUP_AS = re.compile(r"\b(?:als|unter|Angabe)\s+(votes|share|total_votes|land_votes)\b")
_BARE_KEY = re.compile(r"(?<![\w./])(total_votes|land_votes)(?![\w/])")


def de_date(d: dt.date | None) -> str:
    """``29. November 2026`` (empty for ``None``)."""
    if d is None:
        return ""
    return f"{d.day}. {MONTHS[d.month - 1]} {d.year}"


def de_short_date(d: dt.date | None) -> str:
    """``29.11.2026`` for tables (empty for ``None``)."""
    return "" if d is None else f"{d.day:02d}.{d.month:02d}.{d.year}"


def de_datetime(t: dt.datetime) -> str:
    return f"{de_date(t.date())}, {t.hour:02d}:{t.minute:02d} Uhr"


def de_money(cent: int) -> str:
    """``85,27 €``; thousands with a dot: ``3.000.000,00 €``."""
    euros, rest = divmod(abs(cent), 100)
    sign = "-" if cent < 0 else ""
    return f"{sign}{euros:,}".replace(",", ".") + f",{rest:02d} €"


def de_list(items: Iterable[str], conj: str = "und") -> str:
    """``A``, ``A und B``, ``A, B und C``."""
    xs = [x for x in items if x]
    if len(xs) <= 1:
        return "".join(xs)
    return ", ".join(xs[:-1]) + f" {conj} " + xs[-1]


def _iso_to_de(m: re.Match[str]) -> str:
    try:
        return de_date(dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))))
    except ValueError:
        return m.group(0)


def clean_text(text: str, rule_ids: Sequence[str] = ()) -> str:
    """A rule's German text for readers: German dates, setup keys named in German, references
    to other rules pointed at the appendix."""
    out = _ISO.sub(_iso_to_de, text)
    out = _KEY_IN_PARENS.sub("", out)
    out = _SETUP_AS.sub(
        lambda m: m.group(0).replace(m.group(1), f"„{SETUP_LABELS[m.group(1)]}“"), out
    )
    out = _BARE_KEY.sub(lambda m: SETUP_LABELS[m.group(1)], out)
    for rid in sorted(rule_ids, key=len, reverse=True):
        out = re.sub(rf"\b(?:die\s+|der\s+)?Regel\s+{re.escape(rid)}\b", "den Befund dazu", out)
        out = out.replace(rid, "(siehe Nachweise)")
    return out
