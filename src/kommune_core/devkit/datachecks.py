"""Checks of a plugin's reference data: Kommune keys, provider and portal cross-references.

Each function returns ``(object, message)`` pairs; the suite adds plugin and hook.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..domain import Antragsportal, KeyFormatError, KeyKind, Kommune, Provider, check_key

__all__ = ["kommunen_issues", "portal_issues", "provider_issues"]

Issue = tuple[object, str]
_FIELDS = (("kreis", KeyKind.KREIS), ("ags", KeyKind.AGS), ("ars", KeyKind.ARS))


def kommunen_issues(kommunen: list[Kommune], land_keys: set[str]) -> list[Issue]:
    """Every key well-formed, in the Kommune's Land, that Land the plugin's, no key twice."""
    if kommunen and not land_keys:
        return [
            (
                f"{len(kommunen)} Kommunen",
                "the plugin contributes Kommunen but no Land (kommune_laender)",
            )
        ]
    out: list[Issue] = []
    seen: dict[str, tuple[int, Kommune]] = {}
    for i, k in enumerate(kommunen):
        if k.land not in land_keys:
            owned = ", ".join(sorted(land_keys))
            out.append((k, f"land {k.land!r} is not a Land the plugin contributes ({owned})"))
            continue
        for field, kind in _FIELDS:
            value = getattr(k, field)
            if value is None:
                continue
            try:
                check_key(value, kind, field=field)
            except KeyFormatError as exc:
                out.append((k, str(exc)))
                continue
            if value[:2] != k.land:
                out.append(
                    (
                        k,
                        f"{field} {value!r} lies in Land {value[:2]!r}, not in the "
                        f"Kommune's Land {k.land!r}",
                    )
                )
            if field == "kreis" and k.ags is not None:
                continue  # Gemeinden share their Kreis key
            j, first = seen.setdefault(value, (i, k))
            if j != i:
                out.append(
                    (
                        k,
                        f"{field} {value!r} is contributed more than once (first as "
                        f"{first.name!r}); keys must be unique",
                    )
                )
    return out


def _known(catalog: Any, key: str) -> bool:
    try:
        catalog.kommune(key)
    except LookupError:
        return False
    return True


def provider_issues(
    providers: Iterable[Provider], land_keys: set[str], catalog: Any
) -> list[Issue]:
    """Member bindings in the plugin's Land name known Kommunen; named portals exist."""
    out: list[Issue] = []
    for p in providers:
        for b in p.members:
            if b.kommune[:2] in land_keys and not _known(catalog, b.kommune):
                out.append(
                    (
                        p,
                        f"member binding names Kommune {b.kommune!r}, which no plugin "
                        f"contributes (typo in the key?)",
                    )
                )
        for portal in p.portals:
            if portal not in catalog.portale:
                known = ", ".join(sorted(catalog.portale)) or "none"
                out.append(
                    (
                        p,
                        f"portal {portal!r} is no Antragsportal any plugin contributes "
                        f"(known: {known})",
                    )
                )
    return out


def portal_issues(portale: Iterable[Antragsportal]) -> list[Issue]:
    """``for_laender`` holds well-formed Land keys."""
    out: list[Issue] = []
    for portal in portale:
        for key in portal.for_laender:
            try:
                check_key(key, KeyKind.LAND, field="for_laender")
            except (KeyFormatError, TypeError) as exc:
                out.append((portal, str(exc)))
    return out
