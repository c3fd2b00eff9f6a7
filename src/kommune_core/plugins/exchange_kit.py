"""A Land plugin's XML exchange contributions described once (:class:`LandExchange`): its
message schema and Schematron, its own code lists plus one Destatis list, the two scenarios
(an application through the Land's portal, a Kommune's Bindung to an IT provider) and the
"Kommune is known in this Land" message check. A plugin's ``exchange/__init__.py`` builds one
and exposes its methods as the module functions :class:`~kommune_core.plugins.PackagePlugin`
looks for::

    EXCHANGE = LandExchange(prefix="xy", land="99", ...)
    schemas, codelists = EXCHANGE.schemas, EXCHANGE.codelists
    scenarios, message_checks = EXCHANGE.scenarios, EXCHANGE.message_checks
"""

from __future__ import annotations

from importlib.resources import files
from typing import Any

import attrs

from ..domain import CodeListSpec, MessageCheck, Scenario, SchemaSpec

__all__ = ["DestatisList", "LandExchange"]

_OWN_LISTS = ("nachrichtentyp", "antragsportal", "it-dienstleister", "bindungsart")


@attrs.frozen
class DestatisList:
    """A Destatis code list shipped with the plugin (as published in XRepository)."""

    urn: str
    version: str
    filename: str
    title: str

    @property
    def ref(self) -> str:
        return f"{self.urn}_{self.version}"


@attrs.frozen
class LandExchange:
    """One Land's exchange contributions. ``prefix`` names ids and files (``sn`` →
    ``sn-nachrichten.xsd``, ``sn.antrag``); ``antrag_root``/``bindung_root`` are the message
    root elements; ``law`` the acts the Bindungsart list follows; ``land_adjective`` is the
    German adjective for the message check (``Musterländer``)."""

    package: str
    prefix: str
    land: str
    land_name: str
    land_adjective: str
    portal: str
    law: str
    antrag_root: str
    bindung_root: str
    destatis: DestatisList

    @property
    def namespace(self) -> str:
        return f"urn:kommune-interop:{self.prefix}:nachrichten:1"

    @property
    def here(self) -> Any:
        return files(f"{self.package}.exchange")

    @property
    def schema(self) -> Any:
        return self.here / "schemas" / f"{self.prefix}-nachrichten.xsd"

    @property
    def schematron(self) -> Any:
        return self.here / "schematron" / f"{self.prefix}-nachrichten.sch"

    def _list(self, name: str) -> str:
        return f"urn:kommune-interop:{self.prefix}:codeliste:{name}_1"

    def schemas(self) -> list[SchemaSpec]:
        return [
            SchemaSpec(
                id=f"{self.prefix}.nachrichten",
                namespace=self.namespace,
                path=self.schema,
                title=f"{self.land_name}: Antrag ({self.portal}) und Bindungsmitteilung",
            )
        ]

    def codelists(self) -> list[CodeListSpec]:
        titles = {
            "nachrichtentyp": f"Nachrichtentyp ({self.land_name})",
            "antragsportal": f"Antragsportal ({self.land_name})",
            "it-dienstleister": "IT-Dienstleister",
            "bindungsart": f"Bindungsart ({self.law})",
        }
        lists = self.here / "codelists"
        specs = [
            CodeListSpec(
                urn=self._list(name).removesuffix("_1"),
                version="1",
                path=lists / f"{self.prefix}-{name}_1.xml",
                title=titles[name],
            )
            for name in _OWN_LISTS
        ]
        d = self.destatis
        specs.append(
            CodeListSpec(urn=d.urn, version=d.version, path=lists / d.filename, title=d.title)
        )
        return specs

    def scenarios(self) -> list[Scenario]:
        common: dict[str, Any] = {
            "schema": f"{self.prefix}.nachrichten",
            "namespace": self.namespace,
            "schematron": (self.schematron,),
        }
        number = {r: r.rsplit(".", 1)[-1] for r in (self.antrag_root, self.bindung_root)}
        return [
            Scenario(
                id=f"{self.prefix}.antrag",
                title=f"{self.land_name}: Antrag über {self.portal} ({number[self.antrag_root]})",
                root=self.antrag_root,
                codelists=(
                    self._list("nachrichtentyp"),
                    self._list("antragsportal"),
                    self.destatis.ref,
                ),
                **common,
            ),
            Scenario(
                id=f"{self.prefix}.bindung",
                title=(
                    f"{self.land_name}: Bindung an einen IT-Dienstleister "
                    f"({number[self.bindung_root]})"
                ),
                root=self.bindung_root,
                codelists=(
                    self._list("nachrichtentyp"),
                    self._list("it-dienstleister"),
                    self._list("bindungsart"),
                    self.destatis.ref,
                ),
                **common,
            ),
        ]

    def message_checks(self) -> list[MessageCheck]:
        from ..loading import load_kommunen
        from ..validation.checks import known_kommune_check

        return [
            known_kommune_check(
                check_id=f"{self.prefix}.kommune-bekannt",
                title=f"Kommune ist in {self.land_name} bekannt",
                land=self.land,
                namespace=self.namespace,
                kommunen=lambda: load_kommunen(files(self.package) / "data" / "kommunen.json"),
                land_label=self.land_adjective,
            )
        ]
