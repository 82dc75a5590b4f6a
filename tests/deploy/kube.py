"""Rendering the kustomize overlays and reading what they render (tests/deploy helpers)."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
K8S = ROOT / "deploy" / "k8s"
OVERLAYS = sorted(p.name for p in (K8S / "overlays").iterdir() if p.is_dir())

Object = dict[str, Any]


def render(overlay: str) -> list[Object]:
    """``kubectl kustomize`` of one overlay, as objects (skips where kubectl is absent)."""
    kubectl = shutil.which("kubectl")
    if kubectl is None:
        pytest.skip("kubectl is not installed: the kustomize overlays cannot be rendered here")
    done = subprocess.run(
        [kubectl, "kustomize", str(K8S / "overlays" / overlay)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return [doc for doc in yaml.safe_load_all(done.stdout) if doc]


def of_kind(objects: list[Object], kind: str) -> list[Object]:
    return [o for o in objects if o["kind"] == kind]


def named(objects: list[Object], kind: str, name: str) -> Object:
    found = [o for o in of_kind(objects, kind) if o["metadata"]["name"] == name]
    assert len(found) == 1, f"{kind}/{name}: {len(found)} rendered"
    return found[0]


def containers(deployment: Object) -> Iterator[Object]:
    spec = deployment["spec"]["template"]["spec"]
    yield from spec.get("initContainers", [])
    yield from spec["containers"]


def env(container: Object, settings: Object) -> dict[str, str]:
    """What the process sees: the ConfigMap's data, then the container's own ``env``."""
    values = dict(settings["data"])
    values.update({e["name"]: e["value"] for e in container.get("env", []) if "value" in e})
    return values


def settings_of(objects: list[Object], deployment: Object) -> Object:
    (container,) = deployment["spec"]["template"]["spec"]["containers"]
    (source,) = container["envFrom"]
    return named(objects, "ConfigMap", source["configMapRef"]["name"])


@dataclass
class Pod:
    """A pod as a NetworkPolicy sees it: labels and named container ports."""

    labels: dict[str, str]
    ports: dict[str, int] = field(default_factory=dict)

    @classmethod
    def of(cls, deployment: Object) -> Pod:
        template = deployment["spec"]["template"]
        ports = {
            p["name"]: p["containerPort"]
            for c in template["spec"]["containers"]
            for p in c.get("ports", [])
        }
        return cls(dict(template["metadata"]["labels"]), ports)


def _selects(selector: Object, labels: dict[str, str]) -> bool:
    assert "matchExpressions" not in selector, "the evaluator reads matchLabels only"
    return all(labels.get(k) == v for k, v in selector.get("matchLabels", {}).items())


def _peer_matches(peer: Object, source: Pod, namespace_labels: dict[str, str]) -> bool:
    """A peer in the same namespace as the target (ipBlock peers match no pod here)."""
    pods, namespaces = peer.get("podSelector"), peer.get("namespaceSelector")
    if pods is None and namespaces is None:
        return False
    if namespaces is not None and not _selects(namespaces, namespace_labels):
        return False
    return pods is None or _selects(pods, source.labels)


def may_connect(
    policies: list[Object], source: Pod, target: Pod, port: str | int, namespace: Object
) -> bool:
    """Whether ``source`` may open a TCP connection to ``target``'s ``port`` (same namespace):
    the target's ingress policies let it in and the source's egress policies let it out."""
    number = target.ports[port] if isinstance(port, str) else port
    ns_labels = namespace["metadata"].get("labels", {})
    return _allowed(policies, "Ingress", target, source, number, ns_labels) and _allowed(
        policies, "Egress", source, target, number, ns_labels
    )


def _allowed(
    policies: list[Object], kind: str, selected: Pod, peer: Pod, number: int,
    ns_labels: dict[str, str], ) -> bool:  # fmt: skip
    """Whether the ``kind`` policies selecting ``selected`` allow ``peer`` on the target's
    port ``number`` (named ports are the target's)."""
    target = selected if kind == "Ingress" else peer
    relevant = [
        p["spec"]
        for p in policies
        if _selects(p["spec"]["podSelector"], selected.labels)
        and kind in p["spec"].get("policyTypes", ["Ingress"])
    ]
    if not relevant:
        return True
    for spec in relevant:
        for rule in spec.get(kind.lower(), []):
            rule_ports = [p["port"] for p in rule.get("ports", [])]
            port_ok = not rule_ports or any(
                (target.ports.get(p) if isinstance(p, str) else p) == number for p in rule_ports
            )
            peers = rule.get("from" if kind == "Ingress" else "to", [])
            peer_ok = not peers or any(_peer_matches(p, peer, ns_labels) for p in peers)
            if port_ok and peer_ok:
                return True
    return False
