"""What-if on a history the running collections service recorded (simulated clock): a
candidate policy with an earlier first reminder shows exactly the added steps, and the
replay writes nothing to Redis and asks nothing to be sent."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import redis.asyncio as aioredis
import yaml

from services.collections.adapters.policy_files import SHIPPED
from shared.infra import keys
from shared.infra.api_keys import Role
from shared.infra.clock import SimulatedClock
from shared.infra.settings import Settings
from tests.integration.collections.harness import Running, Upstream, drained, eventually, running
from tests.integration.notifications import harness as sending
from tests.support.apps import key_dump
from tests.unit.collections.given import DEBTOR, Invoices, registered
from tooling.cli_policy import lines

SHANGHAI = ZoneInfo("Asia/Shanghai")


def local(day: str, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time(hour), SHANGHAI)


def earlier_first_reminder() -> str:
    """The shipped ``cn`` policy with a reminder three days before the due date."""
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
    return yaml.safe_dump(policy, allow_unicode=True, sort_keys=False)


async def at_level(svc: Running, level: int) -> dict[str, Any] | None:
    debtor = await svc.debtor(DEBTOR)
    return debtor if debtor.get("level") == level else None


async def record_history(svc: Running, upstream: Upstream, clock: SimulatedClock) -> None:
    inv = Invoices()
    await upstream.publish(registered())
    await eventually(lambda: svc.debtor(DEBTOR), timeout=60)
    await upstream.publish(inv.issue("INV-1", "12000.00", due=dt.date(2026, 11, 20)))
    await eventually(lambda: _tracks(svc), timeout=60)
    await clock.set(local("2026-11-23"))  # due date + grace: invoicing's PaymentMissed
    await upstream.publish(inv.miss("INV-1"))
    await eventually(lambda: at_level(svc, 1), timeout=60)
    await clock.set(local("2026-12-05"))  # 15 days past due: the review timer fires
    await eventually(lambda: at_level(svc, 2), timeout=60)
    await clock.set(local("2026-12-08"))
    await upstream.publish(*inv.pay("INV-1", "12000.00", value_date=dt.date(2026, 12, 8)))
    await eventually(lambda: at_level(svc, 0), timeout=60)
    await eventually(lambda: quiet(upstream.redis, upstream.partitions), timeout=60)


async def quiet(redis: aioredis.Redis, partitions: int) -> bool:
    """Collections and notifications have taken every fact and every timer due by now (a
    send deferred to this very moment of the simulated clock included)."""
    now_ms = int((await SimulatedClock(redis).now()).timestamp() * 1000)
    for p in range(partitions):
        for service in ("collections", "notifications"):
            if await redis.zrangebyscore(keys.timers(p, service), "-inf", now_ms, 0, 1):
                return False
    streams = [keys.outbox(p, s) for s in ("invoicing", "customers") for p in range(partitions)]
    streams += [keys.due_stream(p, "collections") for p in range(partitions)]
    sends = [keys.outbox(p, "collections") for p in range(partitions)]
    sends += [keys.due_stream(p, "notifications") for p in range(partitions)]
    return all(
        [await drained(redis, s) for s in streams if await redis.exists(s)]
        + [await drained(redis, s, "notifications") for s in sends if await redis.exists(s)]
    )


CONTACTS = {
    DEBTOR: {
        "customer_id": DEBTOR,
        "jurisdiction": "cn",
        "contacts": [
            {
                "contact_id": "ct-1",
                "name": "赵敏华",
                "email": "zhao.minhua@example.com",
                "phone": "+86 137 0000 1234",
                "language": "zh-CN",
                "timezone": "Asia/Shanghai",
                "role": "debtor_staff",
                "consent": {"email": True, "sms": True},
                "represented_by_lawyer": False,
            }
        ],
    },
}


async def _mailed(mailbox: sending.Mailbox) -> bool:
    return len(mailbox.messages) >= 1


async def _tracks(svc: Running) -> bool:
    return bool((await svc.debtor(DEBTOR)).get("invoices"))


async def test_an_earlier_first_reminder_shows_exactly_the_added_steps_and_writes_nothing(
    settings: Settings, redis: aioredis.Redis
) -> None:
    clock = SimulatedClock(redis)
    await clock.set(local("2026-11-02", 9))
    simulated = settings.model_copy(update={"clock": "simulated"})
    with (
        sending.smtp_server() as (mailbox, smtp_port),
        sending.customers_server(sending.CustomersApi(CONTACTS)) as customers_url,
    ):
        sender = simulated.model_copy(
            update={
                "customers_url": customers_url,
                "internal_api_key": sending.INTERNAL_KEY,
                "smtp_host": "127.0.0.1",
                "smtp_port": smtp_port,
            }
        )
        async with running(simulated, redis) as svc, sending.running(sender, redis):
            await record_history(svc, Upstream(redis, settings.partitions), clock)
            await eventually(lambda: _mailed(mailbox), timeout=60)  # the reminders went out
            # and every service has finished with them (a send's records land after the mail)
            await eventually(lambda: quiet(redis, settings.partitions), timeout=60)
            mails, before = len(mailbox.messages), await key_dump(redis)
            answer = await svc.client.post(
                "/admin/what-if",
                headers=svc.as_(Role.ADMIN),
                json={
                    "policy_yaml": earlier_first_reminder(),
                    "start": "2026-11-01",
                    "end": "2026-12-31",
                    "customers": [DEBTOR],
                    "cure_rates": {"pre_due_reminder": "0.25", "overdue_reminder_1": "0.4"},
                },
            )
            bad = earlier_first_reminder().replace("days_past_due: -3", "days_past_due: soon")
            refused = await svc.client.post(
                "/admin/what-if",
                headers=svc.as_(Role.ADMIN),
                json={"policy_yaml": bad, "start": "2026-11-01", "end": "2026-12-31"},
            )
            after = await key_dump(redis)
            await eventually(lambda: quiet(redis, settings.partitions), timeout=60)
            mails_after = len(mailbox.messages)

    assert answer.status_code == 200, answer.text
    report = answer.json()
    (debtor,) = report["debtors"]
    assert debtor["faithful"] is True  # the book in force, replayed, gives back what happened
    happened = [(s["type"], s["rule"], s["on"]) for s in debtor["happened"]]
    assert ("DunningLevelReached", "overdue.first_missed_payment", "2026-11-23") in happened
    assert ("DunningLevelReached", "overdue.second_reminder", "2026-12-05") in happened
    assert ("DebtorCleared", "current.overdue_balance_paid", "2026-12-08") in happened
    changes = [
        (d["change"], d["step"]["type"], d["step"]["what"], d["step"]["on"])
        for d in debtor["differences"]
    ]
    assert changes == [
        ("added", "DunningLevelReached", "", "2026-11-17"),
        ("added", "NotificationRequested", "pre_due_reminder", "2026-11-17"),
    ]
    assert report["totals"] == {"debtors": 1, "changed": 1, "added": 2, "removed": 0, "moved": 0}
    assert report["estimated_effect"] == {"CNY": "3000.00"}  # 0.25 × 12000, an estimate
    assert report["estimate_note"].startswith("ESTIMATE")
    assert refused.status_code == 422
    (problem,) = refused.json()["detail"]["problems"]
    assert "levels.0.when.days_past_due" in problem  # the path of the bad value, and why
    assert after == before  # no key written: no event, no timer, no request to send
    assert mails_after == mails >= 1  # the sink got the real reminders, and nothing more
    requests = await redis.xrange(keys.outbox(keys.partition_of(DEBTOR, 4), "collections"))
    sent = [e for _, e in requests if b"pre_due_reminder" in e[b"__data__"]]
    assert sent == []

    shown = lines(report)  # what `huikuan policy what-if` prints of it
    added = "  added   2026-11-17  NotificationRequested reminded.before_due pre_due_reminder"
    assert added in shown
    assert shown[-2] == "1 debtors, 1 would differ: 2 steps added, 0 removed, 0 moved"
    assert shown[-1].startswith("money effect, ESTIMATE: 3000.00 CNY")
