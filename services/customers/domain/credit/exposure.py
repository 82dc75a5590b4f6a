"""Orders accepted but not yet invoiced: the exposure the ERP's order facts add.

- ``OrderAccepted``: the order (or its amended ``revision``) for ``amount``; the highest
  revision counts.
- ``OrderShipped``: part of the order was shipped and invoiced (its invoice reaches
  invoicing's open items); that part leaves the order exposure. One ``shipment_id`` once.
- ``OrderCancelled``: what is not yet shipped will not be.

Folded by key, so the same facts in any order, however often delivered, give the same book.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Annotated, Literal

from pydantic import Field

from services.customers.domain.credit.base import Frozen
from services.customers.domain.credit.facts import Ref
from shared.contracts.money import Money, PositiveMoney


class _OrderFact(Frozen):
    order_id: Ref


class OrderAccepted(_OrderFact):
    kind: Literal["order_accepted"] = "order_accepted"
    amount: PositiveMoney
    accepted_on: dt.date
    revision: int = Field(default=1, ge=1)


class OrderShipped(_OrderFact):
    kind: Literal["order_shipped"] = "order_shipped"
    shipment_id: Ref
    amount: PositiveMoney
    shipped_on: dt.date


class OrderCancelled(_OrderFact):
    kind: Literal["order_cancelled"] = "order_cancelled"
    cancelled_on: dt.date


OrderFact = Annotated[OrderAccepted | OrderShipped | OrderCancelled, Field(discriminator="kind")]


class OpenOrder(Frozen):
    """What is left of one order to ship and invoice."""

    order_id: str
    open: Money


def open_orders(facts: Iterable[OrderFact]) -> tuple[OpenOrder, ...]:
    """Each order with something left to ship, by order id."""
    accepted: dict[str, OrderAccepted] = {}
    shipped: dict[str, dict[str, Money]] = {}
    cancelled: set[str] = set()
    for fact in facts:
        match fact:
            case OrderAccepted():
                known = accepted.get(fact.order_id)
                rank = (fact.revision, fact.amount.amount)
                if known is None or rank > (known.revision, known.amount.amount):
                    accepted[fact.order_id] = fact
            case OrderShipped():
                shipped.setdefault(fact.order_id, {})[fact.shipment_id] = fact.amount
            case OrderCancelled():
                cancelled.add(fact.order_id)
    orders = []
    for order_id in sorted(accepted.keys() - cancelled):
        order = accepted[order_id].amount
        sent = shipped.get(order_id, {}).values()
        left = order.amount - sum(m.amount for m in sent if m.currency == order.currency)
        if left > 0:
            orders.append(
                OpenOrder(order_id=order_id, open=Money(amount=left, currency=order.currency))
            )
    return tuple(orders)
