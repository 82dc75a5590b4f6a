"""Read side: one notification request's decisions and evidence, for auditors; a debtor's
notifications, newest first and paged, for collectors and auditors."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel

from services.notifications.application.ports import RequestIndex, RequestLocator
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


class NotificationSummary(BaseModel):
    """One request in a debtor's list: what was asked, when, and where each delivery stands."""

    request_id: str
    template: str
    requested_at: datetime | None
    channels: tuple[str, ...]
    total_outstanding: Money | None
    deliveries: list[DeliveryView]

    @classmethod
    def of(cls, state: NotificationState) -> NotificationSummary:
        return cls(
            request_id=state.request_id, template=state.template,
            requested_at=state.requested_at, channels=state.channels,
            total_outstanding=state.total_outstanding, deliveries=_deliveries(state),
        )  # fmt: skip


class NotificationPage(BaseModel):
    """``GET /debtors/{id}/notifications``: newest first; ``next_offset`` is null at the end."""

    customer_id: str
    total: int
    offset: int
    limit: int
    next_offset: int | None
    notifications: list[NotificationSummary]


def _deliveries(state: NotificationState) -> list[DeliveryView]:
    return [DeliveryView.model_validate(d.model_dump()) for d in state.deliveries.values()]


class NotificationQueries:
    def __init__(
        self, repository: Repository[NotificationState], locator: RequestLocator,
        index: RequestIndex | None = None,
    ) -> None:  # fmt: skip
        self.repository, self.locator, self.index = repository, locator, index

    async def of_debtor(self, customer_id: str, offset: int, limit: int) -> NotificationPage:
        """The debtor's notification requests, newest first (none known: an empty page)."""
        ids, total = await self.index.page_of(customer_id, offset, limit) if self.index else ([], 0)
        items = []
        for request_id in ids:
            state, version = await self.repository.load(Requests.ref(request_id, customer_id))
            if version:
                items.append(NotificationSummary.of(state))
        after = offset + len(ids)
        return NotificationPage(
            customer_id=customer_id, total=total, offset=offset, limit=limit,
            next_offset=after if after < total else None, notifications=items,
        )  # fmt: skip

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
            deliveries=_deliveries(state),
            verified=report.ok, evidence=await self.repository.export(ref),
        )  # fmt: skip
