"""Compose is the development path: per-environment files, no open Redis, no dev keys elsewhere.

Read as YAML (no container engine needed). The bench script bench/containers.sh runs the
development stack for real.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
BASE = ROOT / "docker-compose.yml"
DEVELOPMENT = ROOT / "docker-compose.override.yml"
ENVIRONMENTS = {"staging": ROOT / "deploy/compose/staging.yml"}
ENVIRONMENTS["production"] = ROOT / "deploy/compose/production.yml"
SERVICES = ("customers", "invoicing", "collections", "notifications", "analytics", "console")


def load(path: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(path.read_text())
    return loaded


def published(service: dict[str, Any]) -> list[str]:
    return [str(p) for p in service.get("ports", [])]


@pytest.mark.parametrize("path", [BASE, DEVELOPMENT, *ENVIRONMENTS.values()], ids=lambda p: p.name)
def test_ports_are_published_on_the_hosts_loopback_only(path: Path) -> None:
    for name, service in load(path)["services"].items():
        for port in published(service):
            assert port.startswith("127.0.0.1:"), f"{path.name}: {name} publishes {port}"


def test_redis_is_not_published_outside_development() -> None:
    assert published(load(BASE)["services"]["redis"]) == []
    for path in ENVIRONMENTS.values():
        assert published(load(path)["services"]["redis"]) == [], path.name


def test_redis_lets_in_only_the_users_of_its_acl_file_in_every_environment() -> None:
    command = load(BASE)["services"]["redis"]["command"]
    acl_path = command[command.index("--aclfile") + 1]
    for path in (DEVELOPMENT, *ENVIRONMENTS.values()):
        mounts = load(path)["services"]["redis"]["volumes"]
        assert any(m.endswith(f":{acl_path}:ro") for m in mounts), path.name
    acl = (ROOT / "deploy/compose/development-users.acl").read_text().splitlines()
    assert any(line.startswith("user default off") for line in acl)
    assert all(re.search(r" on [>#]", line) for line in acl if " on " in line), (
        "an ACL user without a password"
    )


def test_the_development_credentials_stay_in_the_development_files() -> None:
    assert "dev-only-" in DEVELOPMENT.read_text()
    elsewhere = [BASE, *ENVIRONMENTS.values(), *sorted((ROOT / "deploy/k8s").rglob("*.yaml"))]
    for path in elsewhere:
        assert "dev-only" not in path.read_text(), path


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_staging_and_production_take_every_secret_from_a_file_and_have_no_defaults(
    environment: str,
) -> None:
    path = ENVIRONMENTS[environment]
    text = path.read_text()
    assert not re.search(r"\$\{[A-Z_]+:?-", text), "a variable with a default value"
    compose = load(path)
    assert "mailbox" not in compose["services"]
    for name in SERVICES:
        service = compose["services"][name]
        env = service["environment"]
        assert env["HUIKUAN_ENVIRONMENT"] == environment, name
        for key in env:
            if re.search(r"KEY|SECRET|PASSWORD|TOKEN", key):
                assert key.endswith("_FILE"), f"{name}: {key} holds a secret value"
        targets = {
            s if isinstance(s, str) else s.get("target", s["source"]) for s in service["secrets"]
        }
        for key, value in env.items():
            if key.endswith("_FILE"):
                assert value.removeprefix("/run/secrets/") in targets, f"{name}: {key}"
        sources = {s if isinstance(s, str) else s["source"] for s in service["secrets"]}
        assert sources <= set(compose["secrets"]), name
    for secret in compose["secrets"].values():
        assert secret["file"].startswith("${HUIKUAN_SECRETS_DIR:?"), secret


def test_development_runs_the_services_in_development_with_a_mailbox() -> None:
    compose = load(DEVELOPMENT)
    assert "mailbox" in compose["services"]
    for name in SERVICES:
        assert compose["services"][name]["environment"]["HUIKUAN_ENVIRONMENT"] == "development"


def test_every_service_container_is_hardened_as_in_kubernetes() -> None:
    services = load(BASE)["services"]
    for name in SERVICES:
        service = services[name]
        assert service["read_only"] is True, name
        assert service["tmpfs"] == ["/tmp"], name
        assert service["cap_drop"] == ["ALL"], name
        assert "no-new-privileges:true" in service["security_opt"], name
        assert service["stop_grace_period"] == "30s", name


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_staging_and_production_redis_has_a_memory_limit_and_never_evicts(
    environment: str,
) -> None:
    command = load(ENVIRONMENTS[environment])["services"]["redis"]["command"]
    assert command[command.index("--maxmemory") + 1].startswith("${HUIKUAN_REDIS_MAXMEMORY:?")
    assert "/etc/redis/huikuan.conf" in command and "--aclfile" in command
    assert "maxmemory-policy noeviction" in (ROOT / "deploy/redis.conf").read_text()


def test_a_one_shot_container_the_services_wait_for_depends_on_nothing_and_may_run_again() -> None:
    # Podman starts a container's stopped dependencies again whenever it starts the
    # container, and (4.3) refuses to when a stopped dependency has a dependency of its own.
    services = {**load(BASE)["services"]}
    for name, service in load(DEVELOPMENT)["services"].items():
        services[name] = {**services.get(name, {}), **service}
    one_shots = {
        dependency
        for service in services.values()
        for dependency, wait in dict(service.get("depends_on", {})).items()
        if wait.get("condition") == "service_completed_successfully"
    }
    assert one_shots == {"keys"}
    keys = load(DEVELOPMENT)["services"]["keys"]
    assert "depends_on" not in keys and "depends_on" not in load(BASE)["services"].get("keys", {})
    assert "--keep-valid" in keys["command"]  # a second run keeps the key the services read
    assert "HUIKUAN_INTERNAL_API_KEY_FILE" not in keys["environment"]  # it writes that file


def test_every_development_container_reading_the_internal_key_waits_for_it_and_mounts_it() -> None:
    for name, service in load(DEVELOPMENT)["services"].items():
        path = service.get("environment", {}).get("HUIKUAN_INTERNAL_API_KEY_FILE")
        if path is None:
            continue
        assert service["depends_on"]["keys"]["condition"] == "service_completed_successfully"
        folders = [v.split(":")[1] for v in service["volumes"] if v.startswith("internal-key:")]
        assert [path.rpartition("/")[0]] == folders, name
