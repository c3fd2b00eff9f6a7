"""Batch validation (multipart, zip), the compatibility endpoints against the CLI's JSON,
and the Prometheus metrics."""

from __future__ import annotations

import io
import json
import zipfile

from click.testing import CliRunner

from .conftest import INVALID, MESSAGES, VALID


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def test_multipart_batch_gives_one_report(client):
    files = [
        ("file", ("a.xml", VALID.read_bytes(), "application/xml")),
        ("file", ("b.xml", INVALID.read_bytes(), "application/xml")),
    ]
    r = client.post("/validate", files=files)
    assert r.status_code == 200 and r.headers["content-type"] == "application/json"
    doc = r.json()
    assert doc["summary"] == {**doc["summary"], "files": 2, "valid": 1, "invalid": 1}
    assert [f["file"] for f in doc["files"]] == ["a.xml", "b.xml"]
    assert [f["valid"] for f in doc["files"]] == [True, False]


def test_zip_batch_in_archive_order_and_sarif(client):
    names = sorted(p.name for p in MESSAGES.glob("*.xml"))
    members = {f"msgs/{n}": (MESSAGES / n).read_bytes() for n in names}
    members["README.txt"] = b"not a message"
    body = _zip(members)
    r = client.post("/validate", content=body, headers={"Content-Type": "application/zip"})
    assert r.status_code == 200
    doc = r.json()
    assert [f["file"] for f in doc["files"]] == [f"msgs/{n}" for n in names]
    valid = {f["file"].split("/")[-1] for f in doc["files"] if f["valid"]}
    assert valid == {n for n in names if "-valid" in n}
    r = client.post(
        "/validate",
        content=body,
        headers={"Content-Type": "application/zip", "Accept": "application/sarif+json"},
    )
    assert r.headers["content-type"] == "application/sarif+json"
    assert {x["ruleId"] for x in r.json()["runs"][0]["results"]} >= {"xsd:cvc-pattern-valid"}


def test_bad_batches_are_400(client):
    z = {"Content-Type": "application/zip"}
    assert client.post("/validate", content=b"PK not a zip", headers=z).status_code == 400
    assert client.post("/validate", content=_zip({"a.txt": b"x"}), headers=z).status_code == 400
    # a plain XML body on /validate is one message named "validate", as on the daemon
    r = client.post(
        "/validate", content=VALID.read_bytes(), headers={"Content-Type": "application/xml"}
    )
    assert r.status_code == 200 and b"<rep:documentReference>validate<" in r.content


def test_zip_bomb_member_is_refused_and_the_others_validated(catalog):
    from kommune_core.service.app import ServiceOptions
    from kommune_core.service.engine_adapter import EngineOptions
    from kommune_core.xml import Limits

    from .conftest import make_client

    engine = EngineOptions.of(plugins=("thueringen",), limits=Limits(max_bytes=10_000))
    options = ServiceOptions(engine=engine)
    body = _zip(
        {
            "bomb.xml": b"<a>" + b" " * 5_000_000 + b"</a>",  # ~5 KB packed
            "ok.xml": VALID.read_bytes(),
        }
    )
    with make_client(options, catalog=catalog) as c:
        r = c.post("/validate", content=body, headers={"Content-Type": "application/zip"})
    assert r.status_code == 200
    bomb, ok = r.json()["files"]
    assert bomb["errors"][0]["rule"] == "xml.too-large" and "10000" in bomb["errors"][0]["message"]
    assert ok["file"] == "ok.xml" and ok["valid"] is True


def _cli_json(*args: str) -> object:
    from kommune_core.cli import main

    result = CliRunner().invoke(main, ["--plugins", "thueringen,sachsen", *args])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def _cli_check_json(kommune: str, provider: str, *options: str) -> object:
    """``kommune check --kommune KOMMUNE --provider PROVIDER OPTIONS --format json``, parsed."""
    return _cli_json(
        "check", "--kommune", kommune, "--provider", provider, *options, "--format", "json"
    )


def test_check_is_the_cli_json_document(client):
    q = {"kommune": "16052000", "provider": "kisa", "on": "2025-06-01"}
    r = client.get("/check", params=q)
    assert r.status_code == 200 and r.headers["content-type"] == "application/json"
    cli = _cli_check_json("16052000", "kisa", "--on", "2025-06-01")
    assert r.json() == cli
    html = client.get("/check", params=q, headers={"Accept": "text/html"})
    assert html.status_code == 200 and html.text.lstrip().lower().startswith("<!doctype html")
    md = client.get("/check", params=q, headers={"Accept": "text/markdown"})
    assert md.headers["content-type"].startswith("text/markdown")


def test_check_with_area_compare_and_matrix(client):
    area = client.get(
        "/check",
        params={
            "kommune": "16052000",
            "provider": "kisa",
            "on": "2025-06-01",
            "area": ["fachverfahren", "betrieb"],
        },
    )
    cli = _cli_check_json(
        "16052000", "kisa", "--on", "2025-06-01", "--area", "fachverfahren", "--area", "betrieb"
    )
    assert area.json() == cli
    cmp_ = client.get(
        "/compare", params={"kommune": "16052000", "providers": "kisa,kiv", "on": "2025-06-01"}
    )
    assert cmp_.json() == _cli_json(
        "compare", "16052000", "--providers", "kisa,kiv", "--on", "2025-06-01", "--format", "json"
    )
    mat = client.get("/matrix", params={"land": "16", "provider": "kisa", "on": "2025-06-01"})
    assert mat.json() == _cli_json(
        "matrix", "--land", "16", "--provider", "kisa", "--on", "2025-06-01", "--format", "json"
    )


def test_compat_errors(client):
    assert client.get("/check", params={"kommune": "16052000"}).status_code == 400
    r = client.get("/check", params={"kommune": "99999999", "provider": "kisa"})
    assert r.status_code == 404 and "99999999" in r.json()["error"]
    assert (
        client.get(
            "/check", params={"kommune": "16052000", "provider": "kisa", "on": "yesterday"}
        ).status_code
        == 400
    )
    assert (
        client.get(
            "/check", params={"kommune": "16052000", "provider": "kisa", "area": "nope"}
        ).status_code
        == 400
    )
    assert (
        client.get("/compare", params={"kommune": "16052000", "providers": "kisa"}).status_code
        == 400
    )
    assert client.get("/matrix", params={"land": "99", "provider": "kisa"}).status_code == 404
    assert (
        client.get(
            "/check",
            params={"kommune": "16052000", "provider": "kisa"},
            headers={"Accept": "image/png"},
        ).status_code
        == 406
    )


def test_metrics_exposed(client):
    client.post("/a.xml", content=VALID.read_bytes())
    client.post("/b.xml", content=INVALID.read_bytes())
    client.post("/c.xml", content=b"<unknown/>")
    text = client.get("/metrics").text
    assert 'kommune_http_requests_total{route="/{name}",status="200"}' in text
    assert 'kommune_http_requests_total{route="/{name}",status="406"}' in text
    assert "kommune_http_request_duration_seconds_bucket" in text
    assert 'kommune_messages_validated_total{verdict="acceptable"}' in text
    assert 'kommune_messages_validated_total{verdict="not_acceptable"}' in text
    assert 'kommune_schema_cache_total{result="hit"}' in text
    assert "process_resident_memory_bytes" in text
