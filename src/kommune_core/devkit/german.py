"""Is a finding's reason plausibly German? A heuristic, documented so authors can predict it.

A reason passes when it

1. has at least three words (a bare ``"ok"`` or a code explains nothing), and
2. shows German: an umlaut or ß, a ``§``, or at least one German function word from
   :data:`GERMAN_WORDS` (articles, conjunctions, common verbs of legal prose), and
3. does not read as English: it has fewer English function words (:data:`ENGLISH_WORDS`)
   than German ones.

Words both languages share (``in``, ``an``, ``so``, ``was``) count for neither. The test is
per finding, so a German sentence quoting an English product name passes, while
``"Provider cannot serve the Kommune"`` fails (``cannot``, ``serve``, ``the``).
"""

from __future__ import annotations

import re

__all__ = ["ENGLISH_WORDS", "GERMAN_WORDS", "german_problem"]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


GERMAN_WORDS = _words(
    """
    der die das den dem des ein eine einer eines einem einen und oder aber nicht kein keine
    keinen keiner ist sind war wird werden wurde kann können muss müssen darf dürfen soll
    sollen hat haben mit für von vom zu zum zur im ins auf aus bei nach über unter durch ohne
    gegen seit bis als wie wenn weil dass ob auch nur noch schon sich sie er es wir ihr ihre
    ihren seine seinen dieser diese dieses diesem diesen jede jeder jedes alle allen
    mitglied mitglieder kommune kommunen gemeinde land satzung abs nr gemäß laut sowie bzw
    """
)

ENGLISH_WORDS = _words(
    """
    the a of and or not no is are was were be been being can cannot could must should will
    would may might has have had with for from to this that these those which who it its
    there their they he she we you your our by at on as if then than because but only also
    serve serves served member members provider providers allowed unknown yes
    """
)

_WORD = re.compile(r"[A-Za-zÄÖÜäöüß]+")


def german_problem(reason: object) -> str | None:
    """``None`` if ``reason`` passes the heuristic, else what is wrong with it."""
    if not isinstance(reason, str) or not reason.strip():
        return "the reason is empty; every finding needs a German reason"
    words = [w.lower() for w in _WORD.findall(reason)]
    if len(words) < 3:
        return f"the reason {reason!r} is too short to explain anything (fewer than 3 words)"
    german = sum(w in GERMAN_WORDS for w in words)
    english = sum(w in ENGLISH_WORDS for w in words)
    marked = bool(re.search(r"[ÄÖÜäöüß§]", reason))
    if english > german:
        return (
            f"the reason {reason!r} reads as English ({english} English vs {german} German "
            f"function words); findings are written in German"
        )
    if not (marked or german):
        return (
            f"the reason {reason!r} does not look German (no umlaut, ß or §, and none of the "
            f"German function words such as 'der', 'nicht', 'ist', 'kann')"
        )
    return None
