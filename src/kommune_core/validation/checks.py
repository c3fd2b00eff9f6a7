"""Message checks plugins can reuse instead of writing them again.

>>> check = known_kommune_check(check_id="bb.kommune-bekannt", land="12", namespace=NS,
...                             kommunen=lambda: load_kommunen(DATA / "kommunen.json"),
...                             land_label="brandenburgischen")     # doctest: +SKIP
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from ..domain import Kommune, MessageCheck, Scenario

__all__ = ["known_kommune_check"]


def known_kommune_check(
    *,
    check_id: str,
    land: str,
    namespace: str,
    kommunen: Callable[[], Iterable[Kommune]],
    land_label: str,
    title: str | None = None,
    element: str = "ags",
    parent: str = "kommune",
) -> MessageCheck:
    """Every ``<kommune><ags>`` of the Land (key starting with ``land``) names a Kommune that
    ``kommunen()`` knows — by AGS or Kreisschlüssel. ``kommunen`` is called once, on first use;
    ``land_label`` is the German adjective in the message (e.g. ``brandenburgischen``)."""
    tag, parent_tag = f"{{{namespace}}}{element}", f"{{{namespace}}}{parent}"

    @functools.cache
    def known() -> frozenset[str]:
        keys: set[str] = set()
        for k in kommunen():
            keys.update(x for x in (k.key, k.ags, k.kreis) if x)
        return frozenset(keys)

    def check(tree: Any, scenario: Scenario) -> Iterator[tuple[str, str]]:
        keys = known()
        for el in tree.getroot().iter(tag):  # C-level walk; cheaper than an ElementPath
            if el.getparent().tag != parent_tag:
                continue
            key = (el.text or "").strip()
            if key.startswith(land) and key not in keys:
                yield (
                    tree.getpath(el),
                    f"AGS {key} ist keiner {land_label} Kommune zugeordnet "
                    f"(Gebietsstand des Plugins)",
                )

    return MessageCheck(
        id=check_id, title=title or f"Kommune des Landes {land} ist bekannt", check=check
    )
