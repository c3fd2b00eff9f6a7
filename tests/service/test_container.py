"""The Containerfile and the Kubernetes example, linted (no container tool can build here:
the build test runs only where ``docker``/``podman`` reaches a daemon)."""

from __future__ import annotations

import shlex
import shutil
import subprocess

import pytest

from .conftest import ROOT

CONTAINERFILE = ROOT / "Containerfile"


def _instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) with continuation lines joined and comments dropped."""
    out: list[tuple[str, str]] = []
    pending = ""
    for raw in CONTAINERFILE.read_text().splitlines():
        line = raw.strip()
        if not pending and (not line or line.startswith("#")):
            continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        line, pending = pending + line, ""
        word, _, rest = line.partition(" ")
        out.append((word.upper(), rest.strip()))
    return out


def test_containerfile_is_multi_stage_non_root_with_healthcheck():
    ins = _instructions()
    froms = [args for word, args in ins if word == "FROM"]
    assert len(froms) >= 2, "multi-stage: a build stage and a runtime stage"
    last_from = max(i for i, (w, _a) in enumerate(ins) if w == "FROM")
    runtime = ins[last_from:]
    # the runtime stage takes the build's output, not the sources
    assert any(w == "COPY" and a.startswith("--from=build") for w, a in runtime)
    assert not any(w == "COPY" and not a.startswith("--from=") for w, a in runtime)
    users = [a for w, a in runtime if w == "USER"]
    assert users, "the runtime stage sets USER"
    user = users[-1].split(":")[0]
    assert user not in ("root", "0"), "runs as non-root"
    assert any(w == "HEALTHCHECK" and "/health/" in a for w, a in runtime)
    entry = next(a for w, a in runtime if w == "ENTRYPOINT")
    assert "serve" in entry and "0.0.0.0" in entry
    # the plugins are installed; the corpus and the tests are not in the image
    installs = " ".join(a for w, a in ins if w == "RUN")
    assert "kommune-thueringen" in installs and "kommune-sachsen" in installs
    copies = " ".join(a for w, a in ins if w in ("COPY", "ADD"))
    assert "corpus" not in copies and "shared" not in copies and "tests" not in copies
    assert not any(w == "ADD" for w, _a in ins), "COPY, not ADD (no remote fetches)"
    ignore = (ROOT / ".containerignore").read_text().split()
    assert ".venv" in ignore and "tests" in ignore


def test_kubernetes_example_has_probes_and_runs_non_root():
    yaml = pytest.importorskip("yaml")
    docs = list(yaml.safe_load_all((ROOT / "deploy" / "kubernetes.yaml").read_text()))
    deployment = next(d for d in docs if d["kind"] == "Deployment")
    pod = deployment["spec"]["template"]["spec"]
    assert pod["securityContext"]["runAsNonRoot"] is True
    (container,) = pod["containers"]
    assert container["readinessProbe"]["httpGet"]["path"] == "/health/ready"
    assert container["livenessProbe"]["httpGet"]["path"] == "/health/live"
    assert container["readinessProbe"]["httpGet"]["port"] == "http"
    assert any(p["containerPort"] == 8080 for p in container["ports"])
    # graceful shutdown fits into the pod's grace period
    args = container["args"]
    graceful = int(args[args.index("--graceful-timeout") + 1])
    assert pod["terminationGracePeriodSeconds"] > graceful
    service = next(d for d in docs if d["kind"] == "Service")
    assert service["spec"]["selector"] == deployment["spec"]["selector"]["matchLabels"]


def _container_tool() -> str | None:
    for tool in ("podman", "docker"):
        if shutil.which(tool):
            ok = subprocess.run([tool, "info"], capture_output=True, timeout=30)
            if ok.returncode == 0:
                return tool
    return None


@pytest.mark.slow
def test_containerfile_builds_where_a_container_tool_exists():
    tool = _container_tool()
    if tool is None:
        pytest.skip("no container tool with a running daemon on this machine")
    r = subprocess.run(
        shlex.split(f"{tool} build -f Containerfile -t kommune-serve:test ."),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    assert r.returncode == 0, r.stderr[-2000:]
