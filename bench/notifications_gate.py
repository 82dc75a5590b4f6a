"""The notification gate and the renderer, each beside a raw baseline.

    .venv/bin/python bench/notifications_gate.py [N]     # default 5 000

1. gate only: ``Gate.decide`` over every rule (R1–R9, T1–T5) with a five-send history,
   no I/O — decisions/s;
2. gate with history: read the debtor's send history from Redis (the projection) and
   decide, one debtor at a time — beside raw redis-py doing the same ZRANGE and a bare
   count-and-compare in Python (no pydantic, no rules, no packs);
3. history writes: ``RedisSendHistory.record`` of N ``NotificationSent`` — beside raw
   redis-py doing the same ZADD + ZREMRANGEBYSCORE + PEXPIRE transaction;
4. rendering: ``JinjaRenderer.render`` of ``overdue_reminder_1`` (zh-CN, two invoices) —
   beside ``str.format`` of an equally long text.
"""

from __future__ import annotations

import asyncio
import sys
import uuid
from datetime import UTC, datetime, timedelta

import redis.asyncio as aioredis
from common import Timer, bench_redis, report

from services.notifications.adapters.history import RedisSendHistory, history_key
from services.notifications.adapters.templates.renderer import JinjaRenderer
from services.notifications.adapters.templates.variables import SAMPLE_FACTS
from services.notifications.domain.gate import Gate, GateInput
from services.notifications.domain.history import SendHistory, SentRecord
from services.notifications.domain.recipient import Recipient
from shared.contracts.notifications import NotificationSent
from shared.kernel.time import to_epoch_ms

PARTITIONS = 4
NOW = datetime(2026, 11, 4, 2, 0, tzinfo=UTC)  # Wednesday 10:00 in Shanghai
PERSON = Recipient(contact_id="ct-1", role="debtor_staff", timezone="Asia/Shanghai",
                   consent={"email": True}, reachable=frozenset({"email"}))  # fmt: skip


def sent(customer: str, i: int) -> NotificationSent:
    return NotificationSent(
        event_id=uuid.uuid4(), occurred_at=NOW, aggregate_id=f"req-{customer}-{i}",
        aggregate_version=2, correlation_id=uuid.uuid4(), producer="notifications",
        request_id=f"req-{customer}-{i}", customer_id=customer, channel="email",
        template="statement_cover", template_version="1", content_sha256="0" * 64,
        masked_address="a***@example.com", addressee_role="debtor_staff",
        sent_at=NOW - timedelta(days=9) + timedelta(hours=37 * i), provider_result="ok",
        contact_id="ct-1",
    )  # fmt: skip


def given(history: SendHistory) -> GateInput:
    return GateInput("email", PERSON, "cn", NOW, template="overdue_reminder_2",
                     request_id="req-now", history=history)  # fmt: skip


def bench_gate_only(n: int) -> float:
    gate = Gate()
    records = tuple(SentRecord(at=s.sent_at, request_id=s.request_id, channel="email",
                               contact_id="ct-1", template=s.template)
                    for s in (sent("C-0", i) for i in range(5)))  # fmt: skip
    question = given(SendHistory(records=records))
    gate.decide(question)  # warm: the holiday calendar and the zones load once
    with Timer() as timer:
        for _ in range(n):
            gate.decide(question)
    return timer.seconds


async def bench_history(url: str, n: int) -> tuple[float, float, float, float]:
    client = aioredis.from_url(url)
    history, gate, customers = (
        RedisSendHistory(client, PARTITIONS),
        Gate(),
        [f"C-{i}" for i in range(n)],
    )
    events = [sent(c, i) for c in customers for i in range(5)]
    with Timer() as ours_write:
        for event in events:
            await history.record(event)
    await client.flushall()
    with Timer() as raw_write:
        for event in events:
            await _raw_record(client, event)
    with Timer() as ours_read:
        for customer in customers:
            gate.decide(given(await history.history_of(customer)))
    with Timer() as raw_read:
        for customer in customers:
            await _raw_decide(client, customer)
    await client.aclose()
    return ours_write.seconds, raw_write.seconds, ours_read.seconds, raw_read.seconds


async def _raw_record(client: aioredis.Redis, event: NotificationSent) -> None:
    key, at = history_key(event.customer_id, PARTITIONS), to_epoch_ms(event.sent_at)
    member = f'{{"c":"email","k":"ct-1","r":"{event.request_id}","t":"{event.template}"}}'
    async with client.pipeline(transaction=True) as pipe:
        pipe.zadd(key, {member: at})
        pipe.zremrangebyscore(key, "-inf", at - 35 * 86_400_000)
        pipe.pexpire(key, 35 * 86_400_000)
        await pipe.execute()


async def _raw_decide(client: aioredis.Redis, customer: str) -> bool:
    rows = await client.zrange(history_key(customer, PARTITIONS), 0, -1, withscores=True)
    now = to_epoch_ms(NOW)
    recent = [score for _, score in rows if score > now - 86_400_000]
    return len(recent) < 6 and (not rows or now - max(s for _, s in rows) >= 2 * 86_400_000)


def bench_render(n: int) -> tuple[float, float]:
    renderer = JinjaRenderer()
    with Timer() as ours:
        for _ in range(n):
            renderer.render("overdue_reminder_1", "zh-CN", SAMPLE_FACTS)
    text = renderer.render("overdue_reminder_1", "zh-CN", SAMPLE_FACTS).body
    plain = text.replace("{", "{{").replace("}", "}}").replace("Li Wei", "{name}")
    with Timer() as raw:
        for _ in range(n):
            plain.format(name=SAMPLE_FACTS.recipient_name)
    return ours.seconds, raw.seconds


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 5_000
    gate_only = bench_gate_only(n)
    print(f"\ngate only (12 rules, no I/O): {n / gate_only:,.0f} decisions/s ({gate_only:.2f} s)")
    with bench_redis() as server:
        ours_w, raw_w, ours_r, raw_r = asyncio.run(bench_history(server.url, n))
    report("history writes (NotificationSent → sorted set)", 5 * n, ours_w, raw_w, "writes")
    report("gate decisions with the history read from Redis", n, ours_r, raw_r, "decisions")
    ours, raw = bench_render(n)
    print("\nrendering overdue_reminder_1 (zh-CN, two invoices)")
    print(f"  huikuan    : {n / ours:>10,.0f} messages/s  (sandboxed Jinja2, formatted facts)")
    print(f"  str.format : {n / raw:>10,.0f} messages/s  (the same text, one placeholder)")


if __name__ == "__main__":
    main()
