"""The Land plugins' exchange contributions are built by one kit: every path it names
exists, every scenario's code list is contributed, and the ids follow the Land's prefix."""

from __future__ import annotations

import pytest

from kommune_core.plugins.exchange_kit import DestatisList, LandExchange


@pytest.mark.parametrize(
    "module,prefix,land,root",
    [
        ("kommune_sachsen.exchange", "sn", "14", "antrag.einreichen.2010"),
        ("kommune_thueringen.exchange", "th", "16", "antrag.einreichen.1010"),
    ],
)
def test_plugin_exchange_built_by_the_kit(module, prefix, land, root) -> None:  # type: ignore[no-untyped-def]
    import importlib

    mod = importlib.import_module(module)
    ex = mod.EXCHANGE
    assert isinstance(ex, LandExchange) and ex.land == land
    [schema] = mod.schemas()
    assert schema.id == f"{prefix}.nachrichten" and schema.path.is_file()
    assert mod.SCHEMA.is_file() and mod.SCHEMATRON.is_file()
    lists = mod.codelists()
    assert all(c.path.is_file() for c in lists) and len(lists) == 5
    known = {f"{c.urn}_{c.version}" for c in lists}
    for sc in mod.scenarios():
        assert sc.id.startswith(prefix + ".") and set(sc.codelists) <= known
        assert sc.namespace == mod.NS == f"urn:kommune-interop:{prefix}:nachrichten:1"
    assert mod.scenarios()[0].root == root and root.rsplit(".", 1)[1] in mod.scenarios()[0].title
    [check] = mod.message_checks()
    assert getattr(check, "id", getattr(check, "check_id", "")) == f"{prefix}.kommune-bekannt"


def test_destatis_ref() -> None:
    d = DestatisList("urn:x:kreis", "2026-01-31", "Kreis.xml", "Kreis")
    assert d.ref == "urn:x:kreis_2026-01-31"
