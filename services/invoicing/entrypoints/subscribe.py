"""The streams invoicing follows: the ingest stream of ERP commands, its due timers,
customers' registrations (the accounts it keeps) and collections' outcomes it books.

All in keyed batches: commands about different accounts run together, one account's in
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
    RecordPaymentMessage,
    _AccountMessage,
    _InvoiceMessage,
    parse_ingest,
)
from services.invoicing.entrypoints.posting import on_followed
from shared.contracts import Event
from shared.infra.following import follow_events
from shared.infra.runtime import Runtime
from shared.infra.timers import timer_reader
from shared.kernel.errors import DomainError

read_due_timer = timer_reader("invoicing", TIMER_KIND)


def subscribe(rt: Runtime, wired: Container) -> None:
    rt.consumer.follow([INGEST_STREAM], on_ingest(wired), parse_ingest, key=lambda m: m.lane)
    rt.consumer.follow(
        rt.due_streams(), on_due(wired), parse_due_check, key=lambda check: check.customer_id
    )
    follow_events(
        rt,
        [*rt.outbox_streams("customers"), *rt.outbox_streams("collections")],
        on_followed(wired),
        key=customer_of,
    )


def customer_of(event: Event) -> str:
    return str(getattr(event, "customer_id", event.aggregate_id))


def parse_due_check(payload: bytes) -> CheckPaymentDue:
    """A fired due timer as a command (malformed or of another kind: dead-lettered)."""
    timer = read_due_timer(payload)
    return CheckPaymentDue(
        timer_id=timer.timer_id,
        external_number=timer.aggregate_id,
        customer_id=timer.payload.get("customer_id"),
        grace_days=timer.payload.get("grace_days"),
    )


async def handle_ingest(wired: Container, message: IngestMessage) -> None:
    invoicing = wired.invoicing
    match message:
        case IssueInvoiceMessage():
            await invoicing.issue(message.command(), source="ingest")
        case RecordPaymentMessage():
            await invoicing.record_payment(message.command(), source="ingest")
        case _AccountMessage():
            await invoicing.on_ledger(message.customer_id, message.command(), source="ingest")
        case _InvoiceMessage():
            command = message.command()
            owner = await invoicing.owner(command.invoice_id)
            await invoicing.on_ledger(owner, command, source="ingest")


def on_ingest(wired: Container) -> Callable[[IngestMessage], Awaitable[None]]:
    async def on_ingest_command(message: IngestMessage) -> None:
        try:
            await handle_ingest(wired, message)
        except DomainError as refused:
            await wired.rejections.record(
                message.model_dump_json(), message.type, message.key, refused
            )

    return on_ingest_command


def on_due(wired: Container) -> Callable[[CheckPaymentDue], Awaitable[None]]:
    async def on_due_timer(check: CheckPaymentDue) -> None:
        await wired.invoicing.check_payment_due(check)

    return on_due_timer
