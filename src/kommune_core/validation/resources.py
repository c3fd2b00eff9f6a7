"""Local resolution of schema locations: OASIS XML catalogs, the core's ``schemas/`` folder and
the entry schema's folder. Nothing is ever fetched from the network; a location that cannot be
resolved locally is recorded so the error can name it."""

from __future__ import annotations

import os
from collections.abc import Iterable
from importlib.resources import files
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

import attrs
from lxml import etree

from ..xml import XmlInputError, parse_file
from ..xml.parsers import hardened_parser

__all__ = [
    "CatalogError",
    "LocalResolver",
    "XmlCatalog",
    "core_catalog_path",
    "core_schema_dir",
    "resource_path",
]

OASIS = "urn:oasis:names:tc:entity:xmlns:xml:catalog"
_REMOTE = ("http", "https", "ftp", "urn")


class CatalogError(ValueError):
    """An XML catalog that cannot be read; names the file and line."""


def core_schema_dir() -> Path:
    """The core's schemas: ``kommune_core/schemas`` in a wheel, the repository's ``schemas/``
    folder in an editable install."""
    packaged = files("kommune_core") / "schemas"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[3] / "schemas"


def core_catalog_path() -> Path:
    return core_schema_dir() / "catalog.xml"


def resource_path(item: Any) -> Path:
    """A plugin's ``importlib.resources`` traversable (or path) as a filesystem path."""
    return Path(os.fspath(item)) if isinstance(item, os.PathLike | str) else Path(str(item))


def _to_path(url: str) -> Path | None:
    """A ``file:`` URL or plain path as a path; ``None`` for remote or other schemes."""
    parsed = urlparse(url)
    if parsed.scheme == "file":
        return Path(unquote(parsed.path))
    if parsed.scheme in _REMOTE or (parsed.scheme and len(parsed.scheme) > 1):
        return None
    return Path(url)


def _is_remote(url: str) -> bool:
    scheme = urlparse(url).scheme.lower()
    return scheme in _REMOTE or (len(scheme) > 1 and scheme != "file")


@attrs.frozen
class XmlCatalog:
    """The parts of an OASIS XML catalog schema resolution needs: ``uri``/``system`` entries
    (exact) and ``rewriteURI``/``rewriteSystem`` entries (prefix). ``nextCatalog`` is
    followed. Targets are absolute paths."""

    exact: tuple[tuple[str, str], ...] = ()
    rewrites: tuple[tuple[str, str], ...] = ()
    files: tuple[str, ...] = ()

    @classmethod
    def from_file(
        cls, path: str | os.PathLike[str], _seen: frozenset[str] = frozenset()
    ) -> XmlCatalog:
        file = str(Path(path).resolve())
        if file in _seen:
            return cls()
        try:
            root = parse_file(file).getroot()
        except XmlInputError as exc:
            raise CatalogError(f"XML catalog {exc}") from None
        if root.tag != f"{{{OASIS}}}catalog":
            raise CatalogError(
                f"{file}:{root.sourceline}: root element is {root.tag!r}, expected an OASIS "
                f"catalog {{{OASIS}}}catalog"
            )
        base = Path(file).parent
        exact: list[tuple[str, str]] = []
        rewrites: list[tuple[str, str]] = []
        nested: list[XmlCatalog] = []
        for el in root.iter(f"{{{OASIS}}}*"):
            local = etree.QName(el).localname
            if local in ("uri", "system"):
                key = el.get("name") if local == "uri" else el.get("systemId")
                target = el.get("uri")
                if not key or not target:
                    raise CatalogError(
                        f"{file}:{el.sourceline}: <{local}> needs both a name and a uri"
                    )
                exact.append((key, str((base / target).resolve())))
            elif local in ("rewriteURI", "rewriteSystem"):
                start = el.get("uriStartString") or el.get("systemIdStartString")
                prefix = el.get("rewritePrefix")
                if not start or not prefix:
                    raise CatalogError(
                        f"{file}:{el.sourceline}: <{local}> needs a start string "
                        "and a rewritePrefix"
                    )
                rewrites.append((start, str((base / prefix).resolve())))
            elif local == "nextCatalog" and el.get("catalog"):
                nested.append(cls.from_file(base / el.get("catalog", ""), _seen | {file}))
        cat = cls(tuple(exact), tuple(rewrites), (file,))
        for other in nested:
            cat = cat.merged(other)
        return cat

    def merged(self, other: XmlCatalog) -> XmlCatalog:
        """Entries of ``self`` win over ``other``'s."""
        return XmlCatalog(
            self.exact + other.exact, self.rewrites + other.rewrites, self.files + other.files
        )

    def lookup(self, url: str) -> str | None:
        for key, target in self.exact:
            if key == url:
                return target
        best = None
        for start, prefix in self.rewrites:
            if url.startswith(start) and (best is None or len(start) > len(best[0])):
                best = (start, prefix)
        if best is not None:
            return best[1].rstrip("/") + "/" + url[len(best[0]) :].lstrip("/")
        return None


class LocalResolver:
    """Maps a schema location to a local file: catalog first, then — for a remote URL — a file
    of the same name in one of the ``folders`` (the entry schema's folder). Remote locations
    that stay unresolved are collected in :attr:`missing` (url, referencing document)."""

    def __init__(self, catalog: XmlCatalog, folders: Iterable[Path] = ()) -> None:
        self.catalog = catalog
        self.folders = tuple(folders)
        self.missing: list[tuple[str, str | None]] = []

    def resolve(self, url: str, base: str | None = None) -> str | None:
        """A local path for ``url`` (absolute, or relative to ``base``), or ``None`` when the
        location is local already or cannot be resolved (then it is in :attr:`missing`)."""
        hit = self.catalog.lookup(url)
        if hit is not None:
            return hit
        if not _is_remote(url):
            return None
        name = Path(urlparse(url).path).name
        if name:
            for folder in self.folders:
                candidate = folder / name
                if candidate.is_file():
                    return str(candidate)
        if (url, base) not in self.missing:
            self.missing.append((url, base))
        return None

    def map_uri(self, url: str) -> str:
        """For xmlschema's ``uri_mapper``: the local path, or ``url`` unchanged. xmlschema
        percent-encodes some locations (``urn:a%3Ab``) before asking, hence the unquote."""
        return self.resolve(url) or self.resolve(unquote(url)) or url

    def lxml_parser(self) -> etree.XMLParser:
        """A hardened parser for schema documents whose imports resolve through this object."""
        parser = hardened_parser()
        parser.resolvers.add(_LxmlResolver(self))
        return parser


class _LxmlResolver(etree.Resolver):
    def __init__(self, local: LocalResolver) -> None:
        super().__init__()
        self.local = local

    def resolve(self, system_url: str, public_id: str, context: Any) -> Any:
        target = self.local.resolve(system_url)
        if target is None:
            return None
        path = _to_path(target) or Path(target)
        if not path.is_file():
            self.local.missing.append((system_url, f"catalog target {path} does not exist"))
            return None
        return self.resolve_filename(str(path), context)
