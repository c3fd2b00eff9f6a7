"""Fixtures for the validation tests, among them a small XRepository-like HTTP server.

``xrepo_server`` runs on 127.0.0.1 (a free port) in a thread for one test and serves
genericode lists and schemas with the URL patterns real XRepository clients use:

* ``GET /api/codeliste/{urn}/gueltigeVersion`` → ``<dat:VersionCodeliste>`` with
  ``<dat:kennung>{urn}_{version}</dat:kennung>`` for the current version
* ``GET /api/version_codeliste/{urn}_{version}/genericode`` → the genericode file
* ``GET /api/xrepository/{urn}`` → the known versions
* ``GET /api/version_standard/{urn}_{version}/xsd`` and any path added with ``add_schema``

Answers carry ``ETag`` and ``Last-Modified`` (each switchable) and honour
``If-None-Match``/``If-Modified-Since`` with ``304``. Faults are switched on per test::

    xrepo_server.fail("status", status=500, times=2)     # two 500s, then normal answers
    xrepo_server.fail("slow", delay=2.0)                 # headers only after 2 s
    xrepo_server.fail("slow-body", delay=0.2)            # body trickles, 0.2 s per chunk
    xrepo_server.fail("drip", delay=0.05)                # body drips, one byte per 0.05 s
    xrepo_server.fail("truncate")                        # Content-Length says more than sent
    xrepo_server.fail("truncate-close")                  # no Content-Length, half the body
    xrepo_server.fail("drop")                            # close without any answer
    xrepo_server.fail("body", body=b"...")               # 200 with these bytes instead
    xrepo_server.fail("status", status=404, match="gueltigeVersion", times=None)  # always
    xrepo_server.fail("status", status=503, retry_after=2)  # with a Retry-After header

``xrepo_server.requests`` records every request (method, path, headers) for assertions,
``xrepo_server.dripped`` the bytes of each dripped body that reached the socket.
Use it from any test below ``tests/validation``; ``make_genericode(urn, version, rows)``
builds a small valid genericode list, ``http_session`` a requests session that ignores
proxy variables (so 127.0.0.1 is always reached directly).
"""

from __future__ import annotations

import email.utils
import hashlib
import sys
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit
from xml.sax.saxutils import escape

import attrs
import pytest
import requests
from lxml import etree

GC = "http://docs.oasis-open.org/codelist/ns/genericode/1.0/"
DAT = "http://xoev.de/schemata/xrepository/daten"  # stands in for XRepository's own namespace


def well_formed_xml(folder: Path) -> Iterator[tuple[Path, etree._ElementTree]]:
    """The ``*.xml`` files of ``folder`` in name order, each with its parsed tree; files that
    ``kommune_core.xml.parse_file`` refuses (``ValueError``) are passed over."""
    from kommune_core.xml import parse_file

    for f in sorted(folder.glob("*.xml")):
        try:
            tree = parse_file(f)
        except ValueError:
            continue
        yield f, tree


