"""An XRepository-style client: fetch a code list or schema by URN and version into the cache.

URL patterns (as real XRepository clients use them, relative to ``base_url``):

* ``api/codeliste/{urn}/gueltigeVersion`` — the current version (an XML document whose
  ``kennung`` element holds ``{urn}_{version}``)
* ``api/version_codeliste/{urn}_{version}/genericode`` — one version as genericode
* schemas: an absolute ``http(s)://`` URL as is, a relative path against ``base_url``, or a
  URN + version through :attr:`XRepositoryClient.schema_path`

Behaviour, in order: ``offline`` never touches the network (cache only). Otherwise a request
is conditional (``If-None-Match``/``If-Modified-Since``) when an intact cached copy has an
ETag or Last-Modified; ``304`` returns that copy. Connection errors, timeouts, a body cut
short and ``5xx``/``429`` are retried with exponential backoff; ``4xx`` is not. Every body is
checked (hardened parser; for code lists genericode whose CanonicalUri and Version are the
ones asked for) before it is written atomically — a truncated or wrong body is never cached.
When the fetch fails, a cached copy is returned with a ``warning``; without one,
:class:`FetchError` names the URL, the status or cause and the number of attempts.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urljoin

import attrs

from .. import __version__
from ..xml import XmlInputError, parse_bytes
from .cache import CodeListCache
from .genericode import GC, GenericodeError, read_genericode

# requests (~40 ms with urllib3) is imported where a request is made, so the command line
# (``kommune --help`` shows ``codelists fetch`` with DEFAULT_SERVER) does not pay for it
if TYPE_CHECKING:
    import requests

__all__ = ["DEFAULT_SERVER", "SERVER_VAR", "FetchError", "FetchResult", "XRepositoryClient"]

#: XRepository's base URL; ``KOMMUNE_XREPOSITORY_URL`` replaces it.
DEFAULT_SERVER = "https://www.xrepository.de/"
SERVER_VAR = "KOMMUNE_XREPOSITORY_URL"

XSD = "http://www.w3.org/2001/XMLSchema"
_RETRY_STATUS = frozenset({429, 500, 502, 503, 504})
_MAX_RETRY_AFTER = 30.0
#: bytes per read of a body: small, so the deadline is checked often while it drips in
_PIECE = 16384


@attrs.frozen
class FetchResult:
    """Where the file is now; ``from_cache`` if no new bytes were downloaded (304, offline,
    fallback); ``warning`` says why a cached copy stood in for a failed fetch."""

    path: Path
    urn: str
    version: str
    from_cache: bool
    warning: str | None = None


class FetchError(RuntimeError):
    """A fetch failed and no cached copy could stand in. Names URL, status/cause, attempts."""

    def __init__(
        self,
        message: str,
        *,
        url: str | None = None,
        status: int | None = None,
        cause: str | None = None,
        attempts: int = 0,
    ) -> None:
        super().__init__(message)
        self.message, self.url, self.status = message, url, status
        self.cause, self.attempts = cause or message, attempts


class _Retryable(Exception):
    """A failure worth another attempt (transport error, 5xx, body cut short) — unless
    ``final``: the deadline has passed, no attempt is left."""

    def __init__(
        self,
        cause: str,
        status: int | None = None,
        retry_after: float | None = None,
        *,
        final: bool = False,
    ) -> None:
        super().__init__(cause)
        self.cause, self.status, self.retry_after = cause, status, retry_after
        self.final = final


@attrs.frozen
class _Answer:
    status: int
    content: bytes
    etag: str | None
    last_modified: str | None
    attempts: int


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _retry_after(value: str | None) -> float | None:
    if value and value.strip().isdigit():
        return min(float(value.strip()), _MAX_RETRY_AFTER)
    return None


class XRepositoryClient:
    """Fetches code lists and schemas into a :class:`CodeListCache` (see module docstring)."""

    #: URN + version → schema URL path; XRepository publishes schemas per standard version.
    schema_path = "api/version_standard/{urn}_{version}/xsd"

    def __init__(
        self,
        base_url: str,
        cache: CodeListCache,
        *,
        timeout: float = 10.0,
        retries: int = 3,
        backoff: float = 0.5,
        offline: bool = False,
        session: requests.Session | None = None,
        max_bytes: int = 100_000_000,
        total_timeout: float | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if retries < 0:
            raise ValueError(f"retries must be ≥ 0, got {retries}")
        if timeout <= 0:
            raise ValueError(f"timeout must be > 0 seconds, got {timeout}")
        self.base_url = base_url if base_url.endswith("/") else base_url + "/"
        self.cache, self.offline = cache, offline
        self.timeout, self.retries, self.backoff = timeout, retries, backoff
        self.max_bytes = max_bytes
        # A fetch (all its attempts and waits) ends at this deadline, even if bytes keep
        # trickling in; ``timeout`` bounds each connect and each wait for more bytes.
        self.total_timeout = total_timeout if total_timeout is not None else max(60.0, 6 * timeout)
        if self.total_timeout <= 0:
            raise ValueError(f"total_timeout must be > 0 seconds, got {self.total_timeout}")
        self._sleep, self._clock = sleep, clock
        if session is None:
            import requests

            session = requests.Session()
            session.headers["User-Agent"] = f"kommune-interop/{__version__}"
        self.session = session

    # -- public API --------------------------------------------------------------------------
    def fetch_codelist(self, urn: str, version: str | None = None) -> FetchResult:
        """Fetch ``urn`` in ``version`` (None: the server's current version) into the cache."""
        _check_id(urn, "URN")
        if version is not None:
            _check_id(version, "version")
        if self.offline:
            return self._offline(urn, version, "codelist")
        if version is not None:
            return self._fetch_version(urn, version)
        try:
            current = self.current_version(urn)
            return self._fetch_version(urn, current)
        except FetchError as exc:
            # "The current version" was asked for: any cached version beats none.
            return self._fallback(urn, None, "codelist", exc)

    def _fetch_version(self, urn: str, version: str) -> FetchResult:
        url = self._url(f"api/version_codeliste/{_q(urn)}_{_q(version)}/genericode")
        return self._fetch(
            urn,
            version,
            "codelist",
            url,
            lambda data: _check_genericode(data, url, urn, version),
            _check_genericode_file(urn, version),
        )

    def fetch_schema(self, url_or_urn: str, version: str | None = None) -> FetchResult:
        """Fetch a schema: ``http(s)://…`` as is, ``urn:…`` with ``version`` through
        :attr:`schema_path`, anything else as a path relative to ``base_url``. Cached under
        the URL or URN and ``version`` (``"current"`` when none is given)."""
        _check_id(url_or_urn, "schema URL or URN", url_ok=True)
        if url_or_urn.lower().startswith("urn:"):
            if version is None:
                raise ValueError(f"{url_or_urn}: a schema URN needs a version")
            url = self._url(self.schema_path.format(urn=_q(url_or_urn), version=_q(version)))
        elif re.match(r"^https?://", url_or_urn, re.I):
            url = url_or_urn
        else:
            url = self._url(url_or_urn.lstrip("/"))
        key_version = version or "current"
        if self.offline:
            return self._offline(url_or_urn, key_version, "schema")
        return self._fetch(
            url_or_urn, key_version, "schema", url, lambda data: _check_schema(data, url), None
        )

    def current_version(self, urn: str) -> str:
        """Ask the server which version of ``urn`` is current (``gueltigeVersion``)."""
        url = self._url(f"api/codeliste/{_q(urn)}/gueltigeVersion")
        answer = self._get(url, {}, lambda data: _well_formed(data, url))
        return _version_from_answer(answer.content, url, urn, answer.attempts)

    # -- engine ------------------------------------------------------------------------------
    def _url(self, path: str) -> str:
        return urljoin(self.base_url, path)

    def _offline(self, key: str, version: str | None, kind: str) -> FetchResult:
        path = self.cache.get(key, version, kind)
        if path is None:
            what = f"version {version}" if version else "any version"
            raise FetchError(
                f"offline: {key} ({what}) is not in the cache {self.cache.root}; "
                f"fetch it once without --offline",
                cause="offline, not cached",
                attempts=0,
            )
        return FetchResult(path, key, version or self._version_of(key, path, kind), True)

    def _version_of(self, key: str, path: Path, kind: str) -> str:
        for v in reversed(self.cache.versions(key, kind)):
            if self.cache.path(key, v, kind) == path:
                return v
        return path.stem

    def _fallback(self, key: str, version: str | None, kind: str, exc: FetchError) -> FetchResult:
        path = self.cache.get(key, version, kind)
        if path is None:
            raise exc
        used = version or self._version_of(key, path, kind)
        return FetchResult(
            path,
            key,
            used,
            True,
            warning=f"{exc}; using the cached copy of version {used} ({path})",
        )

    def _fetch(
        self,
        key: str,
        version: str,
        kind: str,
        url: str,
        validate: Callable[[bytes], None],
        check_file: Callable[[Path], None] | None,
    ) -> FetchResult:
        headers: dict[str, str] = {}
        meta = self.cache.meta(key, version, kind) or {}
        if self.cache.intact(key, version, kind):
            if meta.get("etag"):
                headers["If-None-Match"] = meta["etag"]
            if meta.get("last_modified"):
                headers["If-Modified-Since"] = meta["last_modified"]
        try:
            answer = self._get(url, headers, validate)
            if answer.status == 304:
                cached = self.cache.get(key, version, kind)
                if cached is None or not headers:
                    raise FetchError(
                        f"{url}: server answered 304 Not Modified to an unconditional request",
                        url=url,
                        status=304,
                        attempts=answer.attempts,
                    )
                return FetchResult(cached, key, version, True)
            path = self.cache.put(
                key,
                version,
                answer.content,
                kind=kind,
                check=check_file,
                meta={
                    "url": url,
                    "etag": answer.etag,
                    "last_modified": answer.last_modified,
                    "fetched": _now(),
                },
            )
        except GenericodeError as exc:  # from the full reader, run on the temp file
            err = FetchError(
                f"{url}: the body is no usable genericode ({exc}); not cached",
                url=url,
                status=200,
                cause=str(exc),
                attempts=1,
            )
            return self._fallback(key, version, kind, err)
        except FetchError as exc:
            return self._fallback(key, version, kind, exc)
        return FetchResult(path, key, version, False)

    def _get(self, url: str, headers: dict[str, str], validate: Callable[[bytes], None]) -> _Answer:
        """GET with retries; returns a 200 whose body passed ``validate``, or a 304. All
        attempts together end at the deadline (:attr:`total_timeout` from now)."""
        deadline = self._clock() + self.total_timeout
        attempts, last = 0, None
        for attempt in range(1, self.retries + 2):
            attempts = attempt
            try:
                return self._attempt(url, headers, validate, attempt, deadline)
            except _Retryable as exc:
                last = exc
                if exc.final:
                    break
                if attempt <= self.retries:
                    delay = self.backoff * (2 ** (attempt - 1))
                    if exc.retry_after is not None:
                        delay = max(delay, exc.retry_after)
                    if self._clock() + delay >= deadline:
                        break  # no time left for another attempt
                    self._sleep(delay)
        assert last is not None
        raise FetchError(
            f"{url}: {last.cause} (gave up after {attempts} attempts)",
            url=url,
            status=last.status,
            cause=last.cause,
            attempts=attempts,
        )

    def _attempt(
        self,
        url: str,
        headers: dict[str, str],
        validate: Callable[[bytes], None],
        attempt: int,
        deadline: float,
    ) -> _Answer:
        remaining = deadline - self._clock()
        if remaining <= 0:
            raise _Retryable(
                f"no answer within the deadline of {self.total_timeout:g} s", final=True
            )
        timeout = min(self.timeout, remaining)
        import requests

        try:
            with self.session.get(
                url, headers=headers, stream=True, timeout=(timeout, timeout)
            ) as resp:
                status = resp.status_code
                if status in _RETRY_STATUS:
                    raise _Retryable(
                        f"HTTP {status} {resp.reason or ''}".strip(),
                        status,
                        _retry_after(resp.headers.get("Retry-After")),
                    )
                if status == 304:
                    return _Answer(
                        304,
                        b"",
                        resp.headers.get("ETag"),
                        resp.headers.get("Last-Modified"),
                        attempt,
                    )
                if status != 200:
                    what = "not found" if status == 404 else (resp.reason or "refused")
                    raise FetchError(
                        f"{url}: HTTP {status} {what} (not retried)",
                        url=url,
                        status=status,
                        cause=f"HTTP {status} {what}",
                        attempts=attempt,
                    )
                declared = resp.headers.get("Content-Length")
                length = int(declared) if declared and declared.isdigit() else None
                if length is not None and length > self.max_bytes:
                    raise FetchError(
                        f"{url}: body of {declared} bytes exceeds the limit of {self.max_bytes}",
                        url=url,
                        status=status,
                        attempts=attempt,
                    )
                content = self._body(resp, url, length, deadline, attempt)
                etag, modified = resp.headers.get("ETag"), resp.headers.get("Last-Modified")
        except requests.Timeout as exc:
            raise _Retryable(f"timed out after {timeout:g} s ({type(exc).__name__})") from None
        except requests.exceptions.ChunkedEncodingError as exc:
            raise _Retryable(f"body cut short ({_short(exc)})") from None
        except requests.ConnectionError as exc:
            raise _Retryable(f"connection failed ({_short(exc)})") from None
        except requests.RequestException as exc:
            raise FetchError(
                f"{url}: {_short(exc)}", url=url, cause=_short(exc), attempts=attempt
            ) from None
        try:
            validate(content)
        except XmlInputError as exc:
            if exc.rule == "xml.truncated":
                raise _Retryable(f"body cut short: {exc.message}", 200) from None
            raise FetchError(
                f"{url}: the body was refused: {exc}; not cached",
                url=url,
                status=200,
                cause=exc.message,
                attempts=attempt,
            ) from None
        except ValueError as exc:  # GenericodeError, wrong list or version, no schema
            raise FetchError(
                f"{url}: {exc}; not cached", url=url, status=200, cause=str(exc), attempts=attempt
            ) from None
        return _Answer(200, content, etag, modified, attempt)

    def _body(
        self, resp: requests.Response, url: str, length: int | None, deadline: float, attempt: int
    ) -> bytes:
        """The whole body, read in small pieces as they arrive. The deadline is checked
        before every read and bounds the socket's wait for the next bytes, so a body that
        drips in fails at the deadline, not 64 KB later; a body that is complete when the
        deadline passes is kept."""
        import requests
        from urllib3.exceptions import ProtocolError, ReadTimeoutError

        raw = resp.raw
        sock = getattr(getattr(raw, "connection", None), "sock", None)
        chunks: list[bytes] = []
        size = 0
        while True:
            remaining = deadline - self._clock()
            if remaining <= 0:
                if (length is not None and size >= length) or self._at_end(raw, sock):
                    break  # complete when the deadline came: keep it
                raise _Retryable(
                    f"body still incomplete after {self.total_timeout:g} s "
                    f"({size} bytes; server too slow)",
                    final=True,
                )
            try:
                if sock is not None:
                    sock.settimeout(min(self.timeout, remaining))
                chunk = raw.read1(_PIECE, decode_content=True)
            except ReadTimeoutError:
                if self._clock() >= deadline:
                    continue  # the loop head decides: complete or too slow
                raise requests.Timeout("no bytes within the read timeout") from None
            except (ProtocolError, OSError) as exc:
                raise requests.exceptions.ChunkedEncodingError(exc) from None
            if not chunk:
                if length is not None and size < length:
                    raise requests.exceptions.ChunkedEncodingError(
                        f"connection closed after {size} of {length} bytes"
                    )
                break
            size += len(chunk)
            if size > self.max_bytes:
                raise FetchError(
                    f"{url}: body exceeds the limit of {self.max_bytes} bytes",
                    url=url,
                    status=resp.status_code,
                    attempts=attempt,
                )
            chunks.append(chunk)
        return b"".join(chunks)

    @staticmethod
    def _at_end(raw: Any, sock: Any) -> bool:
        """Whether the body has ended (checked once the deadline has passed): one read that
        waits at most a moment for the end of the stream."""
        from urllib3.exceptions import ProtocolError, ReadTimeoutError

        try:
            if sock is not None:
                sock.settimeout(0.05)
            return raw.read1(1, decode_content=True) == b""
        except (ReadTimeoutError, ProtocolError, OSError):
            return False


def _short(exc: BaseException) -> str:
    text = str(exc)
    return text if len(text) <= 200 else text[:197] + "…"


_ID = re.compile(r"^[^\s/?#]+$")


def _check_id(value: str, what: str, *, url_ok: bool = False) -> None:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{what} is empty")
    if not url_ok and not _ID.match(value):
        raise ValueError(f"{what} {value!r} contains white space, '/', '?' or '#'")
    if url_ok and any(c.isspace() for c in value):
        raise ValueError(f"{what} {value!r} contains white space")


def _q(part: str) -> str:
    return quote(part, safe=":._-~")


def _well_formed(data: bytes, url: str) -> None:
    parse_bytes(data, file=url)  # raises XmlInputError; xml.truncated is retried


def _version_from_answer(content: bytes, url: str, urn: str, attempts: int) -> str:
    prefix = urn + "_"
    try:
        root = parse_bytes(content, file=url).getroot()
    except XmlInputError as exc:
        raise FetchError(
            f"{url}: the answer is no XML ({exc})", url=url, status=200, attempts=attempts
        ) from None
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag.rsplit("}", 1)[-1] == "kennung":
            text = (el.text or "").strip()
            if text.startswith(prefix) and len(text) > len(prefix):
                return text[len(prefix) :]
    raise FetchError(
        f"{url}: the answer names no version of {urn} (no <kennung>{prefix}…)",
        url=url,
        status=200,
        attempts=attempts,
    )


def _check_genericode(data: bytes, url: str, urn: str, version: str) -> None:
    """Hardened parse plus identity: raises XmlInputError (malformed, truncated …) or
    GenericodeError (no code list, or another list/version than asked for)."""
    root = parse_bytes(data, file=url).getroot()
    if root.tag != f"{{{GC}}}CodeList":
        raise GenericodeError(
            f"{url}:{root.sourceline}: root element is {root.tag!r}, expected genericode CodeList"
        )
    got_urn = (root.findtext("Identification/CanonicalUri") or "").strip()
    got_version = (root.findtext("Identification/Version") or "").strip()
    if (got_urn, got_version) != (urn, version):
        raise GenericodeError(
            f"{url}: the server sent {got_urn or '?'} version "
            f"{got_version or '?'}, but {urn} version {version} was asked for"
        )


def _check_genericode_file(urn: str, version: str) -> Callable[[Path], None]:
    def check(path: Path) -> None:
        cl = read_genericode(path)  # columns, key column: the full reader must accept it
        if (cl.urn, cl.version) != (urn, version):
            raise GenericodeError(f"{path}: holds {cl.urn} {cl.version}, not {urn} {version}")

    return check


def _check_schema(data: bytes, url: str) -> None:
    root = parse_bytes(data, file=url).getroot()
    if root.tag != f"{{{XSD}}}schema":
        raise ValueError(f"the body's root element is {root.tag!r}, expected xs:schema")
