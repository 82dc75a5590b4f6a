"""The due-date watch: timers ``due:<number>`` fire into ``hk:{pNN}:due:invoicing``."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from services.invoicing.application.service import Invoicing
from services.invoicing.domain.commands import CheckPaymentDue
from services.invoicing.domain.due_watch import TIMER_KIND
from shared.infra.timers import parse_timer


def parse_due_check(payload: bytes) -> CheckPaymentDue:
    """A fired due timer as a command; any other timer is unparseable here (dead letter)."""
    timer = parse_timer(payload)
    if timer.kind != TIMER_KIND:
        raise ValueError(f"invoicing has no timers of kind {timer.kind!r}")
    return CheckPaymentDue(
        timer_id=timer.timer_id,
        external_number=timer.aggregate_id,
        customer_id=timer.payload.get("customer_id"),
        grace_days=timer.payload.get("grace_days"),
    )


def due_timer_handler(invoicing: Invoicing) -> Callable[[CheckPaymentDue], Awaitable[None]]:
    async def on_due_timer(check: CheckPaymentDue) -> None:
        await invoicing.check_payment_due(check)

    return on_due_timer
