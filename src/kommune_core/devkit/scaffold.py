"""``kommune plugin new``: scaffold an installable Land plugin distribution.

The generated project has the shape of the bundled plugins: its plugin module is one line,
``PackagePlugin(__package__)``, that reads ``data/`` (Land, Kommunen, providers), ``rules/``
(rules and their law, ``rules/norms.toml``) and ``exchange/`` (schema, scenario, example
messages). It is complete and green right away: tests that use the shared helper
(:mod:`kommune_core.devkit.testing`) and pass with the conformance suite, and a README.

The Land's name and ISO code follow from its key (federal reference data shipped with the
core, :mod:`kommune_core.loading.federal`). Its Kommunen come from official Destatis key lists
(genericode): files the author passes, or names as XRepository calls its downloads
(``AGS_2026-04-30.xml``), taken from the code-list cache or fetched into it — the scaffold never
invents a key.
"""

from __future__ import annotations

import datetime as dt
import importlib.metadata as md
import os
import re
import shutil
import tempfile
import uuid
from collections.abc import Sequence
from importlib.resources import files
from pathlib import Path

import attrs
import jinja2

from .. import __version__ as core_version
from ..codelists.cache import CodeListCache
from ..codelists.client import DEFAULT_SERVER, SERVER_VAR, FetchError, XRepositoryClient
from ..codelists.genericode import GenericodeError, read_genericode
from ..codelists.importer import import_codelist, list_kind
from ..domain import KeyFormatError, KeyKind, KommuneKind, ServiceArea, check_key
from ..loading.documents import read_document
from ..loading.federal import federal_land
from ..loading.refdata import kommunen_from_document
from ..plugins import ENTRY_POINT_GROUP, PluginHost

__all__ = [
    "KEY_LISTS",
    "LAND_LIST",
    "PluginNames",
    "ScaffoldError",
    "ScaffoldResult",
    "resolve_key_list",
    "scaffold",
]

_DESTATIS = "urn:de:bund:destatis:bevoelkerungsstatistik:schluessel:"
#: The Destatis key list of the Länder (key → name); passed with --codelist, it names the Land.
LAND_LIST = _DESTATIS + "bundesland"
#: XRepository's short names of Destatis' key lists (as in its file names) → URN.
KEY_LISTS = {
    "ags": _DESTATIS + "ags",
    "kreis": _DESTATIS + "kreis",
    "regionalschlüssel": _DESTATIS + "rs",
    "regionalschluessel": _DESTATIS + "rs",
    "rs": _DESTATIS + "rs",
    "bundesland": LAND_LIST,
}
_DOWNLOAD_NAME = re.compile(r"(?P<short>.+)_(?P<version>[0-9][0-9.-]*)\.xml")
_NAME = re.compile(r"[a-z][a-z0-9_]*")
_KIND_ORDER = {"kreis": 0, "ags": 1, "ars": 2}

_FILES = (
    ("pyproject.toml.jinja", "pyproject.toml"),
    ("README.md.jinja", "README.md"),
    ("__init__.py.jinja", "src/{package}/__init__.py"),
    ("plugin.py.jinja", "src/{package}/plugin.py"),
    ("land.toml.jinja", "src/{package}/data/land.toml"),
    ("providers.toml.jinja", "src/{package}/data/providers.toml"),
    ("norms.toml.jinja", "src/{package}/rules/norms.toml"),
    ("rules/__init__.py.jinja", "src/{package}/rules/__init__.py"),
    ("rules/portal.py.jinja", "src/{package}/rules/portal.py"),
    ("exchange/__init__.py.jinja", "src/{package}/exchange/__init__.py"),
    ("exchange/nachrichten.xsd.jinja", "src/{package}/exchange/nachrichten.xsd"),
    ("tests/test_plugin.py.jinja", "tests/test_plugin.py"),
    ("tests/test_rules.py.jinja", "tests/test_rules.py"),
)
_EXAMPLES = "src/{package}/exchange/examples"


class ScaffoldError(ValueError):
    """The plugin cannot be scaffolded as asked; the message says why and what to do."""


@attrs.frozen
class PluginNames:
    """Every name derived from the plugin name (``NAME`` → ``kommune_NAME``, ``kommune-NAME``).

    The Land's spelling is accepted: ``mecklenburg-vorpommern`` and
    ``Mecklenburg-Vorpommern`` become ``mecklenburg_vorpommern``."""

    name: str
    package: str
    distribution: str
    namespace: str

    @classmethod
    def of(cls, name: str) -> PluginNames:
        normal = name.strip().lower().replace("-", "_")
        if not _NAME.fullmatch(normal):
            raise ScaffoldError(
                f"plugin name {name!r}: use letters a-z, digits, '_' or '-', starting with a "
                f"letter (e.g. 'mecklenburg_vorpommern'); it becomes the entry point name"
            )
        dashed = normal.replace("_", "-")
        return cls(
            normal,
            f"kommune_{normal}",
            f"kommune-{dashed}",
            f"urn:kommune-interop:{dashed}:nachrichten:1",
        )


