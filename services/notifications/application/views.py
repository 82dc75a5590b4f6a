"""Read side: one notification request's decisions and evidence, for auditors."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel

from services.notifications.application.ports import RequestLocator
from services.notifications.application.requests import Requests
from services.notifications.domain.errors import NotificationNotFound
from services.notifications.domain.state import NotificationState
from shared.contracts import Money
from shared.contracts.notifications import GateDecision, InvoiceRef
from shared.infra.repository import Repository


class DeliveryView(BaseModel):
    channel: str
    contact_id: str | None
    status: str
    attempts: int
    rule: str | None = None
    until: datetime | None = None
    decisions: tuple[GateDecision, ...] = ()


class NotificationView(BaseModel):
    """The request, where each delivery stands, and the hash-chained evidence behind it."""

    request_id: str
    customer_id: str
    template: str
    channels: tuple[str, ...]
    invoices: tuple[InvoiceRef, ...]
    total_outstanding: Money | None
    deliveries: list[DeliveryView]
    verified: bool
    evidence: list[dict[str, Any]]


class NotificationQueries:
    def __init__(self, repository: Repository[NotificationState], locator: RequestLocator) -> None:
        self.repository, self.locator = repository, locator

    async def get(self, request_id: str) -> NotificationView:
        """The view of ``request_id``; raises :class:`NotificationNotFound`."""
        customer_id = await self.locator.customer_of(request_id)
        if customer_id is None:
            raise NotificationNotFound(f"no notification request {request_id}")
        ref = Requests.ref(request_id, customer_id)
        state, _ = await self.repository.load(ref)
        report = await self.repository.verify(ref)
        return NotificationView(
            request_id=request_id, customer_id=customer_id, template=state.template,
            channels=state.channels, invoices=state.invoices,
            total_outstanding=state.total_outstanding,
            deliveries=[DeliveryView.model_validate(d.model_dump())
                        for d in state.deliveries.values()],
            verified=report.ok, evidence=await self.repository.export(ref),
        )  # fmt: skip
