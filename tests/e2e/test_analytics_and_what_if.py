"""The read side and the what-if against the whole system: real processes, real SMTP.

The demo's debtor walks (invoice, missed payment, reminder, payment); analytics' reports
show it, and `huikuan policy what-if` — run as a command against the running services,
with analytics' cure rates — shows the earlier reminder a candidate policy would add."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from services.collections.adapters.policy_files import SHIPPED
from tests.e2e.conftest import System
from tooling.demo import SHANGHAI, Demo, walk

pytestmark = pytest.mark.e2e


def candidate(folder: Path) -> Path:
    policy = yaml.safe_load((SHIPPED / "cn.yaml").read_text(encoding="utf-8"))
    policy["version"] = "cn-2026.2-trial"
    policy["levels"].insert(
        0,
        {
            "level": 1,
            "name": "reminded.before_due",
            "state": "reminded",
            "when": {"days_past_due": -3},
            "actions": [
                {"kind": "reminder", "template": "pre_due_reminder", "channels": ["email"]}
            ],
        },
    )
    for number, level in enumerate(policy["levels"], start=1):
        level["level"] = number
    path = folder / "candidate.yaml"
    path.write_text(yaml.safe_dump(policy, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


async def test_the_walked_debtor_is_in_the_reports_and_a_what_if_runs_from_the_command_line(
    system: System, driver: Demo, tmp_path: Path
) -> None:
    started = (await driver.now()).astimezone(SHANGHAI).date()
    view = await walk(driver)
    customer = view["customer_id"]
    today = (await driver.now()).astimezone(SHANGHAI).date()
    analytics = system.processes.url("analytics")

    async def cured() -> dict[str, Any] | None:
        window_ended = (today + dt.timedelta(days=31)).isoformat()  # counted once it ends
        answer = await driver.http.get(
            f"{analytics}/reports/cure-rates",
            params={"by": "template", "within_days": 30, "as_of": window_ended},
        )
        rows = {r["key"]: r for r in answer.json()["report"]["rows"]} if answer.is_success else {}
        row = rows.get("overdue_reminder_1")
        # The walk pays on the reminder's day: both messages (e-mail, log) found nothing owed.
        return row if row and row["nothing_owed"] >= 2 else None

    reminder = await driver.until("analytics to fold the reminder and the payment", cured)
    aging = await driver.http.get(
        f"{analytics}/reports/aging", params={"as_of": started.isoformat(), "group_by": "customer"}
    )
    mine = [r for r in aging.json()["report"]["rows"] if r["group"] == customer]
    now_aging = await driver.http.get(
        f"{analytics}/reports/aging",
        params={"as_of": today.isoformat(), "group_by": "customer", "group": customer},
    )

    command = [
        str(Path(sys.executable).parent / "huikuan"),
        "policy",
        "what-if",
        str(candidate(tmp_path)),
        "--start",
        started.isoformat(),
        "--end",
        today.isoformat(),
        "--customer",
        customer,
        "--collections-url",
        system.processes.url("collections"),
        "--analytics-url",
        analytics,
    ]
    env = {**os.environ, "HUIKUAN_API_KEY": system.admin_key}
    ran = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)

    assert (reminder["counted"], reminder["pending"]) == (0, 0)
    assert [(r["currency"], r["amounts"][0]) for r in mine] == [("CNY", "12000.00")]  # not due
    assert now_aging.json()["report"]["rows"] == []  # paid: nothing open today
    assert ran.returncode == 0, ran.stderr
    lines = ran.stdout.splitlines()
    due = dt.date.fromisoformat(view["invoices"][0]["due_date"])
    pre_due = (due - dt.timedelta(days=3)).isoformat()
    assert (
        f"  added   {pre_due}  NotificationRequested reminded.before_due pre_due_reminder" in lines
    )
    assert "1 debtors, 1 would differ: 2 steps added, 0 removed, 0 moved" in lines
    assert lines[-1].startswith("money effect, ESTIMATE:")
