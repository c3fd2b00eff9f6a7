"""A cache directory for code lists and schemas fetched from an XRepository-style server.

Layout (every name filesystem-safe, see :func:`safe_name`)::

    <root>/codelist/<urn>/<version>.xml         the genericode file, byte for byte as fetched
    <root>/codelist/<urn>/<version>.meta.json   urn, version, url, etag, last_modified,
                                                fetched (UTC ISO), sha256, size
    <root>/schema/<url-or-urn>/<version>.xsd    schemas likewise

Every write is atomic: a temp file in the same folder, flushed and fsynced, then
``os.replace`` — a killed process leaves either the old file or the new one, never a torn
one, and no temp file survives an error. The data file is replaced before its metadata, and
the metadata records the data's SHA-256, so a crash between the two cannot make a stale ETag
vouch for the wrong bytes (the client only revalidates when the hashes match).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import attrs

from ..files import atomic_write

__all__ = ["CacheEntry", "CodeListCache", "atomic_write_bytes", "default_cache_dir", "safe_name"]

KINDS = {"codelist": ".xml", "schema": ".xsd"}
_META = ".meta.json"
_UNSAFE = re.compile(r"[^A-Za-z0-9_.\-]")


def default_cache_dir() -> Path:
    """``$KOMMUNE_CACHE_DIR``, else ``$XDG_CACHE_HOME/kommune-interop``, else
    ``~/.cache/kommune-interop``."""
    env = os.environ.get("KOMMUNE_CACHE_DIR")
    if env:
        return Path(env).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".cache"
    return base / "kommune-interop"


def safe_name(text: str) -> str:
    """A file name for ``text``: every character outside ``[A-Za-z0-9_.-]`` (``:`` ``/`` …)
    becomes ``%XX`` of its UTF-8 bytes; a leading dot is escaped too, so ``..`` can never
    climb out of the cache. Reversible with :func:`urllib.parse.unquote` unless the name was
    too long (then shortened and suffixed with a hash; the metadata keeps the original)."""
    if not text:
        raise ValueError("an empty URN or version cannot name a cache file")
    out = _UNSAFE.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode()), text)
    if out.startswith("."):
        out = "%2E" + out[1:]
    if len(out) > 180:
        out = out[:150] + "~" + hashlib.sha256(text.encode()).hexdigest()[:24]
    return out


def _unsafe_name(name: str) -> str:
    from urllib.parse import unquote

    return unquote(name)


def atomic_write_bytes(
    path: Path, data: bytes, *, check: Callable[[Path], None] | None = None
) -> None:
    """Write ``data`` to ``path`` atomically (see :func:`kommune_core.files.atomic_write`)."""
    atomic_write(path, data, check=check)


_NUMBER = re.compile(r"(\d+)")


def version_key(version: str) -> tuple[tuple[int, int | str], ...]:
    """Natural order for versions: ``2 < 10``, ``2026-01-31 < 2026-04-30``, ``2.4 < 2.10``."""
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in _NUMBER.split(version) if p)


@attrs.frozen
class CacheEntry:
    """One cached file with what its metadata says (``meta`` is ``{}`` if it is missing)."""

    kind: str
    urn: str
    version: str
    path: Path
    size: int
    meta: dict = attrs.field(factory=dict, eq=False, repr=False)  # type: ignore[type-arg]


class CodeListCache:
    """Code lists and schemas on disk, keyed by URN (or URL) and version."""

    def __init__(self, root: Path | str | None = None) -> None:
        self.root = Path(root).expanduser() if root is not None else default_cache_dir()

    def __repr__(self) -> str:
        return f"CodeListCache({str(self.root)!r})"

    # -- locations -------------------------------------------------------------------------
    def folder(self, urn: str, kind: str = "codelist") -> Path:
        if kind not in KINDS:
            raise ValueError(f"unknown cache kind {kind!r}; expected one of {sorted(KINDS)}")
        return self.root / kind / safe_name(urn)

    def path(self, urn: str, version: str, kind: str = "codelist") -> Path:
        """Where ``urn`` in ``version`` lives (whether or not it is cached yet)."""
        return self.folder(urn, kind) / f"{safe_name(version)}{KINDS[kind]}"

    def meta_path(self, urn: str, version: str, kind: str = "codelist") -> Path:
        return self.folder(urn, kind) / f"{safe_name(version)}{_META}"

    # -- reading ---------------------------------------------------------------------------
    def versions(self, urn: str, kind: str = "codelist") -> list[str]:
        """Cached versions of ``urn``, oldest first (natural version order)."""
        folder = self.folder(urn, kind)
        suffix = KINDS[kind]
        if not folder.is_dir():
            return []
        found = []
        for p in folder.iterdir():
            if p.name.endswith(suffix) and not p.name.startswith(".") and p.is_file():
                stem = p.name[: -len(suffix)]
                meta = self._read_meta(folder / f"{stem}{_META}")
                found.append(str(meta.get("version") or _unsafe_name(stem)))
        return sorted(found, key=version_key)

    def get(self, urn: str, version: str | None = None, kind: str = "codelist") -> Path | None:
        """The cached file, or None. ``version=None``: the newest cached version."""
        if version is None:
            versions = self.versions(urn, kind)
            if not versions:
                return None
            version = versions[-1]
        p = self.path(urn, version, kind)
        return p if p.is_file() else None

    def meta(self, urn: str, version: str, kind: str = "codelist") -> dict | None:  # type: ignore[type-arg]
        """The stored metadata (etag, last_modified, url, fetched, sha256 …) or None."""
        p = self.meta_path(urn, version, kind)
        return self._read_meta(p) or None

    @staticmethod
    def _read_meta(p: Path) -> dict:  # type: ignore[type-arg]
        try:
            value = json.loads(p.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}  # missing or damaged metadata only costs a revalidation
        return value if isinstance(value, dict) else {}

    def intact(self, urn: str, version: str, kind: str = "codelist") -> bool:
        """Whether the cached file exists and matches the SHA-256 its metadata records."""
        p, meta = self.get(urn, version, kind), self.meta(urn, version, kind)
        if p is None or not meta or "sha256" not in meta:
            return False
        return hashlib.sha256(p.read_bytes()).hexdigest() == meta["sha256"]

    def entries(self) -> Iterator[CacheEntry]:
        """Every cached file, by kind, URN and version."""
        for kind, suffix in KINDS.items():
            base = self.root / kind
            if not base.is_dir():
                continue
            for folder in sorted(base.iterdir()):
                if not folder.is_dir():
                    continue
                for p in sorted(folder.iterdir()):
                    if not p.name.endswith(suffix) or p.name.startswith("."):
                        continue
                    stem = p.name[: -len(suffix)]
                    meta = self._read_meta(folder / f"{stem}{_META}")
                    yield CacheEntry(
                        kind=kind,
                        urn=str(meta.get("urn") or _unsafe_name(folder.name)),
                        version=str(meta.get("version") or _unsafe_name(stem)),
                        path=p,
                        size=p.stat().st_size,
                        meta=meta,
                    )

    # -- writing ---------------------------------------------------------------------------
    def put(
        self,
        urn: str,
        version: str,
        data: bytes,
        *,
        kind: str = "codelist",
        meta: dict | None = None,  # type: ignore[type-arg]
        check: Callable[[Path], None] | None = None,
    ) -> Path:
        """Store ``data`` atomically and its metadata beside it (also atomically).

        ``check`` runs on the complete temp file before it replaces the cached one; if it
        raises, the previous file stays as it was. Returns the file's path."""
        target = self.path(urn, version, kind)
        atomic_write_bytes(target, data, check=check)
        record = {k: v for k, v in (meta or {}).items() if v is not None}
        record.update(
            urn=urn,
            version=version,
            kind=kind,
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
        )
        text = json.dumps(record, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        atomic_write_bytes(self.meta_path(urn, version, kind), text.encode("utf-8"))
        return target
