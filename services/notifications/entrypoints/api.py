"""HTTP API of the notifications service: one request's evidence, a debtor's list of
notifications, a debtor's evidence bundle."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Response
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from services.notifications.application.evidence import DebtorEvidence
from services.notifications.application.views import NotificationPage, NotificationView
from services.notifications.entrypoints.deps import Wired
from shared.web.auth import Auditor, Reader, Recorder

router = APIRouter(prefix="/notifications", tags=["notifications"])
debtor_router = APIRouter(prefix="/debtors", tags=["notifications"])
CustomerId = Annotated[str, Path(min_length=1, max_length=64)]
evidence_router = APIRouter(prefix="/evidence", tags=["evidence"])


class ReceiptBody(BaseModel):
    """A delivery confirmation from outside a provider callback (a registered letter's
    tracking, a courier's proof of delivery)."""

    model_config = ConfigDict(extra="forbid")

    reference: str = Field(max_length=300, examples=["req-1:letter:ct-1:1"])
    status: Literal["delivered", "failed"] = "delivered"
    at: AwareDatetime
    source: str = Field(default="", max_length=64, examples=["ems_tracking"])


@router.post("/receipts", status_code=202)
async def record_receipt(wired: Wired, body: ReceiptBody, _: Recorder) -> dict[str, str]:
    """Record that a sent message arrived; for a formal demand this is the arrival that
    restarts the limitation period (COMPLIANCE T6). Unknown references are ignored."""
    handled = await wired.inbound.receipt(body.reference, body.status, body.at, body.source)
    return {"result": handled}


@router.get("/{request_id}")
async def get_notification(wired: Wired, request_id: str, _: Reader) -> NotificationView:
    """A request's deliveries, every gate decision and the hash-chained evidence."""
    return await wired.queries.get(request_id)


@debtor_router.get("/{customer_id}/notifications")
async def list_debtor_notifications(
    wired: Wired, customer_id: CustomerId, _: Reader,
    offset: Annotated[int, Query(ge=0)] = 0, limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> NotificationPage:  # fmt: skip
    """The debtor's notifications, newest first: template, when, each delivery's status and
    the rule that decided it. ``offset``/``limit`` page through them (``next_offset``)."""
    return await wired.queries.of_debtor(customer_id, offset, limit)


async def _evidence(wired: Wired, customer_id: str) -> DebtorEvidence:
    return await wired.evidence.of_debtor(customer_id, await wired.clock.now())


@evidence_router.get("/{customer_id}.json")
async def debtor_evidence_json(wired: Wired, customer_id: str, _: Auditor) -> DebtorEvidence:
    """Every message to the debtor and every decision, with verified hash chains."""
    return await _evidence(wired, customer_id)


@evidence_router.get("/{customer_id}.pdf")
async def debtor_evidence_pdf(wired: Wired, customer_id: str, _: Auditor) -> Response:
    """The same evidence as a printable PDF bundle."""
    pdf = wired.evidence_document(await _evidence(wired, customer_id))
    headers = {"Content-Disposition": f'attachment; filename="evidence-{customer_id}.pdf"'}
    return Response(pdf, media_type="application/pdf", headers=headers)
