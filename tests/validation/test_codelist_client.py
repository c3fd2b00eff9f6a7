"""The XRepository client and the cache, against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import hashlib
import io
import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from kommune_core.cli import main
from kommune_core.codelists import (
    CodeListCache,
    FetchError,
    XRepositoryClient,
    read_genericode,
)
from kommune_core.codelists.cache import safe_name, version_key

URN = "urn:de:test:codeliste:beispiel"
OTHER = "urn:de:test:codeliste:andere"


def leftovers(root: Path) -> list[Path]:
    """Temp files an atomic write must never leave behind."""
    return [p for p in root.rglob("*") if p.name.endswith(".tmp")]


@pytest.fixture
def cache(tmp_path: Path) -> CodeListCache:
    return CodeListCache(tmp_path / "cache")


@pytest.fixture
def sleeps() -> list[float]:
    return []


@pytest.fixture
def make_client(xrepo_server, cache, http_session, sleeps) -> Callable[..., XRepositoryClient]:
    """A client of the test server and cache (timeout 2 s, 3 retries, backoff 0.01 s, sleeps
    recorded in ``sleeps``), with the given keyword arguments changed."""

    def make(**changes: Any) -> XRepositoryClient:
        options = {"timeout": 2.0, "retries": 3, "backoff": 0.01, **changes}
        return XRepositoryClient(
            xrepo_server.url, cache, session=http_session, sleep=sleeps.append, **options
        )

    return make


@pytest.fixture
def client(make_client) -> XRepositoryClient:
    return make_client()


# -- happy path, versions, conditional requests -----------------------------------------------


def test_fetch_named_version_writes_file_and_metadata(client, cache, xrepo_server, make_genericode):
    data = make_genericode(URN, "2")
    xrepo_server.add_codelist(data)
    result = client.fetch_codelist(URN, "2")
    assert (result.urn, result.version, result.from_cache, result.warning) == (
        URN,
        "2",
        False,
        None,
    )
    assert result.path == cache.path(URN, "2") and result.path.read_bytes() == data
    meta = cache.meta(URN, "2")
    assert meta["etag"] and meta["last_modified"] and meta["fetched"]
    assert meta["url"].endswith(f"/api/version_codeliste/{URN}_2/genericode")
    assert meta["sha256"] == hashlib.sha256(data).hexdigest()
    assert read_genericode(result.path).codes() == {"001", "002", "003"}
    assert [r.path for r in xrepo_server.requests] == [f"/api/version_codeliste/{URN}_2/genericode"]


def test_version_none_asks_server_for_current_version(client, xrepo_server, make_genericode):
    xrepo_server.add_codelist(make_genericode(URN, "1"), current=False)
    xrepo_server.add_codelist(make_genericode(URN, "2026-04-30"))
    result = client.fetch_codelist(URN)
    assert result.version == "2026-04-30" and not result.from_cache
    assert [r.path for r in xrepo_server.requests] == [
        f"/api/codeliste/{URN}/gueltigeVersion",
        f"/api/version_codeliste/{URN}_2026-04-30/genericode",
    ]


def test_304_with_etag_returns_cached_copy(client, cache, xrepo_server, make_genericode):
    xrepo_server.add_codelist(make_genericode(URN, "2"))
    first = client.fetch_codelist(URN, "2")
    mtime = first.path.stat().st_mtime_ns
    second = client.fetch_codelist(URN, "2")
    assert second.from_cache and second.warning is None and second.path == first.path
    assert first.path.stat().st_mtime_ns == mtime  # not rewritten
    sent = xrepo_server.requests[-1].headers
    assert sent["If-None-Match"] == cache.meta(URN, "2")["etag"]


def test_304_with_last_modified_only(client, cache, xrepo_server, make_genericode):
    xrepo_server.send_etag = False
    xrepo_server.add_codelist(make_genericode(URN, "2"))
    client.fetch_codelist(URN, "2")
    assert "etag" not in cache.meta(URN, "2")
    second = client.fetch_codelist(URN, "2")
    assert second.from_cache
    sent = xrepo_server.requests[-1].headers
    assert "If-None-Match" not in sent and sent["If-Modified-Since"]


def test_server_without_conditional_support_sends_full_body(client, xrepo_server, make_genericode):
    xrepo_server.honour_conditional = False
    xrepo_server.add_codelist(make_genericode(URN, "2"))
    client.fetch_codelist(URN, "2")
    assert not client.fetch_codelist(URN, "2").from_cache


def test_no_conditional_request_when_cached_bytes_do_not_match_metadata(
    client, cache, xrepo_server, make_genericode
):
    xrepo_server.add_codelist(make_genericode(URN, "2"))
    path = client.fetch_codelist(URN, "2").path
    path.write_bytes(b"damaged")  # e.g. edited by hand; the stored ETag no longer vouches
    result = client.fetch_codelist(URN, "2")
    assert not result.from_cache and read_genericode(result.path).version == "2"
    assert "If-None-Match" not in xrepo_server.requests[-1].headers


# -- errors and retries ------------------------------------------------------------------------


def test_404_is_not_retried_and_names_url_status_attempts(client, cache, xrepo_server, sleeps):
    with pytest.raises(FetchError) as info:
        client.fetch_codelist(URN, "9")
    err = info.value
    assert err.status == 404 and err.attempts == 1 and sleeps == []
    assert f"/api/version_codeliste/{URN}_9/genericode" in str(err) and "404" in str(err)
    assert len(xrepo_server.requests) == 1
    assert cache.get(URN, "9") is None


def test_500_then_success_after_retries_with_exponential_backoff(
    client, xrepo_server, sleeps, make_genericode
):
    xrepo_server.add_codelist(make_genericode(URN, "2"))
    xrepo_server.fail("status", status=500, times=2)
    result = client.fetch_codelist(URN, "2")
    assert not result.from_cache and result.warning is None
    assert len(xrepo_server.requests) == 3
    assert sleeps == [0.01, 0.02]


def test_retry_after_is_honoured(client, xrepo_server, sleeps, make_genericode):
    xrepo_server.add_codelist(make_genericode(URN, "2"))
    xrepo_server.fail("status", status=429, retry_after=2)
    assert not client.fetch_codelist(URN, "2").from_cache
    assert sleeps == [2.0]


def test_persistent_500_gives_up_after_all_attempts(
    client, cache, xrepo_server, sleeps, make_genericode
):
    xrepo_server.add_codelist(make_genericode(URN, "2"))
    xrepo_server.fail("status", status=503, times=None)
    with pytest.raises(FetchError) as info:
        client.fetch_codelist(URN, "2")
    assert info.value.attempts == 4 and info.value.status == 503
    assert "503" in str(info.value) and "4 attempts" in str(info.value)
    assert sleeps == [0.01, 0.02, 0.04]
    assert cache.get(URN, "2") is None and leftovers(cache.root) == []


def test_timeout_is_retried_then_reported(xrepo_server, make_client, make_genericode):
    xrepo_server.add_codelist(make_genericode(URN, "2"))
    xrepo_server.fail("slow", delay=3.0, times=None)
    client = make_client(timeout=0.2, retries=1)
    with pytest.raises(FetchError) as info:
        client.fetch_codelist(URN, "2")
    assert info.value.attempts == 2 and "timed out" in str(info.value)
    assert len(xrepo_server.requests) == 2


def test_slow_response_within_timeout_succeeds(client, xrepo_server, make_genericode):
    xrepo_server.add_codelist(make_genericode(URN, "2"))
    xrepo_server.fail("slow", delay=0.3)
    result = client.fetch_codelist(URN, "2")
    assert not result.from_cache and len(xrepo_server.requests) == 1


def test_trickling_body_is_cut_off_by_the_total_deadline(
    xrepo_server, cache, http_session, make_genericode
):
    xrepo_server.add_codelist(make_genericode(URN, "2"))
    xrepo_server.fail("slow-body", delay=0.1, times=None)
    client = XRepositoryClient(
        xrepo_server.url, cache, timeout=2.0, retries=0, total_timeout=0.3, session=http_session
    )
    with pytest.raises(FetchError, match="still incomplete"):
        client.fetch_codelist(URN, "2")
    assert cache.get(URN, "2") is None and leftovers(cache.root) == []


def test_truncated_body_is_retried_and_never_cached(client, cache, xrepo_server, make_genericode):
    xrepo_server.add_codelist(make_genericode(URN, "2"))
    xrepo_server.fail("truncate", times=None)
    with pytest.raises(FetchError, match="cut short") as info:
        client.fetch_codelist(URN, "2")
    assert info.value.attempts == 4
    assert cache.get(URN, "2") is None and leftovers(cache.root) == []


def test_truncated_body_without_content_length_is_caught_by_the_parser(
    client, cache, xrepo_server, make_genericode
):
    xrepo_server.add_codelist(make_genericode(URN, "2"))
    xrepo_server.fail("truncate-close", times=1)
    result = client.fetch_codelist(URN, "2")  # the second attempt gets the whole body
    assert len(xrepo_server.requests) == 2
    assert read_genericode(result.path).codes() == {"001", "002", "003"}


def test_connection_dropped_is_retried(client, xrepo_server, make_genericode):
    xrepo_server.add_codelist(make_genericode(URN, "2"))
    xrepo_server.fail("drop", times=1)
    assert not client.fetch_codelist(URN, "2").from_cache
    assert len(xrepo_server.requests) == 2


def test_nobody_listening_is_a_connection_error(cache, http_session, sleeps):
    import socket

    with socket.socket() as s:  # a port that was free a moment ago: nothing listens there
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    client = XRepositoryClient(
        f"http://127.0.0.1:{port}",
        cache,
        retries=1,
        backoff=0.01,
        session=http_session,
        sleep=sleeps.append,
    )
    with pytest.raises(FetchError, match="connection failed") as info:
        client.fetch_codelist(URN, "2")
    assert info.value.attempts == 2


def test_wrong_list_in_body_is_refused_not_retried_not_cached(
    client, cache, xrepo_server, make_genericode
):
    xrepo_server.add_codelist(make_genericode(URN, "2"))
    xrepo_server.fail("body", body=make_genericode(OTHER, "2"), times=None)
    with pytest.raises(FetchError, match=f"{OTHER} version 2, but {URN} version 2 was asked"):
        client.fetch_codelist(URN, "2")
    assert len(xrepo_server.requests) == 1
    assert cache.get(URN, "2") is None and leftovers(cache.root) == []


def test_wrong_version_in_body_is_refused(client, cache, xrepo_server, make_genericode):
    xrepo_server.add_codelist(make_genericode(URN, "2"))
    xrepo_server.fail("body", body=make_genericode(URN, "1"))
    with pytest.raises(FetchError, match="version 1, but"):
        client.fetch_codelist(URN, "2")
    assert cache.get(URN, "2") is None


def test_hostile_body_is_refused_by_the_hardened_parser(
    client, cache, xrepo_server, make_genericode
):
    xrepo_server.add_codelist(make_genericode(URN, "2"))
    evil = (
        b'<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n<x>&e;</x>'
    )
    xrepo_server.fail("body", body=evil)
    with pytest.raises(FetchError, match=r"xml\.entities"):
        client.fetch_codelist(URN, "2")
    assert cache.get(URN, "2") is None


def test_body_that_is_no_usable_code_list_is_refused(client, cache, xrepo_server, make_genericode):
    xrepo_server.add_codelist(make_genericode(URN, "2"))
    no_columns = (
        make_genericode(URN, "2")
        .replace(b"<Column ", b"<Spalte ")
        .replace(b"</Column>", b"</Spalte>")
    )
    xrepo_server.fail("body", body=no_columns)
    with pytest.raises(FetchError, match="no usable genericode"):
        client.fetch_codelist(URN, "2")
    assert cache.get(URN, "2") is None and leftovers(cache.root) == []


def test_truncated_gueltige_version_answer_is_retried(client, xrepo_server, make_genericode):
    xrepo_server.add_codelist(make_genericode(URN, "2"))
    xrepo_server.fail("truncate-close", match="gueltigeVersion")
    assert client.fetch_codelist(URN).version == "2"
    assert len(xrepo_server.requests_to("gueltigeVersion")) == 2


def test_gueltige_version_answer_without_version_is_an_error(client, xrepo_server, make_genericode):
    xrepo_server.add_codelist(make_genericode(URN, "2"))
    xrepo_server.fail("body", body=b"<antwort>nichts</antwort>", match="gueltigeVersion")
    with pytest.raises(FetchError, match="names no version"):
        client.fetch_codelist(URN)


# -- fallback and offline ----------------------------------------------------------------------


def test_failed_fetch_falls_back_to_cached_copy_with_warning(
    client, cache, xrepo_server, make_genericode
):
    data = make_genericode(URN, "2")
    xrepo_server.add_codelist(data)
    client.fetch_codelist(URN, "2")
    xrepo_server.honour_conditional = False  # else a 304 would answer before the fault
    xrepo_server.fail("truncate", times=None)
    result = client.fetch_codelist(URN, "2")
    assert result.from_cache and result.path.read_bytes() == data
    assert "cut short" in result.warning and "cached copy of version 2" in result.warning
    assert leftovers(cache.root) == []


def test_current_version_unknown_falls_back_to_newest_cached(
    client, cache, xrepo_server, make_genericode
):
    cache.put(URN, "9", make_genericode(URN, "9"))
    cache.put(URN, "10", make_genericode(URN, "10"))
    xrepo_server.fail("status", status=500, match="gueltigeVersion", times=None)
    result = client.fetch_codelist(URN)
    assert result.version == "10" and result.from_cache and "500" in result.warning


def test_current_version_not_fetchable_falls_back_to_older_cached(
    client, cache, xrepo_server, make_genericode
):
    cache.put(URN, "1", make_genericode(URN, "1"))
    xrepo_server.add_codelist(make_genericode(URN, "2"))
    xrepo_server.fail("status", status=500, match="version_codeliste", times=None)
    result = client.fetch_codelist(URN)
    assert (result.version, result.from_cache) == ("1", True)
    assert f"{URN}_2/genericode" in result.warning and "version 1" in result.warning
    with pytest.raises(FetchError):  # a named version is never swapped for another
        client.fetch_codelist(URN, "2")


def test_offline_never_touches_the_network(xrepo_server, cache, http_session, make_genericode):
    cache.put(URN, "2026-01-31", make_genericode(URN, "2026-01-31"))
    cache.put(URN, "2026-04-30", make_genericode(URN, "2026-04-30"))
    client = XRepositoryClient(xrepo_server.url, cache, offline=True, session=http_session)
    newest = client.fetch_codelist(URN)
    assert (newest.version, newest.from_cache, newest.warning) == ("2026-04-30", True, None)
    assert client.fetch_codelist(URN, "2026-01-31").path == cache.path(URN, "2026-01-31")
    with pytest.raises(FetchError, match="offline") as info:
        client.fetch_codelist(URN, "1999")
    assert info.value.attempts == 0
    with pytest.raises(FetchError, match="not in the cache"):
        client.fetch_codelist(OTHER)
    assert xrepo_server.requests == []


# -- schemas -----------------------------------------------------------------------------------

SCHEMA = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:t">'
    b'<xs:element name="a" type="xs:string"/></xs:schema>\n'
)


def test_fetch_schema_by_url_and_by_urn(client, cache, xrepo_server):
    url = xrepo_server.add_schema("schemas/t.xsd", SCHEMA)
    by_url = client.fetch_schema(url)
    assert by_url.path.read_bytes() == SCHEMA and by_url.version == "current"
    assert by_url.path.suffix == ".xsd" and by_url.path.is_relative_to(cache.root / "schema")
    assert client.fetch_schema(url).from_cache  # 304
    xrepo_server.add_schema("api/version_standard/urn:de:test:standard_1.0/xsd", SCHEMA)
    by_urn = client.fetch_schema("urn:de:test:standard", "1.0")
    assert by_urn.path == cache.path("urn:de:test:standard", "1.0", kind="schema")
    with pytest.raises(ValueError, match="needs a version"):
        client.fetch_schema("urn:de:test:standard")


def test_schema_body_that_is_no_schema_is_refused(client, cache, xrepo_server):
    url = xrepo_server.add_schema("schemas/t.xsd", b"<html><body>Wartung</body></html>")
    with pytest.raises(FetchError, match="expected xs:schema"):
        client.fetch_schema(url)
    assert cache.get(url, "current", kind="schema") is None


# -- the cache itself --------------------------------------------------------------------------


def test_cache_names_are_filesystem_safe_and_stay_inside_the_root(cache):
    p = cache.path("urn:de:x/../../etc:liste", "..", kind="codelist")
    assert p.resolve().is_relative_to(cache.root.resolve())
    assert ":" not in p.name and "/" not in p.parent.name and p.name.startswith("%2E")
    assert safe_name("urn:de:bund:destatis:ags") == "urn%3Ade%3Abund%3Adestatis%3Aags"
    with pytest.raises(ValueError, match="unknown cache kind"):
        cache.path(URN, "1", kind="../x")
    with pytest.raises(ValueError, match="empty"):
        cache.path(URN, "")


def test_cache_newest_version_uses_natural_order(cache, make_genericode):
    for v in ("2", "10", "9"):
        cache.put(URN, v, make_genericode(URN, v))
    assert cache.versions(URN) == ["2", "9", "10"]
    assert cache.get(URN) == cache.path(URN, "10")
    assert cache.get(OTHER) is None
    assert version_key("2026-01-31") < version_key("2026-04-30")
    assert version_key("2.4") < version_key("2.10")


def test_cache_entries_list_everything_with_metadata(cache, make_genericode):
    cache.put(URN, "1", make_genericode(URN, "1"), meta={"etag": '"e1"', "url": "http://x"})
    cache.put("https://example.org/s.xsd", "current", SCHEMA, kind="schema")
    entries = list(cache.entries())
    assert [(e.kind, e.urn, e.version) for e in entries] == [
        ("codelist", URN, "1"),
        ("schema", "https://example.org/s.xsd", "current"),
    ]
    assert entries[0].meta["etag"] == '"e1"' and entries[0].size == len(make_genericode(URN, "1"))


def test_failed_check_leaves_previous_file_intact_and_no_temp_files(cache, make_genericode):
    old = make_genericode(URN, "1")
    cache.put(URN, "1", old)
    old_meta = cache.meta(URN, "1")

    def refuse(path: Path) -> None:
        assert path.read_bytes() == b"new bytes"  # the check sees the complete temp file
        raise ValueError("refused")

    with pytest.raises(ValueError, match="refused"):
        cache.put(URN, "1", b"new bytes", check=refuse)
    assert cache.get(URN, "1").read_bytes() == old and cache.meta(URN, "1") == old_meta
    assert leftovers(cache.root) == []


@pytest.mark.parametrize("broken", ["fsync", "replace"])
def test_failed_write_leaves_previous_file_intact(cache, make_genericode, monkeypatch, broken):
    old = make_genericode(URN, "1")
    cache.put(URN, "1", old)

    def boom(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, broken, boom)
    with pytest.raises(OSError, match="No space left"):
        cache.put(URN, "1", make_genericode(URN, "1", [("999", "Neu")]))
    monkeypatch.undo()
    assert cache.get(URN, "1").read_bytes() == old
    assert cache.intact(URN, "1")
    assert leftovers(cache.root) == []


def test_killed_process_leaves_old_file_whole(cache, make_genericode, tmp_path):
    """SIGKILL between writing the temp file and the rename: the old file is untouched; the
    stray temp file (nobody could remove it) is ignored by every reader."""
    if not hasattr(os, "kill") or sys.platform == "win32":
        pytest.skip("needs POSIX signals")
    old = make_genericode(URN, "1")
    cache.put(URN, "1", old)
    script = textwrap.dedent(f"""
        import os, signal
        from pathlib import Path
        from kommune_core.codelists.cache import CodeListCache
        os.replace = lambda *a, **k: os.kill(os.getpid(), signal.SIGKILL)
        CodeListCache(Path({str(cache.root)!r})).put({URN!r}, "1", b"<half" * 100000)
    """)
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=60)
    assert proc.returncode == -9, proc.stderr.decode()
    assert cache.get(URN, "1").read_bytes() == old and cache.intact(URN, "1")
    assert len(leftovers(cache.root)) == 1  # the killed writer's temp file …
    assert [e.version for e in cache.entries()] == ["1"]  # … which nobody mistakes for data
    assert cache.versions(URN) == ["1"]


def test_damaged_metadata_only_costs_a_revalidation(client, cache, xrepo_server, make_genericode):
    xrepo_server.add_codelist(make_genericode(URN, "2"))
    client.fetch_codelist(URN, "2")
    cache.meta_path(URN, "2").write_text("{ not json", encoding="utf-8")
    assert cache.meta(URN, "2") is None
    result = client.fetch_codelist(URN, "2")
    assert not result.from_cache and "If-None-Match" not in xrepo_server.requests[-1].headers
    assert json.loads(cache.meta_path(URN, "2").read_text())["version"] == "2"


def test_default_cache_dir_from_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("KOMMUNE_CACHE_DIR", str(tmp_path / "c"))
    assert CodeListCache().root == tmp_path / "c"


# -- CLI ---------------------------------------------------------------------------------------


@pytest.fixture
def cli_env(monkeypatch):
    for var in (
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "ALL_PROXY",
        "http_proxy",
        "https_proxy",
        "all_proxy",
        "KOMMUNE_XREPOSITORY_URL",
        "KOMMUNE_CACHE_DIR",
    ):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    monkeypatch.setenv("COLUMNS", "250")  # rich tables would fold long URNs at 80


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def cli_fetch(server_url: str, cache_dir: str, *options: str):  # type: ignore[no-untyped-def]
    """``kommune codelists fetch URN --server SERVER_URL --cache CACHE_DIR OPTIONS``."""
    return run("codelists", "fetch", URN, "--server", server_url, "--cache", cache_dir, *options)


def test_cli_fetch_and_cached(cli_env, xrepo_server, tmp_path, make_genericode):
    xrepo_server.add_codelist(make_genericode(URN, "2026-04-30"))
    cache_dir = str(tmp_path / "c")
    res = cli_fetch(xrepo_server.url, cache_dir)
    assert res.exit_code == 0, res.output
    assert "Version 2026-04-30 (neu geladen)" in res.output
    res = cli_fetch(xrepo_server.url, cache_dir, "--version", "2026-04-30")
    assert res.exit_code == 0 and "(aus dem Cache)" in res.output
    res = run("codelists", "cached", "--cache", cache_dir)
    assert res.exit_code == 0 and URN in res.output and "2026-04-30" in res.output


def test_cli_fetch_failure_without_cache_exits_1(cli_env, xrepo_server, tmp_path):
    res = cli_fetch(xrepo_server.url, str(tmp_path / "c"), "--version", "1", "--retries", "0")
    assert res.exit_code == 1
    assert "Fehler:" in res.output and "404" in res.output


def test_cli_fallback_warns_and_exits_0(cli_env, xrepo_server, tmp_path, make_genericode):
    cache = CodeListCache(tmp_path / "c")
    cache.put(URN, "1", make_genericode(URN, "1"))
    xrepo_server.fail("status", status=500, times=None)
    res = cli_fetch(xrepo_server.url, str(cache.root), "--version", "1", "--retries", "0")
    assert res.exit_code == 0
    assert "Warnung:" in res.output and "(aus dem Cache)" in res.output


def test_cli_offline_uses_cache_only(cli_env, xrepo_server, tmp_path, make_genericode):
    cache = CodeListCache(tmp_path / "c")
    cache.put(URN, "1", make_genericode(URN, "1"))
    res = cli_fetch(xrepo_server.url, str(cache.root), "--offline")
    assert res.exit_code == 0 and "Version 1 (aus dem Cache)" in res.output
    res = run("codelists", "fetch", OTHER, "--offline", "--cache", str(cache.root))
    assert res.exit_code == 1 and "offline" in res.output
    assert xrepo_server.requests == []


@pytest.mark.parametrize(
    "args", [["--retries", "-1"], ["--timeout", "0"], ["--server", "ftp://x"], ["--version", "a b"]]
)
def test_cli_usage_errors_exit_2(cli_env, tmp_path, args):
    res = run("codelists", "fetch", URN, "--cache", str(tmp_path / "c"), "--offline", *args)
    assert res.exit_code == 2, res.output


def test_cli_cached_on_empty_cache(cli_env, tmp_path):
    res = run("codelists", "cached", "--cache", str(tmp_path / "leer"))
    assert res.exit_code == 0 and "leer" in res.output


# -- real code lists from the corpus -----------------------------------------------------------


@pytest.mark.corpus
def test_fetch_official_key_lists_from_corpus(corpus, xrepo_server, client, cache):
    folder = corpus / "xwasser" / "codelists"
    for name in ("AGS_2026-04-30.xml", "Bundesland_2010-04-01.xml"):
        xrepo_server.add_codelist((folder / name).read_bytes())
    ags = read_genericode(folder / "AGS_2026-04-30.xml")
    result = client.fetch_codelist(ags.urn)
    assert result.version == ags.version
    fetched = read_genericode(result.path)
    assert fetched.codes() == ags.codes()
    assert sum(1 for c in fetched.codes() if c.startswith("16")) == 601
    assert client.fetch_codelist(ags.urn, ags.version).from_cache


def test_a_dripping_body_fails_at_the_deadline_not_at_its_end(
    xrepo_server, cache, http_session, make_genericode
):
    """One byte every 20 ms, ~2,700 bytes: ~55 s to the end. The per-read timeout (5 s) is
    never reached, so only the overall deadline can stop it — while the body drips in. The
    server counts what it could send before the client hung up: a few percent."""
    body = make_genericode(URN, "2")
    xrepo_server.add_codelist(body)
    xrepo_server.fail("drip", delay=0.02, times=None)
    client = XRepositoryClient(
        xrepo_server.url, cache, timeout=5.0, retries=2, total_timeout=0.5, session=http_session
    )
    with pytest.raises(FetchError, match="still incomplete") as info:
        client.fetch_codelist(URN, "2")
    assert info.value.attempts == 1  # no retry after the deadline
    assert cache.get(URN, "2") is None and leftovers(cache.root) == []
    xrepo_server.stop()  # the handler notices the closed socket and stops counting
    assert len(xrepo_server.dripped) == 1
    assert 0 < xrepo_server.dripped[0] < len(body) // 4


def test_a_body_complete_at_the_deadline_is_kept(
    xrepo_server, cache, http_session, make_genericode
):
    """The clock jumps past the deadline right after the last bytes came in: the complete
    body is validated and cached, not thrown away."""
    xrepo_server.add_codelist(make_genericode(URN, "2"))
    ticks = {"n": 0}

    def clock() -> float:
        ticks["n"] += 1
        return 0.0 if ticks["n"] <= 3 else 1000.0  # deadline check after the body: past

    client = XRepositoryClient(
        xrepo_server.url,
        cache,
        timeout=5.0,
        retries=0,
        total_timeout=10.0,
        session=http_session,
        clock=clock,
    )
    result = client.fetch_codelist(URN, "2")
    assert not result.from_cache and cache.get(URN, "2") == result.path


# -- one fetch per list and run, shared by the worker processes --------------------------------
_XSD = """<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:t">
  <xs:element name="m"><xs:complexType><xs:sequence>
    <xs:element name="c" form="unqualified" maxOccurs="unbounded"><xs:complexType>
      <xs:sequence><xs:element name="code" form="unqualified" type="xs:string"/></xs:sequence>
      <xs:attribute name="listURI" type="xs:string"/>
      <xs:attribute name="listVersionID" type="xs:string"/>
    </xs:complexType></xs:element>
  </xs:sequence></xs:complexType></xs:element>