def make_genericode(urn: str, version: str, rows: list[tuple[str, str]] | None = None) -> bytes:
    """A small valid genericode 1.0 list (xoev-cl-4 dialect) with columns Schluessel/Wert."""
    rows = rows if rows is not None else [("001", "Eins"), ("002", "Zwei"), ("003", "Drei")]
    body = "".join(
        f'    <Row>\n      <Value ColumnRef="Schluessel"><SimpleValue>{escape(k)}</SimpleValue>'
        f'</Value>\n      <Value ColumnRef="Wert"><SimpleValue>{escape(v)}</SimpleValue>'
        f"</Value>\n    </Row>\n"
        for k, v in rows
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<gc:CodeList xmlns:gc="{GC}" xmlns:xoev-cl-4="http://xoev.de/schemata/genericode/4">
  <Annotation><Description><xoev-cl-4:shortName>test</xoev-cl-4:shortName></Description></Annotation>
  <Identification>
    <ShortName>test</ShortName>
    <LongName>Testliste {escape(urn)}</LongName>
    <Version>{escape(version)}</Version>
    <CanonicalUri>{escape(urn)}</CanonicalUri>
    <CanonicalVersionUri>{escape(urn)}_{escape(version)}</CanonicalVersionUri>
    <Agency><LongName>Testagentur</LongName></Agency>
  </Identification>
  <ColumnSet>
    <Column Id="Schluessel" Use="required"><ShortName>Schluessel</ShortName>
      <Data Type="string"/></Column>
    <Column Id="Wert" Use="required"><ShortName>Wert</ShortName><Data Type="string"/></Column>
    <Key Id="SchluesselKey">
      <Annotation><AppInfo><xoev-cl-4:recommendedKeyColumn/></AppInfo></Annotation>
      <ShortName>SchluesselKey</ShortName><ColumnRef Ref="Schluessel"/>
    </Key>
  </ColumnSet>
  <SimpleCodeList>
{body}  </SimpleCodeList>
</gc:CodeList>
""".encode()


@attrs.define
class Fault:
    kind: str
    status: int = 500
    delay: float = 0.0
    body: bytes | None = None
    match: str = ""
    times: int | None = 1  # None: forever
    retry_after: int | None = None


@attrs.frozen
class Recorded:
    method: str
    path: str
    headers: dict[str, str]


@attrs.define
class _Item:
    data: bytes
    etag: str
    modified: float


class XRepoServer:
    """An XRepository-like server on 127.0.0.1; see the module docstring."""

    def __init__(self) -> None:
        self.lists: dict[tuple[str, str], _Item] = {}
        self.current: dict[str, str] = {}
        self.schemas: dict[str, _Item] = {}
        self.faults: list[Fault] = []
        self.requests: list[Recorded] = []
        self.dripped: list[int] = []
        self.send_etag = True
        self.send_last_modified = True
        self.honour_conditional = True
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- content -------------------------------------------------------------------------
    @staticmethod
    def _item(data: bytes, modified: float | None = None) -> _Item:
        etag = '"' + hashlib.sha256(data).hexdigest()[:20] + '"'
        return _Item(data, etag, modified if modified is not None else time.time() - 86400)

    def add_codelist(
        self, data: bytes, *, current: bool = True, modified: float | None = None
    ) -> tuple[str, str]:
        """Serve a genericode file; returns its (urn, version)."""
        root = etree.fromstring(data)
        urn = root.findtext("Identification/CanonicalUri").strip()
        version = root.findtext("Identification/Version").strip()
        with self._lock:
            self.lists[(urn, version)] = self._item(data, modified)
            if current:
                self.current[urn] = version
        return urn, version

    def add_folder(self, folder: Path) -> int:
        """Serve every genericode ``*.xml`` of ``folder`` (the newest-added is current)."""
        n = 0
        for p in sorted(folder.glob("*.xml")):
            self.add_codelist(p.read_bytes())
            n += 1
        return n

    def add_schema(self, path: str, data: bytes) -> str:
        """Serve ``data`` at ``path`` (e.g. ``schemas/x.xsd`` or
        ``api/version_standard/{urn}_{version}/xsd``); returns the full URL."""
        with self._lock:
            self.schemas["/" + path.lstrip("/")] = self._item(data)
        return self.url + "/" + path.lstrip("/")

    def fail(
        self,
        kind: str,
        *,
        status: int = 500,
        delay: float = 0.0,
        body: bytes | None = None,
        match: str = "",
        times: int | None = 1,
        retry_after: int | None = None,
    ) -> None:
        kinds = (
            "status",
            "slow",
            "slow-body",
            "drip",
            "truncate",
            "truncate-close",
            "drop",
            "body",
        )
        if kind not in kinds:
            raise ValueError(f"unknown fault {kind!r}; one of {kinds}")
        with self._lock:
            self.faults.append(Fault(kind, status, delay, body, match, times, retry_after))

    def clear_faults(self) -> None:
        with self._lock:
            self.faults.clear()

    def requests_to(self, fragment: str) -> list[Recorded]:
        return [r for r in self.requests if fragment in r.path]

    # -- lifecycle -------------------------------------------------------------------------
    @property
    def url(self) -> str:
        assert self._httpd is not None, "server not started"
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> XRepoServer:
        server = self

        class Handler(_Handler):
            repo = server

        self._httpd = _Server(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()  # wakes handlers that sleep for a "slow" fault
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def sleep(self, seconds: float) -> None:
        self._stop.wait(seconds)

    # -- routing (called from handler threads) ---------------------------------------------
    def take_fault(self, path: str) -> Fault | None:
        with self._lock:
            for fault in self.faults:
                if fault.match in path and (fault.times is None or fault.times > 0):
                    if fault.times is not None:
                        fault.times -= 1
                    return fault
        return None

    def route(self, path: str) -> tuple[int, _Item | None, str]:
        """(status, item, content type) for a GET of ``path``."""
        with self._lock:
            if path in self.schemas:
                return 200, self.schemas[path], "application/xml"
            parts = path.strip("/").split("/")
            if (
                len(parts) == 4
                and parts[:2] == ["api", "codeliste"]
                and parts[3] == "gueltigeVersion"
            ):
                urn = parts[2]
                version = self.current.get(urn)
                if version is None:
                    return 404, None, "text/plain"
                doc = (
                    f'<?xml version="1.0" encoding="UTF-8"?>\n<dat:VersionCodeliste '
                    f'xmlns:dat="{DAT}"><dat:kennung>{escape(urn)}_{escape(version)}'
                    f"</dat:kennung><dat:version>{escape(version)}</dat:version>"
                    f"</dat:VersionCodeliste>\n"
                ).encode()
                return 200, self._item(doc), "application/xml"
            if (
                len(parts) == 4
                and parts[:2] == ["api", "version_codeliste"]
                and parts[3] == "genericode"
            ):
                for (urn, version), item in self.lists.items():
                    if f"{urn}_{version}" == parts[2]:
                        return 200, item, "application/xml"
                return 404, None, "text/plain"
            if len(parts) == 3 and parts[:2] == ["api", "xrepository"]:
                versions = sorted(v for (u, v) in self.lists if u == parts[2])
                if not versions:
                    return 404, None, "text/plain"
                doc = "".join(
                    f"<dat:kennung>{escape(parts[2])}_{escape(v)}</dat:kennung>" for v in versions
                )
                return (
                    200,
                    self._item(f'<dat:Versionen xmlns:dat="{DAT}">{doc}</dat:Versionen>'.encode()),
                    "application/xml",
                )
        return 404, None, "text/plain"


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def handle_error(self, request: object, client_address: object) -> None:
        if isinstance(sys.exc_info()[1], OSError):
            return  # the client hung up (timeout tests); expected, not worth a traceback
        super().handle_error(request, client_address)  # type: ignore[arg-type]


class _Handler(BaseHTTPRequestHandler):
    repo: XRepoServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        repo = self.repo
        path = unquote(urlsplit(self.path).path)
        repo.requests.append(Recorded("GET", path, dict(self.headers.items())))
        fault = repo.take_fault(path)
        if fault is not None and fault.kind == "drop":
            self.close_connection = True
            return
        if fault is not None and fault.kind == "slow":
            repo.sleep(fault.delay)
        if fault is not None and fault.kind == "status":
            extra = {"Retry-After": str(fault.retry_after)} if fault.retry_after else {}
            return self._send(fault.status, b"simulated failure\n", "text/plain", extra=extra)
        status, item, ctype = repo.route(path)
        if item is None:
            return self._send(status, b"not found\n", ctype)
        if fault is not None and fault.kind == "body":
            return self._send(200, fault.body or b"", ctype)
        if repo.honour_conditional and self._not_modified(item):
            self.send_response(304)
            self._validators(item)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        data = item.data
        if fault is not None and fault.kind in ("truncate", "truncate-close"):
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            if fault.kind == "truncate":
                self.send_header("Content-Length", str(len(data)))
            self.send_header("Connection", "close")
            self._validators(item)
            self.end_headers()
            self._write(data[: len(data) // 2])
            self.close_connection = True
            return None
        if fault is not None and fault.kind == "drip":
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(data)))
            self._validators(item)
            self.end_headers()
            repo.dripped.append(0)
            for i in range(len(data)):
                if not self._write(data[i : i + 1]):
                    break
                repo.dripped[-1] += 1
                repo.sleep(fault.delay)
            self.close_connection = True
            return None
        if fault is not None and fault.kind == "slow-body":
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(data)))
            self._validators(item)
            self.end_headers()
            step = max(1, len(data) // 20)
            for i in range(0, len(data), step):
                if not self._write(data[i : i + step]):
                    break
                repo.sleep(fault.delay)
            self.close_connection = True
            return None
        return self._send(200, data, ctype, item)

    def _not_modified(self, item: _Item) -> bool:
        inm = self.headers.get("If-None-Match")
        if inm is not None and self.repo.send_etag:
            return item.etag in [t.strip() for t in inm.split(",")] or inm.strip() == "*"
        ims = self.headers.get("If-Modified-Since")
        if ims is not None and self.repo.send_last_modified:
            try:
                since = email.utils.parsedate_to_datetime(ims).timestamp()
            except (TypeError, ValueError):
                return False
            return int(item.modified) <= since
        return False

    def _validators(self, item: _Item) -> None:
        if self.repo.send_etag:
            self.send_header("ETag", item.etag)
        if self.repo.send_last_modified:
            self.send_header("Last-Modified", email.utils.formatdate(item.modified, usegmt=True))

    def _send(
        self,
        status: int,
        data: bytes,
        ctype: str,
        item: _Item | None = None,
        extra: dict[str, str] | None = None,
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        if item is not None:
            self._validators(item)
        self.end_headers()
        self._write(data)

    def _write(self, data: bytes) -> bool:
        try:
            self.wfile.write(data)
            self.wfile.flush()
        except OSError:  # the client gave up (timeout test); nothing to do
            self.close_connection = True
            return False
        return True


@pytest.fixture
def xrepo_server() -> Iterator[XRepoServer]:
    """A fresh XRepository-like server on 127.0.0.1 for one test (see module docstring)."""
    server = XRepoServer().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(name="make_genericode")
def make_genericode_fixture() -> Callable[..., bytes]:
    """``make_genericode(urn, version, rows=None) -> bytes``: a small valid genericode list."""
    return make_genericode


@pytest.fixture
def http_session() -> Iterator[requests.Session]:
    """A requests session that ignores *_PROXY variables: tests talk to 127.0.0.1 only."""
    session = requests.Session()
    session.trust_env = False
    try:
        yield session
    finally:
        session.close()
