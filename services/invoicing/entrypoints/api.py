"""The invoices API: issue, pay, look up, list, cancel, change the due date, waive
interest. Writes answer 201 when they changed something, 200 when the very same command
had already been applied."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Query, Response, status
from pydantic import BaseModel, ConfigDict

from services.invoicing.application.account_views import (
    AccountView,
    InvoicePage,
    InvoiceStatus,
    InvoiceView,
)
from services.invoicing.application.service import Changed
from services.invoicing.domain.commands import (
    CustomerId,
    InvoiceNumber,
    IssueInvoice,
    PaymentReference,
    RecordPayment,
)
from services.invoicing.domain.ledger import commands as ledger
from services.invoicing.domain.ledger.model import Text
from services.invoicing.entrypoints.deps import Wired
from shared.contracts.money import Money
from shared.web.auth import Collector, Integration, PaymentBooker, Reader, Recorder

router = APIRouter(prefix="/invoices", tags=["invoices"])
ALREADY: dict[int | str, dict[str, str]] = {200: {"description": "The very same was already done"}}


class PaymentBody(BaseModel):
    """A payment against the invoice named in the path (what exceeds its open amount is
    kept as unapplied credit on the customer's account)."""

    model_config = ConfigDict(extra="forbid")

    payment_id: PaymentReference
    amount: Money
    value_date: dt.date


class CancellationBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    on: dt.date
    reason: Text


class DueDateBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    due_date: dt.date
    on: dt.date
    reason: Text


class WaiverBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    waiver_id: ledger.DocumentId
    on: dt.date
    reason: Text


def _answer(changed: Changed, response: Response) -> InvoiceView:
    response.status_code = status.HTTP_201_CREATED if changed.created else status.HTTP_200_OK
    return changed.view


@router.post("", status_code=status.HTTP_201_CREATED, responses=ALREADY)
async def issue_invoice(
    body: IssueInvoice, response: Response, _: Integration, wired: Wired
) -> InvoiceView:
    """Issue an invoice; for a customer invoicing does not know yet it is held
    (``status: pending_customer``) and booked when customers registers the customer."""
    return _answer(await wired.invoicing.issue(body), response)


@router.get("")
async def list_invoices(
    _: Reader,
    wired: Wired,
    customer_id: Annotated[list[CustomerId] | None, Query()] = None,
    invoice_status: Annotated[InvoiceStatus | None, Query(alias="status")] = None,
    due_before: dt.date | None = None,
    offset: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> InvoicePage:
    """Invoices by due date; ``customer_id`` (repeatable) narrows to those customers."""
    customers = customer_id or await wired.index.customers()
    return await wired.invoicing.invoices(customers, invoice_status, due_before, offset, limit)


@router.post("/{external_number}/payments", status_code=status.HTTP_201_CREATED, responses=ALREADY)
async def record_payment(
    external_number: InvoiceNumber,
    body: PaymentBody,
    response: Response,
    who: PaymentBooker,
    wired: Wired,
) -> InvoiceView:
    """Book money received; the booking names the caller's key (collectors may book only
    where ``HUIKUAN_COLLECTORS_MAY_BOOK_PAYMENTS`` is on)."""
    cmd = RecordPayment(external_number=external_number, booked_by=who.name, **body.model_dump())
    return _answer(await wired.invoicing.record_payment(cmd), response)


@router.get("/{external_number}")
async def get_invoice(external_number: InvoiceNumber, _: Reader, wired: Wired) -> InvoiceView:
    return await wired.invoicing.find(external_number)


async def _on_invoice(
    wired: Wired, invoice_id: str, command: ledger.LedgerCommand, who: str, response: Response
) -> AccountView:
    owner = await wired.invoicing.owner(invoice_id)
    view, created = await wired.invoicing.on_ledger(owner, command, booked_by=who)
    response.status_code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
    return view


@router.post("/{external_number}/cancellation", status_code=201, responses=ALREADY)
async def cancel_invoice(
    external_number: InvoiceNumber, body: CancellationBody, response: Response,
    who: Recorder, wired: Wired,
) -> AccountView:  # fmt: skip
    """Cancel an invoice nothing was paid, credited or charged on (else: a credit note)."""
    cmd = ledger.CancelInvoice(invoice_id=external_number, **body.model_dump())
    return await _on_invoice(wired, external_number, cmd, who.name, response)


@router.put("/{external_number}/due-date", status_code=201, responses=ALREADY)
async def change_due_date(
    external_number: InvoiceNumber, body: DueDateBody, response: Response,
    who: Recorder, wired: Wired,
) -> AccountView:  # fmt: skip
    """Correct the due date (a backdated fact: collections recounts the days past due)."""
    cmd = ledger.ChangeDueDate(invoice_id=external_number, **body.model_dump())
    return await _on_invoice(wired, external_number, cmd, who.name, response)


@router.post("/{external_number}/interest-waiver", status_code=201, responses=ALREADY)
async def waive_interest(
    external_number: InvoiceNumber, body: WaiverBody, response: Response,
    who: Collector, wired: Wired,
) -> AccountView:  # fmt: skip
    """Waive the invoice's late interest and compensation (booked and to come), with a reason;
    the waiver names the caller's key."""
    cmd = ledger.WaiveInterest(invoice_id=external_number, by=who.name, **body.model_dump())
    return await _on_invoice(wired, external_number, cmd, who.name, response)
