"""The streams customers follows: its own due timers (shred, monthly credit review), the
ERP's customer master (``hk:ingest:customers``, see ``ingest``), and invoicing's and
collections' outbound facts the credit file is derived from (keyed by customer).

The override timer re-rates a customer on the day an admin's rating override expires. The
shred timer, appended with ``PersonalDataErased``, destroys the data key should the
process that erased have died before doing so (and does nothing otherwise). A due timer
of any other kind is dead-lettered at once.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from services.customers.application.container import Container
from services.customers.domain.creditadmin import OVERRIDE_TIMER_KIND
from services.customers.domain.creditfile import REVIEW_TIMER_KIND
from services.customers.domain.holds import SHRED_TIMER_KIND
from services.customers.entrypoints.ingest import (
    INGEST_STREAM,
    on_customer_record,
    parse_customer_record,
)
from services.customers.entrypoints.orders import (
    ORDERS_STREAM,
    on_order_entry,
    parse_order_entry,
)
from shared.contracts import Event
from shared.infra.following import follow_events
from shared.infra.runtime import Runtime
from shared.infra.timers import timer_reader
from shared.kernel import Timer

read_due_timer = timer_reader("customers", SHRED_TIMER_KIND, REVIEW_TIMER_KIND, OVERRIDE_TIMER_KIND)


def subscribe(rt: Runtime, wired: Container) -> None:
    rt.consumer.follow(rt.due_streams(), on_due_timer(wired), read_due_timer)

    async def on_fact(event: Event) -> None:
        await wired.credit.follow(event)

    rt.consumer.follow(
        [ORDERS_STREAM], on_order_entry(wired), parse_order_entry,
        key=lambda entry: entry.customer_id,
    )  # fmt: skip
    upstream = [*rt.outbox_streams("invoicing"), *rt.outbox_streams("collections")]
    follow_events(rt, upstream, on_fact, key=customer_of)
    rt.consumer.follow(
        [INGEST_STREAM], on_customer_record(wired), parse_customer_record,
        key=lambda record: record.customer_id,
    )  # fmt: skip


def customer_of(event: Event) -> str:
    return str(getattr(event, "customer_id", event.aggregate_id))


def on_due_timer(wired: Container) -> Callable[[Timer], Awaitable[None]]:
    async def due(timer: Timer) -> None:
        if timer.kind == REVIEW_TIMER_KIND:
            await wired.credit.on_review_timer(timer)
        elif timer.kind == OVERRIDE_TIMER_KIND:
            await wired.credit_admin.on_override_timer(timer)
        else:
            await wired.erasures.shred(timer.aggregate_id)

    return due
