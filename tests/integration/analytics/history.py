"""A recorded history on the outbound streams, as invoicing, collections, notifications and
customers publish it: debtors with invoices, payments (one backdated), dunning steps,
messages, promises kept and broken, a plan, a dispute and a handover to an agency."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

import redis.asyncio as aioredis

from shared.contracts import Event, encode_event
from shared.contracts import collections as c
from shared.contracts import customers as cu
from shared.contracts import invoicing as inv
from shared.contracts import notifications as n
from shared.contracts.money import Money
from shared.infra import keys

DAY0 = dt.date(2026, 1, 5)


def cny(amount: str) -> Money:
    return Money(amount=Decimal(amount), currency="CNY")


def at(day: dt.date, hour: int = 2) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=dt.UTC)


def event(cls: type[Event], when: dt.datetime, aggregate: str, **fields: Any) -> Event:
    return cls.model_validate({
        "event_id": uuid.uuid4(), "occurred_at": when, "aggregate_id": aggregate,
        "aggregate_version": 1, "correlation_id": uuid.uuid4(), "producer": cls.family, **fields,
    })  # fmt: skip


def debtor_history(i: int) -> list[Event]:
    """One debtor's facts; every third debtor pays late after a promise, every fifth is
    handed to an agency, every seventh disputes an invoice."""
    cid = f"C-{i:04d}"
    issued = DAY0 + dt.timedelta(days=i % 20)
    due = issued + dt.timedelta(days=30)
    amount = f"{1000 + 37 * i}.00"
    out: list[Event] = [
        event(cu.CustomerRegistered, at(issued), cid, customer_id=cid, jurisdiction="cn",
              currency="CNY", segment="key_account" if i % 4 == 0 else "standard"),
        event(inv.InvoiceIssued, at(issued), f"inv-{i}", invoice_id=f"inv-{i}", customer_id=cid,
              external_number=f"INV-{i}", amount=cny(amount), issue_date=issued, due_date=due),
        event(inv.InvoiceIssued, at(issued), f"inv-{i}b", invoice_id=f"inv-{i}b",
              customer_id=cid, external_number=f"INV-{i}B", amount=cny("500.00"),
              issue_date=issued, due_date=due + dt.timedelta(days=60)),
    ]  # fmt: skip
    late = due + dt.timedelta(days=4)
    step = {"policy_version": "cn-2026.1", "rule": "overdue.first_missed_payment"}
    out += [
        event(c.DunningLevelReached, at(late), cid, customer_id=cid, level=1, state="overdue",
              overdue=cny(amount), **step),
        event(n.NotificationSent, at(late, 3), f"n-{i}", request_id=f"r-{i}", customer_id=cid,
              channel="email", template="overdue_reminder_1", template_version="v1",
              masked_address="a***@example.com", addressee_role="accounts",
              sent_at=at(late, 3), provider_result="250 OK", content_sha256="0" * 64),
    ]  # fmt: skip
    if i % 3 == 0:
        promise = {"promise_id": f"p-{i}", "customer_id": cid}
        out += [
            event(c.PromiseMade, at(late + dt.timedelta(days=2)), cid, **promise,
                  amount=cny(amount), due_on=late + dt.timedelta(days=10), channel="phone",
                  taken_by=f"col-{i % 2}"),
            event(c.CollectorTaskRaised, at(late + dt.timedelta(days=2)), cid, task_id=f"t-{i}",
                  customer_id=cid, task="call_debtor", due_on=late, assignee=f"col-{i % 2}",
                  **step),
        ]  # fmt: skip
        if i % 2 == 0:
            paid_on = late + dt.timedelta(days=8)
            out += [
                event(inv.PaymentReceived, at(paid_on), f"inv-{i}", payment_id=f"pay-{i}",
                      invoice_id=f"inv-{i}", customer_id=cid, amount=cny(amount),
                      value_date=paid_on - dt.timedelta(days=3), outstanding=cny("0")),
                event(c.PromiseKept, at(paid_on), cid, **promise),
            ]  # fmt: skip
        else:
            broken = late + dt.timedelta(days=14)
            out.append(event(c.PromiseBroken, at(broken), cid, **promise, shortfall=cny(amount),
                             **step))  # fmt: skip
    if i % 5 == 0:
        handed = due + dt.timedelta(days=95)
        out.append(event(c.EscalatedToAgency, at(handed), cid, customer_id=cid,
                         overdue=cny(amount), evidence=c.EvidenceSummary(),
                         policy_version="cn-2026.1", rule="escalate.agency"))  # fmt: skip
    if i % 7 == 0:
        raised = issued + dt.timedelta(days=10)
        dispute = {"invoice_id": f"inv-{i}b", "customer_id": cid}
        out += [
            event(c.InvoiceDisputed, at(raised), cid, **dispute, reason="quality",
                  raised_by="col-1", raised_on=raised),
            event(c.DisputeResolved, at(raised + dt.timedelta(days=9)), cid, **dispute,
                  outcome="upheld_back_to_dunning", resolved_by="col-1"),
        ]  # fmt: skip
    return out


async def record(redis: aioredis.Redis, events: list[Event], partitions: int = 4) -> None:
    """Each event on its producer's outbound stream of its debtor's partition."""
    async with redis.pipeline(transaction=False) as pipe:
        for e in events:
            customer = str(getattr(e, "customer_id", e.aggregate_id))
            stream = keys.outbox(keys.partition_of(customer, partitions), e.producer)
            pipe.xadd(stream, {"__data__": encode_event(e)})
        await pipe.execute()
