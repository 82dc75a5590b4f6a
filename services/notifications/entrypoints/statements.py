"""Invoicing's statements (对账单) sent to the customer: each ``StatementIssued`` becomes a
``statement_cover`` message on e-mail and letter, through the same gate as every other
message. The request id is derived from the statement id, so a redelivered statement is
taken once. The customer's signed confirm and dispute links travel in the statement as
absolute URLs (invoicing signs them); notifications prints them and holds no secret."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from services.notifications.application.container import Container
from shared.contracts import Event
from shared.contracts.invoicing import StatementIssued
from shared.contracts.money import Money
from shared.contracts.notifications import InvoiceRef, NotificationRequested
from shared.kernel.ids import derived_id


def statement_request(statement: StatementIssued) -> NotificationRequested:
    currency = statement.closing_balances[0].currency if statement.closing_balances else "CNY"
    closing = next((m for m in statement.closing_balances), Money.zero(currency))
    return NotificationRequested(
        event_id=derived_id("statement-request", statement.statement_id),
        occurred_at=statement.occurred_at,
        aggregate_id=statement.customer_id,
        aggregate_version=statement.aggregate_version,
        correlation_id=statement.correlation_id,
        causation_id=statement.event_id,
        producer="invoicing",
        request_id=f"statement:{statement.statement_id}",
        customer_id=statement.customer_id,
        template="statement_cover",
        channels=("email", "letter"),
        invoices=tuple(
            InvoiceRef(
                invoice_id=i.invoice_id,
                external_number=i.invoice_id,
                due_date=i.due_date,
                outstanding=i.outstanding,
            )
            for i in statement.open_invoices
        ),
        total_outstanding=closing,
        confirm_link=statement.confirm_url,
        dispute_link=statement.dispute_url,
    )


def on_statement(wired: Container) -> Callable[[Event], Awaitable[None]]:
    async def take_statement(event: Event) -> None:
        if isinstance(event, StatementIssued):
            await wired.notifier.take(statement_request(event))

    return take_statement