</xs:schema>
"""


def _messages(tmp_path: Path, n: int) -> tuple[Path, Path]:
    schema = tmp_path / "t.xsd"
    schema.write_text(_XSD, encoding="utf-8")
    folder = tmp_path / "in"
    folder.mkdir()
    for k in range(n):
        (folder / f"m{k:02d}.xml").write_text(
            f'<t:m xmlns:t="urn:t"><c listURI="{URN}" listVersionID="2"><code>00{k % 4}</code>'
            f"</c></t:m>",
            encoding="utf-8",
        )
    return schema, folder


@pytest.fixture
def no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(var, raising=False)


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_failed_fetch_is_remembered_for_the_run_by_every_worker(
    tmp_path: Path, xrepo_server, make_genericode, no_proxy, jobs: int
) -> None:  # type: ignore[no-untyped-def]
    from kommune_core.reports.validation import make_writer
    from kommune_core.validation import RunOptions, run

    xrepo_server.add_codelist(make_genericode(URN, "2"))
    xrepo_server.fail("status", status=503, times=None)
    schema, folder = _messages(tmp_path, 12)
    out = io.StringIO()
    options = RunOptions(
        paths=(str(folder),),
        schema=str(schema),
        jobs=jobs,
        xrepository=xrepo_server.url,
        cache_dir=str(tmp_path / "c"),
        retries=1,
        timeout=2.0,
    )
    summary = run(options, make_writer("json", out))
    assert summary.files == 12 and summary.valid == 12 and summary.warnings == 12
    # one list, asked for once in the run: 1 attempt + 1 retry, whatever the workers
    assert len(xrepo_server.requests_to("genericode")) == 2
    files = json.loads(out.getvalue())["files"]
    reasons = {f["errors"][0]["message"] for f in files}
    assert all("HTTP 503" in r for r in reasons)
    # the next run asks again (a failure is remembered for one run only)
    xrepo_server.clear_faults()
    summary = run(options, make_writer("json", io.StringIO()))
    assert summary.warnings == 0 and summary.invalid == 3  # code 000 is not in the list
    assert len(xrepo_server.requests_to("genericode")) == 3


def test_validate_timeout_and_retries_reach_the_client(
    tmp_path: Path,
    xrepo_server,  # type: ignore[no-untyped-def]
    make_genericode,
    no_proxy,
) -> None:
    xrepo_server.add_codelist(make_genericode(URN, "2"))
    xrepo_server.fail("status", status=500, times=None)
    schema, folder = _messages(tmp_path, 2)
    result = CliRunner().invoke(
        main,
        [
            "validate",
            "--schema",
            str(schema),
            "--retries",
            "0",
            "--timeout",
            "3",
            "--xrepository",
            xrepo_server.url,
            str(folder),
        ],
        env={"KOMMUNE_CACHE_DIR": str(tmp_path / "c")},
    )
    assert result.exit_code == 0, result.output  # unavailable lists are warnings
    assert "gave up after 1 attempts" in result.output
    assert len(xrepo_server.requests_to("genericode")) == 1
    bad = CliRunner().invoke(main, ["validate", "--timeout", "0", str(folder)])
    assert bad.exit_code == 2 and "--timeout" in bad.output
