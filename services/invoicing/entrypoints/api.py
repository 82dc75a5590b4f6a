"""The invoices API: issue, pay, look up. Writes answer 201 when they changed something,
200 when the very same command had already been applied."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Response, status
from pydantic import BaseModel, ConfigDict

from services.invoicing.application.service import Changed
from services.invoicing.application.views import InvoiceView
from services.invoicing.domain.commands import (
    InvoiceNumber,
    IssueInvoice,
    PaymentReference,
    RecordPayment,
)
from services.invoicing.entrypoints.deps import Wired
from shared.contracts.money import Money
from shared.web.auth import Integration, PaymentBooker, Reader

router = APIRouter(prefix="/invoices", tags=["invoices"])
ALREADY: dict[int | str, dict[str, str]] = {200: {"description": "The very same was already done"}}


class PaymentBody(BaseModel):
    """A payment against the invoice named in the path."""

    model_config = ConfigDict(extra="forbid")

    payment_id: PaymentReference
    amount: Money
    value_date: dt.date


def _answer(changed: Changed, response: Response) -> InvoiceView:
    response.status_code = status.HTTP_201_CREATED if changed.created else status.HTTP_200_OK
    return changed.view


@router.post("", status_code=status.HTTP_201_CREATED, responses=ALREADY)
async def issue_invoice(
    body: IssueInvoice, response: Response, _: Integration, wired: Wired
) -> InvoiceView:
    return _answer(await wired.invoicing.issue(body), response)


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
