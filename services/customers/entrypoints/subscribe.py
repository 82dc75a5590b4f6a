"""The streams customers follows: its own due timers, and the ERP's customer master
(``hk:ingest:customers``, see ``ingest``).

The shred timer, appended with ``PersonalDataErased``, destroys the data key should the
process that erased have died before doing so (and does nothing otherwise). A due timer
of any other kind is dead-lettered at once.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from services.customers.application.container import Container
from services.customers.domain.holds import SHRED_TIMER_KIND
from services.customers.entrypoints.ingest import (
    INGEST_STREAM,
    on_customer_record,
    parse_customer_record,
)
from shared.infra.runtime import Runtime
from shared.infra.timers import timer_reader
from shared.kernel import Timer

read_due_timer = timer_reader("customers", SHRED_TIMER_KIND)


def subscribe(rt: Runtime, wired: Container) -> None:
    rt.consumer.follow(rt.due_streams(), on_shred_timer(wired), read_due_timer)
    rt.consumer.follow(
        [INGEST_STREAM], on_customer_record(wired), parse_customer_record,
        key=lambda record: record.customer_id,
    )  # fmt: skip


def on_shred_timer(wired: Container) -> Callable[[Timer], Awaitable[None]]:
    async def shred(timer: Timer) -> None:
        await wired.erasures.shred(timer.aggregate_id)

    return shred
