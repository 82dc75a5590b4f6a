"""Read side: one notification request's decisions and evidence, for auditors."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol

from pydantic import BaseModel

from services.notifications.domain.state import AGGREGATE_TYPE, NotificationState
from shared.contracts import Money
from shared.contracts.notifications import GateDecision, InvoiceRef
from shared.infra.eventstore import EventStore, StreamRef
from shared.infra.legacy_repository import Repository
from shared.kernel.errors import NotFound


class NotificationNotFound(NotFound):
    """No notification request with this id was ever taken on."""


class RequestLocator(Protocol):
    """Finds the debtor (partition key) a request id belongs to."""

    async def customer_of(self, request_id: str) -> str | None: ...


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
    def __init__(
        self, repository: Repository[NotificationState], store: EventStore, locator: RequestLocator
    ) -> None:
        self.repository, self.store, self.locator = repository, store, locator

    async def get(self, request_id: str) -> NotificationView:
        """The view of ``request_id``; raises :class:`NotificationNotFound`."""
        customer_id = await self.locator.customer_of(request_id)
        if customer_id is None:
            raise NotificationNotFound(f"no notification request {request_id}")
        ref = StreamRef(AGGREGATE_TYPE, request_id, customer_id)
        state, _, _ = await self.repository.load(ref)
        report = await self.store.verify(ref)
        return NotificationView(
            request_id=request_id, customer_id=customer_id, template=state.template,
            channels=state.channels, invoices=state.invoices,
            total_outstanding=state.total_outstanding,
            deliveries=[DeliveryView.model_validate(d.model_dump())
                        for d in state.deliveries.values()],
            verified=report.ok, evidence=await self.store.export(ref),
        )  # fmt: skip
