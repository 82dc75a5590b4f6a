"""The Kubernetes overlays render, validate offline, and say what docs/operations.md says.

Each overlay is rendered with ``kubectl kustomize`` (skipped where kubectl is absent) and
every object is validated with kubernetes-validate's bundled schemas in strict mode
(unknown fields refused) against the oldest Kubernetes the manifests support and the
newest the schemas know. Network access is cut while validating: nothing is fetched.
"""

from __future__ import annotations

import copy
import re
import socket
from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest
from kubernetes_validate.utils import SchemaNotFoundError

from tests.deploy.kube import (
    OVERLAYS,
    ROOT,
    Object,
    Pod,
    containers,
    env,
    may_connect,
    named,
    of_kind,
    render,
    settings_of,
)

SERVICES = ("customers", "invoicing", "collections", "notifications", "analytics")
PROCESSES = (*SERVICES, "console")  # the console is deployed like a service
# Analytics folds every fact into one process's memory from its consumer group: a second
# pod would take half the entries and each would report on half the book.
SINGLE_POD = {"analytics"}
KUBERNETES_VERSIONS = ("1.30.0", "1.37.0")  # oldest supported (preStop sleep), newest known
OPERATIONS = ROOT / "docs" / "operations.md"


@pytest.fixture(scope="module", params=OVERLAYS)
def rendered(request: pytest.FixtureRequest) -> tuple[str, list[Object]]:
    return request.param, render(request.param)


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_: Any, **__: Any) -> None:
        raise AssertionError("validation tried to reach the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


def deployments(objects: list[Object]) -> dict[str, Object]:
    return {d["metadata"]["name"]: d for d in of_kind(objects, "Deployment")}


def test_the_overlays_are_staging_and_production() -> None:
    assert OVERLAYS == ["production", "staging"]


@pytest.mark.usefixtures("no_network")
@pytest.mark.parametrize("version", KUBERNETES_VERSIONS)
def test_every_rendered_object_passes_strict_schema_validation_offline(
    rendered: tuple[str, list[Object]], version: str
) -> None:
    _, objects = rendered
    for obj in objects:
        try:
            kubernetes_validate.validate(obj, version, strict=True)
        except SchemaNotFoundError as exc:  # the CLI only warns; an unknown kind is a failure
            pytest.fail(exc.message)


@pytest.mark.usefixtures("no_network")
def test_strict_validation_refuses_a_misspelt_field(rendered: tuple[str, list[Object]]) -> None:
    _, objects = rendered
    broken = copy.deepcopy(deployments(objects)["invoicing"])
    broken["spec"]["template"]["spec"]["containers"][0]["livenessprobe"] = {}

    with pytest.raises(kubernetes_validate.ValidationError, match="livenessprobe"):
        kubernetes_validate.validate(broken, KUBERNETES_VERSIONS[0], strict=True)


def test_there_is_one_deployment_service_and_disruption_budget_per_service(
    rendered: tuple[str, list[Object]],
) -> None:
    _, objects = rendered
    assert sorted(deployments(objects)) == sorted(PROCESSES)
    for name in PROCESSES:
        selector = deployments(objects)[name]["spec"]["selector"]["matchLabels"]
        assert named(objects, "Service", name)["spec"]["selector"] == selector
        budget = named(objects, "PodDisruptionBudget", name)["spec"]
        assert budget["selector"]["matchLabels"] == selector
        assert budget["maxUnavailable"] == 1  # a one-pod service can still be drained


def test_probes_ask_healthz_and_readyz_at_the_port_the_service_listens_on(
    rendered: tuple[str, list[Object]],
) -> None:
    _, objects = rendered
    for name, deployment in deployments(objects).items():
        for container in containers(deployment):
            listening = int(env(container, settings_of(objects, deployment))["HUIKUAN_PORT"])
            ports = {p["name"]: p["containerPort"] for p in container["ports"]}
            probes = {k: container[f"{k}Probe"]["httpGet"] for k in ("startup", "liveness")}
            probes["readiness"] = container["readinessProbe"]["httpGet"]
            assert probes["startup"]["path"] == "/healthz", name
            assert probes["liveness"]["path"] == "/healthz", name
            assert probes["readiness"]["path"] == "/readyz", name
            for kind, probe in probes.items():
                assert ports[probe["port"]] == listening, f"{name}: {kind} probe's port"


def test_every_pod_runs_as_a_non_root_user_with_a_read_only_root_and_no_privileges(
    rendered: tuple[str, list[Object]],
) -> None:
    _, objects = rendered
    for name, deployment in deployments(objects).items():
        pod = deployment["spec"]["template"]["spec"]
        assert pod["securityContext"]["runAsNonRoot"] is True, name
        assert pod["securityContext"]["runAsUser"] != 0, name
        assert pod["securityContext"]["seccompProfile"] == {"type": "RuntimeDefault"}, name
        assert pod["automountServiceAccountToken"] is False, name
        account = named(objects, "ServiceAccount", pod["serviceAccountName"])
        assert account["automountServiceAccountToken"] is False, name
        volumes = {v["name"]: v for v in pod["volumes"]}
        for container in containers(deployment):
            ctx = container["securityContext"]
            assert ctx["readOnlyRootFilesystem"] is True, name
            assert ctx["allowPrivilegeEscalation"] is False, name
            assert ctx["capabilities"] == {"drop": ["ALL"]}, name
            assert ctx.get("privileged", False) is False, name
            assert ctx["seccompProfile"] == {"type": "RuntimeDefault"}, name
            mounts = {m["mountPath"]: m["name"] for m in container["volumeMounts"]}
            assert "emptyDir" in volumes[mounts["/tmp"]], f"{name}: /tmp is not writable"


def test_every_container_requests_and_limits_cpu_and_memory(
    rendered: tuple[str, list[Object]],
) -> None:
    _, objects = rendered
    for name, deployment in deployments(objects).items():
        for container in containers(deployment):
            resources = container["resources"]
            for kind in ("requests", "limits"):
                assert {"cpu", "memory"} <= set(resources[kind]), f"{name}: {kind}"


# Resident memory measured (README "Containers": after the demo; README "Performance":
# collections' peak under a 100,000-debtor backlog with a full state cache), MiB.
MEASURED_RSS_MIB = {"customers": 83, "invoicing": 84, "collections": 162,
                    "notifications": 177, "console": 78}  # fmt: skip


def mebibytes(value: str) -> int:
    return int(value[:-2]) * {"Mi": 1, "Gi": 1024}[value[-2:]]


def test_memory_requests_cover_the_measured_resident_memory_with_room_to_spare(
    rendered: tuple[str, list[Object]],
) -> None:
    _, objects = rendered
    for name, measured in MEASURED_RSS_MIB.items():
        (container,) = containers(deployments(objects)[name])
        request = mebibytes(container["resources"]["requests"]["memory"])
        limit = mebibytes(container["resources"]["limits"]["memory"])
        assert request >= measured * 1.15, f"{name}: request {request} Mi, measured {measured}"
        assert limit >= 2 * measured, f"{name}: limit {limit} Mi, measured {measured}"


def test_notifications_writes_letters_to_a_shared_persistent_volume(
    rendered: tuple[str, list[Object]],
) -> None:
    _, objects = rendered
    deployment = deployments(objects)["notifications"]
    (container,) = deployment["spec"]["template"]["spec"]["containers"]
    var_dir = env(container, settings_of(objects, deployment))["HUIKUAN_NOTIFICATIONS_VAR_DIR"]
    mounts = {m["mountPath"]: m for m in container["volumeMounts"]}
    volume = {v["name"]: v for v in deployment["spec"]["template"]["spec"]["volumes"]}[
        mounts[var_dir]["name"]
    ]
    claim = named(objects, "PersistentVolumeClaim", volume["persistentVolumeClaim"]["claimName"])
    assert not mounts[var_dir].get("readOnly", False)
    assert claim["spec"]["accessModes"] == ["ReadWriteMany"]  # every replica writes letters


def referenced_secrets(deployment: Object) -> set[str]:
    pod = deployment["spec"]["template"]["spec"]
    names = set()
    for volume in pod.get("volumes", []):
        if "secret" in volume:
            names.add(volume["secret"]["secretName"])
        for source in volume.get("projected", {}).get("sources", []):
            if "secret" in source:
                names.add(source["secret"]["name"])
    for container in containers(deployment):
        names |= {
            e["valueFrom"]["secretKeyRef"]["name"]
            for e in container.get("env", [])
            if "secretKeyRef" in e.get("valueFrom", {})
        }
        names |= {s["secretRef"]["name"] for s in container.get("envFrom", []) if "secretRef" in s}
    return names


def test_no_secret_is_committed_and_every_referenced_secret_is_documented(
    rendered: tuple[str, list[Object]],
) -> None:
    _, objects = rendered
    assert of_kind(objects, "Secret") == [], "Secret objects are created by operators, not here"
    runbook = OPERATIONS.read_text()
    for name, deployment in deployments(objects).items():
        for secret in referenced_secrets(deployment):
            assert f"`{secret}`" in runbook, f"{name} needs {secret}; docs/operations.md omits it"


def mounted_files(deployment: Object, container: Object) -> set[str]:
    """Every file path a container sees from its Secret volumes."""
    volumes = {v["name"]: v for v in deployment["spec"]["template"]["spec"]["volumes"]}
    files = set()
    for mount in container.get("volumeMounts", []):
        volume = volumes[mount["name"]]
        sources = [s["secret"] for s in volume.get("projected", {}).get("sources", [])]
        sources += [volume["secret"]] if "secret" in volume else []
        for source in sources:
            files |= {f"{mount['mountPath']}/{i['path']}" for i in source.get("items", [])}
    return files


def test_every_secret_file_setting_names_a_file_mounted_in_that_container(
    rendered: tuple[str, list[Object]],
) -> None:
    _, objects = rendered
    for name, deployment in deployments(objects).items():
        for container in containers(deployment):
            values = env(container, settings_of(objects, deployment))
            wanted = {k: v for k, v in values.items() if k.endswith("_FILE")}
            assert (
                "HUIKUAN_INTERNAL_API_KEY_FILE" in wanted
                and "HUIKUAN_REDIS_PASSWORD_FILE" in wanted
            )
            missing = {
                k: v for k, v in wanted.items() if v not in mounted_files(deployment, container)
            }
            assert not missing, f"{name}: settings name files no volume provides: {missing}"


def test_settings_hold_no_secret_values(rendered: tuple[str, list[Object]]) -> None:
    _, objects = rendered
    for config in of_kind(objects, "ConfigMap"):
        for key, value in config["data"].items():
            if re.search(r"KEY|SECRET|PASSWORD|TOKEN", key):
                assert key.endswith("_FILE"), f"{key} carries a secret value in a ConfigMap"
            assert "dev-only" not in value
        assert "@" not in config["data"]["REDIS_URL"], "credentials in REDIS_URL"


def test_each_overlay_runs_its_own_environment_on_the_system_clock(
    rendered: tuple[str, list[Object]],
) -> None:
    overlay, objects = rendered
    for deployment in deployments(objects).values():
        settings = settings_of(objects, deployment)["data"]
        assert settings["HUIKUAN_ENVIRONMENT"] == overlay
        assert settings["HUIKUAN_CLOCK"] == "system"
        (container,) = deployment["spec"]["template"]["spec"]["containers"]
        assert container["image"].startswith("registry.example.com/huikuan/huikuan")
        assert deployment["metadata"]["namespace"] == f"huikuan-{overlay}"
    namespace = named(objects, "Namespace", f"huikuan-{overlay}")
    assert namespace["metadata"]["labels"]["pod-security.kubernetes.io/enforce"] == "restricted"


def test_production_runs_two_pods_of_each_service_on_different_nodes() -> None:
    objects = render("production")
    for name, deployment in deployments(objects).items():
        if name in SINGLE_POD:
            continue  # test_analytics_runs_exactly_one_pod_and_never_two_during_a_rollout
        assert deployment["spec"]["replicas"] >= 2, name
        spread = deployment["spec"]["template"]["spec"]["topologySpreadConstraints"]
        by_host = [c for c in spread if c["topologyKey"] == "kubernetes.io/hostname"]
        assert by_host and by_host[0]["whenUnsatisfiable"] == "DoNotSchedule", name
        assert "app.kubernetes.io/name" in by_host[0]["matchLabelKeys"], name
    assert settings_of(objects, deployment)["data"]["REDIS_URL"].startswith("rediss://")


def network(objects: list[Object]) -> tuple[list[Object], Object, dict[str, Pod]]:
    pods = {name: Pod.of(d) for name, d in deployments(objects).items()}
    pods["redis"] = Pod({"app.kubernetes.io/name": "redis", "app.kubernetes.io/part-of": "huikuan"})
    pods["api client"] = Pod({"huikuan.io/api-client": "true"})
    pods["stranger"] = Pod({"app.kubernetes.io/name": "debug-shell"})
    (namespace,) = of_kind(objects, "Namespace")
    return of_kind(objects, "NetworkPolicy"), namespace, pods


def test_only_notifications_reaches_the_customers_internal_port(
    rendered: tuple[str, list[Object]],
) -> None:
    policies, namespace, pods = network(rendered[1])
    for source, pod in pods.items():
        allowed = may_connect(policies, pod, pods["customers"], "internal", namespace)
        assert allowed == (source == "notifications"), source


def test_notifications_reaches_collections_for_a_debtors_standing_and_other_services_do_not(
    rendered: tuple[str, list[Object]],
) -> None:
    policies, namespace, pods = network(rendered[1])
    for source in ("notifications", "customers", "invoicing", "stranger"):
        allowed = may_connect(policies, pods[source], pods["collections"], "http", namespace)
        assert allowed == (source == "notifications"), source


def test_only_the_services_and_redis_itself_reach_redis(
    rendered: tuple[str, list[Object]],
) -> None:
    policies, namespace, pods = network(rendered[1])
    for source, pod in pods.items():
        allowed = may_connect(policies, pod, pods["redis"], 6379, namespace)
        assert allowed == (source in (*PROCESSES, "redis")), source
    assert not may_connect(policies, pods["notifications"], pods["redis"], 16379, namespace)


def test_analytics_runs_exactly_one_pod_and_never_two_during_a_rollout(
    rendered: tuple[str, list[Object]],
) -> None:
    _, objects = rendered
    analytics = deployments(objects)["analytics"]
    budget = named(objects, "PodDisruptionBudget", "analytics")["spec"]

    assert analytics["spec"]["replicas"] == 1
    assert analytics["spec"]["strategy"] == {"type": "Recreate"}  # the old pod stops first
    assert "minAvailable" not in budget and budget["maxUnavailable"] == 1  # drains not blocked
    (container,) = containers(analytics)
    assert env(container, settings_of(objects, analytics))["HUIKUAN_REDIS_USERNAME"] == (
        "huikuan-analytics"
    )
    assert any(p["name"] == "http" and p["containerPort"] == 8105 for p in container["ports"])


def test_analytics_gets_more_memory_than_the_other_services_for_its_in_memory_book(
    rendered: tuple[str, list[Object]],
) -> None:
    _, objects = rendered

    def memory(name: str, kind: str) -> int:
        (container,) = containers(deployments(objects)[name])
        value = container["resources"][kind]["memory"]
        return int(value[:-2]) * {"Mi": 1, "Gi": 1024}[value[-2:]]

    for kind in ("requests", "limits"):
        assert memory("analytics", kind) >= 2 * memory("invoicing", kind), kind


def test_collections_reaches_analytics_for_predictions_and_no_other_service_does(
    rendered: tuple[str, list[Object]],
) -> None:
    objects = rendered[1]
    policies, namespace, pods = network(objects)
    for source in ("collections", "customers", "invoicing", "notifications", "stranger"):
        allowed = may_connect(policies, pods[source], pods["analytics"], "http", namespace)
        assert allowed == (source == "collections"), source
    collections = deployments(objects)["collections"]
    (container,) = containers(collections)
    url = env(container, settings_of(objects, collections))["HUIKUAN_ANALYTICS_URL"]
    assert url == "http://analytics:8105"


def test_service_apis_take_api_clients_only_and_everything_else_is_denied(
    rendered: tuple[str, list[Object]],
) -> None:
    policies, namespace, pods = network(rendered[1])
    for name in SERVICES:
        assert may_connect(policies, pods["api client"], pods[name], "http", namespace)
        assert not may_connect(policies, pods["stranger"], pods[name], "http", namespace)
        assert not may_connect(policies, pods["invoicing"], pods[name], "http", namespace)
    assert not may_connect(policies, pods["stranger"], pods["stranger"], 8080, namespace)


def test_the_runbook_names_the_overlays_it_documents() -> None:
    text = OPERATIONS.read_text()
    for overlay in OVERLAYS:
        assert f"deploy/k8s/overlays/{overlay}" in text
    assert Path(ROOT / "deploy" / "k8s" / "base" / "kustomization.yaml").exists()


def test_the_console_reaches_the_services_http_and_its_redis_only(
    rendered: tuple[str, list[Object]],
) -> None:
    policies, namespace, pods = network(rendered[1])
    console = pods["console"]
    for name in SERVICES:
        assert may_connect(policies, console, pods[name], "http", namespace), name
    assert may_connect(policies, console, pods["redis"], 6379, namespace)
    assert not may_connect(policies, console, pods["customers"], "internal", namespace)
    assert not may_connect(policies, console, pods["redis"], 16379, namespace)
    stranger = Pod(pods["stranger"].labels, {"http": 8080})
    assert not may_connect(policies, console, stranger, "http", namespace)
    assert may_connect(policies, pods["api client"], console, "http", namespace)
    assert not may_connect(policies, pods["stranger"], console, "http", namespace)
