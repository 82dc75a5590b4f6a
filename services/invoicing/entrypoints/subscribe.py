"""The streams invoicing follows: the ingest stream of ERP commands and its due timers.

Both in keyed batches: commands about different invoices run together, one invoice's in
order. A well-formed ingest command that breaks a business rule is recorded in the
rejection log and acknowledged; a due timer of an unknown kind is dead-lettered at once.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from services.invoicing.application.container import Container
from services.invoicing.domain.commands import CheckPaymentDue
from services.invoicing.domain.due_watch import TIMER_KIND
from services.invoicing.entrypoints.ingest import (
    INGEST_STREAM,
    IngestMessage,
    IssueInvoiceMessage,
    parse_ingest,
)
from shared.infra.runtime import Runtime
from shared.infra.timers import timer_reader
from shared.kernel.errors import DomainError

read_due_timer = timer_reader("invoicing", TIMER_KIND)


def subscribe(rt: Runtime, wired: Container) -> None:
    rt.consumer.follow(
        [INGEST_STREAM], on_ingest(wired), parse_ingest, key=lambda message: message.external_number
    )
    rt.consumer.follow(
        rt.due_streams(), on_due(wired), parse_due_check, key=lambda check: check.external_number
    )


def parse_due_check(payload: bytes) -> CheckPaymentDue:
    """A fired due timer as a command (malformed or of another kind: dead-lettered)."""
    timer = read_due_timer(payload)
    return CheckPaymentDue(
        timer_id=timer.timer_id,
        external_number=timer.aggregate_id,
        customer_id=timer.payload.get("customer_id"),
        grace_days=timer.payload.get("grace_days"),
    )


def on_ingest(wired: Container) -> Callable[[IngestMessage], Awaitable[None]]:
    async def on_ingest_command(message: IngestMessage) -> None:
        try:
            if isinstance(message, IssueInvoiceMessage):
                await wired.invoicing.issue(message.command(), source="ingest")
            else:
                await wired.invoicing.record_payment(message.command(), source="ingest")
        except DomainError as refused:
            await wired.rejections.record(
                message.model_dump_json(), message.type, message.key, refused
            )

    return on_ingest_command


def on_due(wired: Container) -> Callable[[CheckPaymentDue], Awaitable[None]]:
    async def on_due_timer(check: CheckPaymentDue) -> None:
        await wired.invoicing.check_payment_due(check)

    return on_due_timer