@attrs.frozen
class ScaffoldResult:
    name: str
    root: Path
    files: tuple[Path, ...]
    kommunen: int
    key_lists: tuple[str, ...]
    skipped: tuple[str, ...]
    warnings: tuple[str, ...]


def _installed_plugin(name: str) -> str | None:
    for ep in md.entry_points(group=ENTRY_POINT_GROUP):
        if ep.name == name:
            return ep.dist.name if ep.dist is not None else "?"
    return None


def _plugins_with_land(land_key: str, but: str) -> list[str]:
    """Installed plugins (other than ``but``) that contribute Land ``land_key``."""
    host = PluginHost()
    host.load_entry_points(
        [ep.name for ep in md.entry_points(group=ENTRY_POINT_GROUP) if ep.name != but]
    )
    return sorted(
        {
            c.plugin
            for c in host.collect("kommune_laender")
            if getattr(c.item, "key", None) == land_key
        }
    )


def resolve_key_list(item: str | Path, *, cache: CodeListCache | None = None) -> Path:
    """A key list given as a file, or by its XRepository download name
    (``AGS_2026-04-30.xml``): from the code-list cache, else fetched into it from XRepository
    (``KOMMUNE_XREPOSITORY_URL``)."""
    path = Path(item)
    if path.is_file():
        return path
    m = _DOWNLOAD_NAME.fullmatch(path.name)
    urn = KEY_LISTS.get(m.group("short").casefold()) if m else None
    if m is None or urn is None or str(path.parent) not in ("", "."):
        raise ScaffoldError(
            f"--codelist {item}: no such file; give a Destatis key list as a file, or by its "
            f"XRepository name ({', '.join(sorted({'AGS', 'Kreis', 'Regionalschlüssel'}))}"
            f"_<version>.xml, e.g. AGS_2026-04-30.xml) to take it from the code-list cache"
        )
    version = m.group("version")
    cache = cache or CodeListCache()
    cached = cache.get(urn, version)
    if cached is not None:
        return cached
    server = os.environ.get(SERVER_VAR) or DEFAULT_SERVER
    try:
        return XRepositoryClient(server, cache).fetch_codelist(urn, version).path
    except (FetchError, ValueError) as exc:
        raise ScaffoldError(
            f"--codelist {item}: not in the code-list cache ({cache.root}) and not fetched "
            f"from {server}: {exc}; fetch it with 'kommune codelists fetch {urn} --version "
            f"{version}' or pass the file"
        ) from None


def _land(
    land_key: str, land_name: str | None, land_code: str | None, land_lists: list[Path]
) -> tuple[str, str, str, str]:
    """(name, ISO code, source title, source URL) of the Land: from its key (federal
    reference data), a Länder list passed among the key lists, or the options."""
    try:
        check_key(land_key, KeyKind.LAND, field="--land-key")
        federal = federal_land(land_key)
    except (KeyFormatError, KeyError) as exc:
        raise ScaffoldError(str(exc).strip("'\"")) from None
    if land_code is not None and land_code != federal.code:
        raise ScaffoldError(
            f"--land-code {land_code!r}: Land {land_key} ({federal.name}) is "
            f"{federal.code!r} in ISO 3166-2; leave the option out or give {federal.code!r}"
        )
    title, url = federal.source_title, federal.source_url
    for path in land_lists:
        cl = read_genericode(path)
        row = cl.lookup(land_key)
        if row is None:
            raise ScaffoldError(f"--codelist {path}: the Länder list has no key {land_key!r}")
        names = [v for k, v in row.items() if k != cl.key_column and v]
        land_name = land_name or (names[0] if names else None)
        title = f"Destatis, Schlüsselverzeichnis der Länder ({cl.urn}, Version {cl.version})"
        url = f"https://www.xrepository.de/details/{cl.urn}"
    return land_name or federal.name, federal.code, title, url


def _ordered_lists(key_lists: Sequence[str | Path]) -> tuple[list[tuple[str, Path]], list[Path]]:
    """The Kommunen key lists in import order (Kreis, AGS, ARS), and any Länder lists."""
    if not key_lists:
        raise ScaffoldError(
            "no official key list given: pass --codelist with Destatis' AGS list (and best the "
            "Kreis list, so kreisfreie Städte and Landkreise are told apart) as genericode from "
            "XRepository (urn:de:bund:destatis:bevoelkerungsstatistik:schluessel:ags); the "
            "scaffold never invents keys"
        )
    out, laender = [], []
    for item in key_lists:
        path = resolve_key_list(item)
        try:
            cl = read_genericode(path)
            if cl.urn == LAND_LIST:
                laender.append(path)
                continue
            kind = list_kind(cl)
        except (GenericodeError, ValueError) as exc:
            raise ScaffoldError(f"--codelist {path}: {exc}") from None
        out.append((kind, path))
    out.sort(key=lambda kp: _KIND_ORDER[kp[0]])
    if "ags" not in {k for k, _ in out}:
        raise ScaffoldError(
            "the key lists contain no AGS list; the sample Kommunen and example "
            "messages need Gemeinden with an AGS"
        )
    return out, laender


