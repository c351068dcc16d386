"""The multi-host deployment files, checked offline (no container daemon or cluster runs here): the
compose file against the Compose Specification's JSON schema (check-jsonschema's vendored copy),
the Kubernetes manifests against Kubernetes' own schemas, strictly (kubernetes-validate), and both
for what the schemas cannot say: no secret written in them, /health as the probe, nginx's config
the one the scale-out tests run.

The two validators need newer packages than Rasa's, so they live in a venv of their own under
build/tools/, made on first use from PyPI with pinned versions.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from launcher import settings

DEPLOY = settings.ROOT / "deploy"
COMPOSE = DEPLOY / "docker-compose.yml"
MANIFESTS = sorted((DEPLOY / "kubernetes").glob("*.yaml"))
TOOLS = settings.ROOT / "build" / "tools" / "validate"
PINNED = ["check-jsonschema==0.38.2", "kubernetes-validate==1.37.0"]
SECRET_NAME = re.compile(r"PASSWORD|TOKEN|SECRET|AUTH")
REFERENCE = re.compile(r"^\$\{[A-Z_]+(:\?[^}]*|:-)\}$")  # ${NAME:?why} (required) or ${NAME:-} (optional)
SECRET_URLS = {"DATABASE_URL", "TRACKER_STORE_URL", "REDIS_URL"}  # they carry passwords
URL_PASSWORD = re.compile(r"://[^/:@]*:(?P<password>[^@]*)@")


@pytest.fixture(scope="module")
def tools() -> Path:
    """The validators' venv, made (or remade when the pins change) from PyPI."""
    stamp = TOOLS / "pins.txt"
    if not stamp.exists() or stamp.read_text() != "\n".join(PINNED):
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(TOOLS)], check=True)
        pip = [str(TOOLS / "bin" / "python"), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
        subprocess.run([*pip, *PINNED], check=True)
        stamp.write_text("\n".join(PINNED))
    return TOOLS / "bin"


def validate(command: list[str]) -> None:
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_compose_file_follows_the_compose_specification(tools: Path) -> None:
    validate([str(tools / "check-jsonschema"), "--builtin-schema", "vendor.compose-spec", str(COMPOSE)])


def test_the_kubernetes_manifests_validate_strictly(tools: Path) -> None:
    assert MANIFESTS
    validate([str(tools / "kubernetes-validate"), "--strict", *map(str, MANIFESTS)])


def compose() -> dict[str, Any]:
    return yaml.safe_load(COMPOSE.read_text())


def manifests() -> list[dict[str, Any]]:
    return [doc for path in MANIFESTS for doc in yaml.safe_load_all(path.read_text()) if doc]


def containers() -> list[dict[str, Any]]:
    pods = [doc["spec"]["template"]["spec"] for doc in manifests() if doc["kind"] == "Deployment"]
    return [container for pod in pods for container in pod["containers"]]


def test_compose_takes_every_secret_from_the_environment() -> None:
    for name, service in compose()["services"].items():
        for variable, value in (service.get("environment") or {}).items():
            if SECRET_NAME.search(variable):
                assert REFERENCE.match(str(value)), f"{name}: {variable} is written, not taken from outside"
            password = URL_PASSWORD.search(str(value))
            if password:
                assert REFERENCE.match(password["password"]), f"{name}: {variable} writes a password"


def test_kubernetes_takes_every_secret_from_a_secret() -> None:
    for container in containers():
        for variable in container.get("env", []):
            if SECRET_NAME.search(variable["name"]) or variable["name"] in SECRET_URLS:
                assert "secretKeyRef" in variable.get("valueFrom", {}), variable
    assert not [doc for doc in manifests() if doc["kind"] == "Secret"], "no Secret is committed"


def test_nothing_opens_the_api_or_every_origin() -> None:
    text = COMPOSE.read_text() + "".join(path.read_text() for path in MANIFESTS)
    assert "RASA_ENABLE_API" not in text and "--enable-api" not in text
    assert "'*'" not in text and '"*"' not in text


def test_the_health_endpoint_is_the_probe() -> None:
    for container in containers():
        assert container["readinessProbe"]["httpGet"]["path"] == "/health", container["name"]
    for name in ("actions", "rasa"):
        assert "/health" in " ".join(compose()["services"][name]["healthcheck"]["test"]), name


def test_compose_runs_the_nginx_config_the_scale_out_tests_run() -> None:
    volumes = compose()["services"]["nginx"]["volumes"]
    assert "./nginx/rasa.conf:/etc/nginx/conf.d/default.conf:ro" in volumes
    assert "./nginx/rasa-servers.conf:/etc/nginx/rasa-servers.conf:ro" in volumes
    assert compose()["services"]["rasa"]["deploy"]["replicas"] == 2
