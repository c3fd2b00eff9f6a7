"""``kommune plugin new``: scaffold an installable Land plugin distribution.

The generated project is complete and green right away: a pyproject with the ``kommune_core``
entry point, the package with every data file (each with its source), one example rule that
cites a norm with validity dates, one schema and scenario with example messages, tests and a
README. Its Kommunen come from official Destatis key lists (genericode) that the author passes
— the scaffold never invents a key.
"""

from __future__ import annotations

import datetime as dt
import importlib.metadata as md
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
from ..codelists.genericode import GenericodeError, read_genericode
from ..codelists.importer import import_codelist, list_kind
from ..domain import KeyFormatError, KeyKind, KommuneKind, ServiceArea, check_key
from ..loading.documents import read_document
from ..loading.refdata import kommunen_from_document
from ..plugins import ENTRY_POINT_GROUP

__all__ = ["LAND_LIST", "PluginNames", "ScaffoldError", "ScaffoldResult", "scaffold"]

#: The Destatis key list of the Länder (key → name); passed with --codelist, it names the Land.
LAND_LIST = "urn:de:bund:destatis:bevoelkerungsstatistik:schluessel:bundesland"
_NAME = re.compile(r"[a-z][a-z0-9_]*")
_KIND_ORDER = {"kreis": 0, "ags": 1, "ars": 2}

_FILES = (
    ("pyproject.toml.jinja", "pyproject.toml"),
    ("README.md.jinja", "README.md"),
    ("__init__.py.jinja", "src/{package}/__init__.py"),
    ("plugin.py.jinja", "src/{package}/plugin.py"),
    ("land.toml.jinja", "src/{package}/data/land.toml"),
    ("providers.toml.jinja", "src/{package}/data/providers.toml"),
    ("norms.toml.jinja", "src/{package}/data/norms.toml"),
    ("rules/__init__.py.jinja", "src/{package}/rules/__init__.py"),
    ("rules/law.py.jinja", "src/{package}/rules/law.py"),
    ("rules/beschaffung.py.jinja", "src/{package}/rules/beschaffung.py"),
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
    """Every name derived from the plugin name (``NAME`` → ``kommune_NAME``, ``kommune-NAME``)."""

    name: str
    package: str
    distribution: str
    namespace: str

    @classmethod
    def of(cls, name: str) -> PluginNames:
        if not _NAME.fullmatch(name):
            raise ScaffoldError(
                f"plugin name {name!r}: use lower-case letters, digits and '_', starting with a "
                f"letter (e.g. 'mecklenburg_vorpommern'); it becomes the entry point name"
            )
        dashed = name.replace("_", "-")
        return cls(
            name,
            f"kommune_{name}",
            f"kommune-{dashed}",
            f"urn:kommune-interop:{dashed}:nachrichten:1",
        )


@attrs.frozen
class ScaffoldResult:
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


def _contributes_land(ep: md.EntryPoint, land_key: str) -> bool:
    try:
        module = ep.load()
        laender = module.kommune_laender() if hasattr(module, "kommune_laender") else None
    except Exception:  # a broken plugin says nothing about our Land
        return False
    return any(getattr(land, "key", None) == land_key for land in laender or ())


def _land(
    land_key: str, land_name: str | None, land_code: str | None, land_lists: list[Path]
) -> tuple[str, str, str, str]:
    """(name, ISO code, source title, source URN) of the Land — from the options or lists."""
    try:
        check_key(land_key, KeyKind.LAND, field="--land-key")
    except KeyFormatError as exc:
        raise ScaffoldError(str(exc)) from None
    source = None
    for path in land_lists:
        cl = read_genericode(path)
        row = cl.lookup(land_key)
        if row is None:
            raise ScaffoldError(f"--codelist {path}: the Länder list has no key {land_key!r}")
        names = [v for k, v in row.items() if k != cl.key_column and v]
        land_name = land_name or (names[0] if names else None)
        source = (
            f"Destatis, Schlüsselverzeichnis der Länder ({cl.urn}, Version {cl.version})",
            cl.urn,
        )
    if land_name is None:
        raise ScaffoldError(
            f"the name of Land {land_key!r} is unknown: give --land-name, or "
            f"pass Destatis' Länder list ({LAND_LIST}) with --codelist"
        )
    if land_code is None or not re.fullmatch(r"DE-[A-Z]{2}", land_code):
        raise ScaffoldError(
            f"--land-code {land_code!r}: give the Land's ISO 3166-2 code, e.g. 'DE-BB'"
        )
    if source is None:
        source = (
            "Landesschlüssel = erste zwei Stellen der Schlüssel im Destatis-"
            "Gemeindeverzeichnis (AGS-Liste, siehe kommunen.json)",
            "urn:de:bund:destatis:bevoelkerungsstatistik:schluessel:ags",
        )
    return land_name, land_code, *source


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
        path = Path(item)
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
    land_name, land_code, land_source, land_urn = land
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
        "land_source_url": f"https://www.xrepository.de/details/{land_urn}",
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
        f"Land {land_key} is contributed already by the installed plugin {ep.name!r}; "
        f"two plugins for one Land conflict (the first loaded keeps it)"
        for ep in md.entry_points(group=ENTRY_POINT_GROUP)
        if ep.name != names.name and _contributes_land(ep, land_key)
    ]
    return ScaffoldResult(
        work,
        tuple(written),
        len(kommunen),
        tuple(str(p) for _, p in lists),
        tuple(skipped),
        tuple(warnings),
    )
