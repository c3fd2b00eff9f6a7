"""A compatibility matrix's levels (``kommune matrix --level``, ``/matrix?level=``): the kinds
of Kommune each level lists as rows (:meth:`kommune_core.catalog.Catalog.matrix_rows`).

A module of its own so that the command line can offer the levels without importing the
catalog (and with it the plugin host and the whole domain model) for ``kommune --help``.
"""

from __future__ import annotations

from .domain.geography import KommuneKind

MATRIX_LEVELS: dict[str, tuple[KommuneKind, ...]] = {
    "kreis": (KommuneKind.LANDKREIS, KommuneKind.KREISFREIE_STADT),
    "gemeinde": (KommuneKind.GEMEINDE, KommuneKind.KREISFREIE_STADT),
}
