"""The shred timer, appended with ``PersonalDataErased``: it destroys the data key should
the process that erased have died before doing so (and does nothing otherwise)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from services.customers.application.erasure import Erasures
from services.customers.domain.holds import SHRED_TIMER_KIND
from shared.infra.timers import parse_timer


def parse_shred(payload: bytes) -> str:
    """The customer id of a fired shred timer; any other timer is unparseable (dead letter)."""
    timer = parse_timer(payload)
    if timer.kind != SHRED_TIMER_KIND:
        raise ValueError(f"customers has no timers of kind {timer.kind!r}")
    return timer.aggregate_id


def shred_timer_handler(erasures: Erasures) -> Callable[[str], Awaitable[None]]:
    async def on_shred_timer(customer_id: str) -> None:
        await erasures.shred(customer_id)

    return on_shred_timer
