"""The streams invoicing follows: the ingest stream of ERP commands, its due timers,
customers' registrations (the accounts it keeps) and collections' outcomes it books.

All in keyed batches: commands about different accounts run together, one account's in
order. A well-formed ingest command that breaks a business rule is recorded in the
rejection log and acknowledged; a due timer of an unknown kind is dead-lettered at once.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import structlog

from services.invoicing.application.container import Container
from services.invoicing.domain.commands import CheckPaymentDue
from services.invoicing.domain.decide import INTEREST_TIMER_KIND
from services.invoicing.domain.due_watch import TIMER_KIND
from services.invoicing.domain.statement_run import STATEMENT_TIMER_KIND
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
from shared.infra.bus_batch import Many
from shared.infra.following import follow_events
from shared.infra.metrics import INTEREST_WITHHELD
from shared.infra.runtime import Runtime
from shared.infra.timers import timer_reader
from shared.kernel import Timer
from shared.kernel.errors import DomainError

log = structlog.get_logger("invoicing")
read_due_timer = timer_reader("invoicing", TIMER_KIND, INTEREST_TIMER_KIND, STATEMENT_TIMER_KIND)


def subscribe(rt: Runtime, wired: Container) -> None:
    rt.consumer.follow([INGEST_STREAM], on_ingest(wired), parse_ingest, key=lambda m: m.lane,
                       many=on_ingest_batch(wired))  # fmt: skip
    rt.consumer.follow(rt.due_streams(), on_due(wired), read_due_timer, key=timer_customer)
    follow_events(
        rt,
        [*rt.outbox_streams("customers"), *rt.outbox_streams("collections")],
        on_followed(wired),
        key=customer_of,
    )


def customer_of(event: Event) -> str:
    return str(getattr(event, "customer_id", event.aggregate_id))


def timer_customer(timer: Timer) -> str:
    return str(timer.payload.get("customer_id", timer.aggregate_id))


def due_check(timer: Timer) -> CheckPaymentDue:
    """A fired due timer as a command."""
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


def on_ingest_batch(wired: Container) -> Many[IngestMessage]:
    """A wave of a read batch (one command per lane): its ``IssueInvoice`` commands booked
    together (``Invoicing.issue_many``), the others as they come. A command that failed
    here, refused by a rule included, is retried alone by ``on_ingest``, which records a
    refusal with its ingest entry id (deciding again on the same input refuses again)."""

    async def on_ingest_commands(messages: list[IngestMessage]) -> list[BaseException | None]:
        results: list[BaseException | None] = [None] * len(messages)
        issues: list[tuple[int, IssueInvoiceMessage]] = []
        others: list[tuple[int, IngestMessage]] = []
        for i, m in enumerate(messages):  # by exact type: a pydantic class check is costly
            if type(m) is IssueInvoiceMessage:
                issues.append((i, m))
            else:
                others.append((i, m))
        issued = await wired.invoicing.issue_many([m.command() for _, m in issues], "ingest")
        for (index, _), result in zip(issues, issued, strict=True):
            results[index] = result
        done = await asyncio.gather(
            *(handle_ingest(wired, m) for _, m in others), return_exceptions=True
        )
        for (index, _), outcome in zip(others, done, strict=True):
            results[index] = outcome if isinstance(outcome, BaseException) else None
        return results

    return on_ingest_commands


async def report_withheld(wired: Container, customer_id: str) -> None:
    """Interest the run could not book for want of a published rate: logged and counted
    (``huikuan_interest_withheld_total``), and shown in the account view."""
    today = wired.invoicing.rules.today(await wired.clock.now())
    withheld = await wired.invoicing.withheld_interest(customer_id, today)
    if withheld:
        INTEREST_WITHHELD.labels("invoicing").inc(len(withheld))
        since = str(min(w.since for w in withheld))
        log.warning("interest_withheld", customer_id=customer_id, invoices=len(withheld),
                    since=since, reason=withheld[0].reason)  # fmt: skip


def on_due(wired: Container) -> Callable[[Timer], Awaitable[None]]:
    """Due timers (malformed or of an unknown kind: dead-lettered by the parser)."""

    async def on_due_timer(timer: Timer) -> None:
        customer = timer_customer(timer)
        if timer.kind == INTEREST_TIMER_KIND:
            await wired.invoicing.run_interest(customer, timer_id=timer.timer_id)
            await report_withheld(wired, customer)
        elif timer.kind == STATEMENT_TIMER_KIND:
            await wired.invoicing.issue_statement(customer, timer_id=timer.timer_id)
        else:
            await wired.invoicing.check_payment_due(due_check(timer))

    return on_due_timer
