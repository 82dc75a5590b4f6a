"""Orders from the ERP: ``POST /credit/checks`` and the stream ``hk:ingest:orders``.

The stream takes plain JSON entries told apart by ``type``: ``OrderAccepted`` (order id,
amount, day, revision), ``OrderShipped`` (shipment id, amount, day), ``OrderCancelled``
— the exposure on order — and ``CheckOrder`` (order id, amount), answered by
``CreditCheckDecided`` on customers' outbound stream. A malformed entry is dead-lettered
with the reason; one naming an unknown customer is recorded in
``hk:ingest:customers:rejected`` with the rule.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from typing import Annotated, Literal

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from services.customers.application.container import Container
from services.customers.domain.credit.check import OrderToCheck
from services.customers.domain.credit.exposure import OrderAccepted, OrderCancelled, OrderShipped
from services.customers.domain.credit.facts import Ref
from services.customers.domain.values import CustomerId
from services.customers.entrypoints.deps import Wired
from shared.contracts.customers import CreditCheckDecided
from shared.contracts.money import PositiveMoney
from shared.infra import keys
from shared.kernel.errors import DomainError
from shared.web.auth import Integration

router = APIRouter(tags=["credit"])
ORDERS_STREAM = keys.ingest("orders")


class CheckBody(BaseModel):
    """An order to check before the ERP accepts it."""

    model_config = ConfigDict(extra="forbid")

    customer_id: CustomerId
    order_id: Ref
    amount: PositiveMoney


@router.post("/credit/checks")
async def check_order(body: CheckBody, who: Integration, wired: Wired) -> CreditCheckDecided:
    """approve / approve_with_prepayment (X %) / hold, with every reason (over limit,
    overdue beyond the grade's days, supply halted by collections, grade E, no rating yet)."""
    order = OrderToCheck(order_id=body.order_id, amount=body.amount)
    return await wired.credit.check(body.customer_id, order, who.name, key=None)


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    customer_id: CustomerId
    order_id: Ref


class AcceptedEntry(_Entry):
    type: Literal["OrderAccepted"]
    amount: PositiveMoney
    accepted_on: dt.date
    revision: int = Field(default=1, ge=1)


class ShippedEntry(_Entry):
    type: Literal["OrderShipped"]
    shipment_id: Ref
    amount: PositiveMoney
    shipped_on: dt.date


class CancelledEntry(_Entry):
    type: Literal["OrderCancelled"]
    cancelled_on: dt.date


class CheckEntry(_Entry):
    type: Literal["CheckOrder"]
    amount: PositiveMoney


OrderEntry = Annotated[
    AcceptedEntry | ShippedEntry | CancelledEntry | CheckEntry, Field(discriminator="type")
]
_ADAPTER: TypeAdapter[OrderEntry] = TypeAdapter(OrderEntry)
_FACTS: dict[str, type[OrderAccepted | OrderShipped | OrderCancelled]] = {
    "OrderAccepted": OrderAccepted,
    "OrderShipped": OrderShipped,
    "OrderCancelled": OrderCancelled,
}


def parse_order_entry(payload: bytes) -> AcceptedEntry | ShippedEntry | CancelledEntry | CheckEntry:
    return _ADAPTER.validate_json(payload)


def on_order_entry(
    wired: Container,
) -> Callable[[AcceptedEntry | ShippedEntry | CancelledEntry | CheckEntry], Awaitable[None]]:
    async def handle(entry: AcceptedEntry | ShippedEntry | CancelledEntry | CheckEntry) -> None:
        key = entry.model_dump_json()
        try:
            if isinstance(entry, CheckEntry):
                order = OrderToCheck(order_id=entry.order_id, amount=entry.amount)
                await wired.credit.check(entry.customer_id, order, "ingest", key=key)
                return
            fields = entry.model_dump(exclude={"type", "customer_id"})
            fact = _FACTS[entry.type].model_validate(fields)
            await wired.credit.record_order(entry.customer_id, fact, key)
        except DomainError as refused:
            await wired.rejections.record(entry.customer_id, refused.code,
                                          type(refused).__name__, str(refused))  # fmt: skip

    return handle
