"""The KoSIT daemon's contract, in-process: status codes, the report, the input name, the
request shapes of the daemon's documentation, content negotiation."""

from __future__ import annotations

import json

from lxml import etree

from .conftest import INVALID, MESSAGES, VALID, make_client

VARL = "{http://www.xoev.de/de/validator/varl/1}"


def post_xml(client, path: str, content: bytes):  # type: ignore[no-untyped-def]
    """POST ``content`` to ``path`` with ``Content-Type: application/xml``."""
    return client.post(path, content=content, headers={"Content-Type": "application/xml"})


def test_acceptable_message_is_200_with_a_varl_report(client):
    r = post_xml(client, "/th-antrag-valid.xml", VALID.read_bytes())
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/xml")
    root = etree.fromstring(r.content)
    assert root.tag == f"{VARL}report" and root.get("valid") == "true"
    assert (
        root.findtext(f"{VARL}documentIdentification/{VARL}documentReference")
        == "th-antrag-valid.xml"
    )
    assert root.find(f"{VARL}assessment/{VARL}accept") is not None


def test_not_acceptable_message_is_406_with_its_findings(client):
    r = post_xml(client, "/sub/dir/msg.xml?someParam=1", INVALID.read_bytes())
    assert r.status_code == 406
    root = etree.fromstring(r.content)
    assert root.get("valid") == "false"
    assert root.find(f"{VARL}assessment/{VARL}reject") is not None
    # the daemon's rule: the last path segment names the input
    assert root.findtext(f"{VARL}documentIdentification/{VARL}documentReference") == "msg.xml"
    codes = [m.get("code") for m in root.iter(f"{VARL}message")]
    # the KoSIT report names the rule without the stage (the step says it: val-xsd)
    assert "cvc-pattern-valid" in codes
    steps = {s.get("id") for s in root.iter(f"{VARL}validationStepResult")}
    assert "val-xsd" in steps
    lines = [m.get("lineNumber") for m in root.iter(f"{VARL}message")]
    assert "31" in lines


def test_unknown_document_and_malformed_xml_are_406(client):
    for name in ("other-no-scenario.xml", "th-antrag-truncated.xml"):
        r = client.post("/" + name, content=(MESSAGES / name).read_bytes())
        assert r.status_code == 406, name
        assert etree.fromstring(r.content).find(f"{VARL}assessment/{VARL}reject") is not None


def test_post_to_root_gets_a_generated_name(client):
    r = post_xml(client, "/", VALID.read_bytes())
    assert r.status_code == 200
    ref = etree.fromstring(r.content).findtext(
        f"{VARL}documentIdentification/{VARL}documentReference"
    )
    assert ref.startswith("supplied_instance_")


def test_empty_body_is_400(client):
    r = post_xml(client, "/", b"")
    assert r.status_code == 400
    assert "No content" in r.text


def test_multipart_on_a_message_path_is_400_as_on_the_daemon(client):
    r = client.post("/", files={"file": ("file", VALID.read_bytes())})
    assert r.status_code == 400


def test_get_and_other_methods_on_a_post_path_are_405(client):
    for method in ("GET", "PUT", "DELETE"):
        r = client.request(method, "/some/message.xml")
        assert r.status_code == 405, method
        assert r.headers["allow"] == "POST"


def test_request_shapes_of_the_daemon_documentation(client):
    data = VALID.read_bytes()
    # cURL: --request POST 'http://localhost:8080' --header 'Content-Type: application/xml'
    assert (
        client.post("", content=data, headers={"Content-Type": "application/xml"}).status_code
        == 200
    )
    # Apache HttpClient FileEntity with ContentType.APPLICATION_XML (charset parameter)
    assert (
        client.post(
            "/", content=data, headers={"Content-Type": "application/xml; charset=ISO-8859-1"}
        ).status_code
        == 200
    )
    # PHP: the body is a stream -> chunked transfer encoding, no Content-Length
    r = client.post(
        "/", content=iter([data[:100], data[100:]]), headers={"Content-Type": "application/xml"}
    )
    assert r.status_code == 200
    # no Content-Type at all (the daemon's xmlResultTest)
    assert client.post("/", content=data).headers["content-type"].startswith("application/xml")


def test_json_and_sarif_by_accept(client):
    r = client.post("/m.xml", content=INVALID.read_bytes(), headers={"Accept": "application/json"})
    assert r.status_code == 406 and r.headers["content-type"] == "application/json"
    doc = r.json()
    assert doc["summary"]["files"] == 1 and doc["summary"]["invalid"] == 1
    assert doc["files"][0]["file"] == "m.xml"
    assert doc["files"][0]["errors"][0]["rule"] == "xsd:cvc-pattern-valid"

    r = client.post(
        "/m.xml", content=INVALID.read_bytes(), headers={"Accept": "application/sarif+json"}
    )
    assert r.status_code == 406
    assert r.headers["content-type"] == "application/sarif+json"
    sarif = json.loads(r.text)
    assert sarif["version"] == "2.1.0"
    assert sarif["runs"][0]["results"][0]["ruleId"] == "xsd:cvc-pattern-valid"

    # q-values decide; nothing acceptable -> 406 in plain text
    r = client.post(
        "/m.xml",
        content=VALID.read_bytes(),
        headers={"Accept": "application/xml;q=0.5, application/json"},
    )
    assert r.headers["content-type"] == "application/json"
    r = client.post("/m.xml", content=VALID.read_bytes(), headers={"Accept": "image/png"})
    assert r.status_code == 406 and r.headers["content-type"].startswith("text/plain")


def test_server_health_is_the_daemons_document(client):
    r = client.get("/server/health")
    assert r.status_code == 200
    root = etree.fromstring(r.content)
    ns = "{http://www.xoev.de/de/validator/framework/1/daemon}"
    assert root.tag == f"{ns}health"
    assert root.findtext(f"{ns}status") == "UP"
    assert int(root.findtext(f"{ns}memory/{ns}totalMemory")) > 0
    ready = client.get("/health/ready")
    assert ready.status_code == 200
    assert {"th.antrag", "sn.antrag"} <= set(ready.json()["scenarios"])
    assert client.get("/health/live").status_code == 200


def test_unusable_configuration_is_422_and_not_ready(tmp_path, catalog):
    from kommune_core.service.app import ServiceOptions
    from kommune_core.service.engine_adapter import EngineOptions

    broken = tmp_path / "broken.xsd"
    broken.write_text(
        '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">'
        '<xs:element name="a" type="nowhere:T" xmlns:nowhere="urn:x"/>'
        "</xs:schema>"
    )
    options = ServiceOptions(engine=EngineOptions.of(schema=str(broken)))
    with make_client(options, catalog=catalog) as c:
        r = c.post("/a.xml", content=b"<a/>")
        assert r.status_code == 422
        root = etree.fromstring(r.content)
        # the schema:load finding, in the KoSIT report's own step (val-schema, code "load")
        assert any(
            m.get("code") == "load" and m.get("id", "").startswith("val-schema")
            for m in root.iter(f"{VARL}message")
        )
        assert c.get("/health/ready").status_code == 503
        assert "broken.xsd" in c.get("/health/ready").json()["problems"][0]
        ns = "{http://www.xoev.de/de/validator/framework/1/daemon}"
        assert etree.fromstring(c.get("/server/health").content).findtext(f"{ns}status") == "WARN"