def scaffold(
    name: str,
    land_key: str,
    *,
    into: str | Path,
    key_lists: Sequence[str | Path],
    land_name: str | None = None,
    land_code: str | None = None,
    today: dt.date | None = None,
) -> ScaffoldResult:
    """Write the plugin project ``into/kommune-<name>``; raise :class:`ScaffoldError`."""
    names = PluginNames.of(name)
    _land(land_key, land_name, land_code, [])  # a bad key or code stops before any fetch
    lists, land_lists = _ordered_lists(key_lists)
    land = _land(land_key, land_name, land_code, land_lists)
    installed = _installed_plugin(names.name)
    if installed is not None:
        raise ScaffoldError(
            f"a plugin named {names.name!r} is installed already (distribution "
            f"{installed}); choose another name"
        )
    root = Path(into) / names.distribution
    if root.exists() and any(root.iterdir()):
        raise ScaffoldError(f"{root} exists and is not empty; remove it or choose --into")
    Path(into).mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{names.distribution}.", dir=into))
    try:
        result = _write(work, names, land_key, land, lists, today)
        if root.exists():
            root.rmdir()
        work.rename(root)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    files_ = tuple(sorted(root / p.relative_to(work) for p in result.files))
    return attrs.evolve(result, root=root, files=files_)


def _write(
    work: Path,
    names: PluginNames,
    land_key: str,
    land: tuple[str, str, str, str],
    lists: list[tuple[str, Path]],
    today: dt.date | None,
) -> ScaffoldResult:
    land_name, land_code, land_source, land_url = land
    package_dir = work / "src" / names.package
    data_file = package_dir / "data" / "kommunen.json"
    data_file.parent.mkdir(parents=True)
    skipped: list[str] = []
    for _, path in lists:
        try:
            skipped += import_codelist(path, data_file, land_key, today=today).skipped
        except (GenericodeError, ValueError) as exc:
            raise ScaffoldError(f"--codelist {path}: {exc}") from None
    doc, _, _ = read_document(data_file)
    kommunen = kommunen_from_document(doc, str(data_file))
    gemeinden = [k for k in kommunen if k.ags is not None]
    sample = next((k for k in gemeinden if k.kind is KommuneKind.GEMEINDE), gemeinden[0])
    sources = doc.get("sources", {})
    context = {
        **attrs.asdict(names),
        "land_key": land_key,
        "land_name": land_name,
        "land_code": land_code,
        "core_version": ".".join(core_version.split(".")[:2]),
        "key_lists": ", ".join(f"{s['urn']} (Version {s['version']})" for s in sources.values()),
        "land_source_title": land_source,
        "land_source_url": land_url,
        "areas": [a.value for a in ServiceArea],
        "ags": sample.ags,
        "kommune_name": sample.name,
        "uuid": str(uuid.uuid5(uuid.NAMESPACE_URL, names.namespace)),
    }
    env = jinja2.Environment(
        undefined=jinja2.StrictUndefined, keep_trailing_newline=True, autoescape=False
    )
    env.filters["py"] = repr
    templates = files(__package__ or "kommune_core.devkit") / "templates"
    written = [data_file]

    def emit(template: str, target: str, **extra: object) -> None:
        text = env.from_string((templates / template).read_text("utf-8"))
        out = work / target.format(package=names.package)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text.render({**context, **extra}), encoding="utf-8")
        written.append(out)

    for template, target in _FILES:
        emit(template, target)
    examples = _EXAMPLES + "/{name}"
    emit(
        "exchange/examples/message.xml.jinja",
        examples.format(package="{package}", name="anfrage-valid.xml"),
        comment=f"Muss gültig sein: Anfrage von {sample.name} (AGS {sample.ags}).",
    )
    short = str(sample.ags)[:7]  # not a key at all: one digit short
    emit(
        "exchange/examples/message.xml.jinja",
        examples.format(package="{package}", name="anfrage-invalid-ags.xml"),
        comment=f"Muss abgelehnt werden: '{short}' hat nur sieben Ziffern, ein AGS hat acht.",
        **{"ags": short},
    )
    typed = package_dir / "py.typed"
    typed.write_text("", encoding="utf-8")
    written.append(typed)
    warnings = [
        f"Land {land_key} is contributed already by the installed plugin {other!r}; "
        f"two plugins for one Land conflict (the first loaded keeps it)"
        for other in _plugins_with_land(land_key, names.name)
    ]
    return ScaffoldResult(
        names.name,
        work,
        tuple(written),
        len(kommunen),
        tuple(str(p) for _, p in lists),
        tuple(skipped),
        tuple(warnings),
    )
