"""The alert rules parse and fire when they should; rules and dashboard use documented metrics.

``promtool`` (Debian's prometheus package; setup.sh puts it in .venv/bin) checks the rule
file and runs its unit tests (deploy/monitoring/alerts.test.yaml) when it is present; the
structure checks below run everywhere.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
MONITORING = ROOT / "deploy" / "monitoring"
RULES = MONITORING / "alerts.yaml"
DASHBOARD = MONITORING / "grafana-dashboard.json"
OPERATIONS = ROOT / "docs" / "operations.md"

_KEYWORDS = {"by", "without", "on", "ignoring", "group_left", "group_right", "and", "or"}
_KEYWORDS |= {"unless", "bool", "offset", "inf", "nan"}


def metric_names(expr: str) -> set[str]:
    """The metric names a PromQL expression reads (functions, labels and keywords left out)."""
    text = re.sub(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'', "", expr)
    text = re.sub(r"\{[^}]*\}", " ", text)
    text = re.sub(r"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", " ", text)
    text = re.sub(r"\[[^\]]*\]", " ", text)
    names = set()
    for match in re.finditer(r"[A-Za-z_:][A-Za-z0-9_:]*", text):
        if re.match(r"\s*\(", text[match.end() :]) or match.group() in _KEYWORDS:
            continue
        names.add(match.group())
    return names


def documented_metrics() -> set[str]:
    """Metric names in the first column of docs/operations.md's metrics table."""
    return set(re.findall(r"^\| `([a-z_:]+)` \|", OPERATIONS.read_text(), re.MULTILINE))


def is_documented(name: str, documented: set[str]) -> bool:
    return name in documented or re.sub(r"_(bucket|sum|count)$", "", name) in documented


def rules() -> list[dict[str, Any]]:
    return [
        rule for group in yaml.safe_load(RULES.read_text())["groups"] for rule in group["rules"]
    ]


def dashboard_queries() -> list[str]:
    panels = json.loads(DASHBOARD.read_text())["panels"]
    return [t["expr"] for p in panels for t in p.get("targets", [])]


def promtool() -> str:
    found = shutil.which("promtool") or shutil.which(
        "promtool", path=str(Path(sys.executable).parent)
    )
    if found is None:
        pytest.skip("promtool is not installed (setup.sh takes it from Debian's prometheus)")
    return found


def test_the_metric_reader_finds_metrics_and_nothing_else() -> None:
    expr = (
        'histogram_quantile(0.99, sum by (service, le) (rate(a_seconds_bucket{x=~"5.."}[5m])))'
        ' / on (service) group_left b_total > 0.5 and up{job="huikuan"} == 0'
    )
    assert metric_names(expr) == {"a_seconds_bucket", "b_total", "up"}


def test_promtool_accepts_the_rule_file() -> None:
    done = subprocess.run(
        [promtool(), "check", "rules", str(RULES)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_alerts_fire_in_the_situations_their_unit_tests_describe() -> None:
    done = subprocess.run(
        [promtool(), "test", "rules", "alerts.test.yaml"],
        cwd=MONITORING,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_every_rule_is_an_alert_with_a_severity_a_summary_and_a_runbook_section() -> None:
    headings = re.findall(r"^#+ (.+)$", OPERATIONS.read_text(), re.MULTILINE)
    anchors = {re.sub(r"[^a-z0-9 -]", "", h.lower()).replace(" ", "-") for h in headings}
    found = rules()
    assert len(found) >= 10
    for rule in found:
        assert rule["labels"]["severity"] in ("warning", "critical"), rule["alert"]
        assert rule["annotations"]["summary"], rule["alert"]
        page, _, anchor = rule["annotations"]["runbook_url"].partition("#")
        assert page == "docs/operations.md" and anchor in anchors, rule["alert"]


def test_the_alerts_cover_what_operators_must_hear_about() -> None:
    used = set().union(*(metric_names(r["expr"]) for r in rules()))
    for metric in (
        "huikuan_dead_lettered_total",
        "huikuan_dead_letters",
        "huikuan_consumer_lag",
        "huikuan_consumer_pending",
        "huikuan_redis_used_memory_bytes",
        "huikuan_timers_overdue",
        "huikuan_ready",
        "huikuan_events_handled_total",
    ):
        assert metric in used, f"no alert watches {metric}"


def test_every_metric_the_rules_and_the_dashboard_read_is_documented() -> None:
    documented = documented_metrics()
    assert "huikuan_events_handled_total" in documented
    exprs = [r["expr"] for r in rules()] + dashboard_queries()
    missing = {m for e in exprs for m in metric_names(e) if not is_documented(m, documented)}
    assert not missing, f"not in docs/operations.md's metrics table: {sorted(missing)}"


def test_the_dashboard_is_a_grafana_dashboard_over_a_chosen_prometheus() -> None:
    board = json.loads(DASHBOARD.read_text())
    ids = [p["id"] for p in board["panels"]]
    assert len(ids) == len(set(ids))
    variables = {v["name"]: v for v in board["templating"]["list"]}
    assert variables["datasource"]["query"] == "prometheus"
    for panel in board["panels"]:
        if panel["type"] == "row":
            continue
        assert panel["datasource"]["uid"] == "${datasource}", panel["title"]
        assert panel["targets"] and all(t["expr"] for t in panel["targets"]), panel["title"]


def exported_metrics() -> set[str]:
    """Every sample name the services' /metrics can carry: Huikuan's own metrics (as the
    processes define them) and prometheus-client's process collector."""
    import prometheus_client

    # Defining the metrics registers them.
    import services.analytics.adapters.gauges  # noqa: F401
    import shared.infra.gauges
    import shared.infra.metrics  # noqa: F401

    names: set[str] = set()
    for family in prometheus_client.REGISTRY.collect():
        suffixes = {"counter": ("_total",), "histogram": ("_bucket", "_sum", "_count")}
        names |= {family.name + s for s in suffixes.get(family.type, ("",))}
    return names


def test_every_metric_the_rules_and_the_dashboard_read_is_exported_by_the_services() -> None:
    """Nothing watched is a metric the services do not export yet (``up`` is Prometheus's)."""
    exported = exported_metrics() | {"up"}
    exprs = [r["expr"] for r in rules()] + dashboard_queries()
    missing = {m for e in exprs for m in metric_names(e) if m not in exported}
    assert not missing, f"read by rules or dashboard, exported by no service: {sorted(missing)}"
