"""Order credit checks and the order exposure (``hk:ingest:orders``, ``POST /credit/checks``).

An order fact (accepted, shipped, cancelled) is recorded once per key; a check applies
the credit policy's terms for the customer's grade (the last ``CreditRated``) to the order,
against the open receivables invoicing reported and the orders not yet shipped, with
collections' supply halt — and answers ``CreditCheckDecided`` with every reason.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict

from services.customers.domain.credit.check import OrderToCheck, check_order
from services.customers.domain.credit.exposure import OrderFact, open_orders
from services.customers.domain.credit.facts import OpenItem
from services.customers.domain.credit.policy import CreditPolicy, CustomerException, terms_for
from services.customers.domain.credit.scorecard import Grade
from services.customers.domain.creditfile_events import CreditOrderRecorded
from shared.contracts import Event
from shared.contracts.customers import CheckReason, CreditCheckDecided
from shared.kernel import Decision, new_event


class RecordOrder(BaseModel):
    model_config = ConfigDict(frozen=True)

    customer_id: str
    order: OrderFact


class CheckOrder(BaseModel):
    """Check ``order`` for the customer whose account is kept in ``currency``."""

    model_config = ConfigDict(frozen=True)

    customer_id: str
    order: OrderToCheck
    currency: str


def order_key(fact: OrderFact) -> tuple[str, ...]:
    shipment = getattr(fact, "shipment_id", "")
    return (fact.kind, fact.order_id, str(getattr(fact, "revision", "")), shipment)


def record_order(orders: tuple[OrderFact, ...], cmd: RecordOrder, now: dt.datetime) -> list[Event]:
    if any(order_key(o) == order_key(cmd.order) for o in orders):
        return []
    return [new_event(CreditOrderRecorded, now, customer_id=cmd.customer_id, order=cmd.order)]


class Standing(BaseModel):
    """What the credit account knows when an order is checked."""

    model_config = ConfigDict(frozen=True)

    grade: Grade | None
    open_items: tuple[OpenItem, ...]
    orders: tuple[OrderFact, ...]
    halted: bool
    exception: CustomerException | None = None


def decide_check(
    standing: Standing,
    cmd: CheckOrder,
    now: dt.datetime,
    policy: CreditPolicy,
    requested_by: str | None,
) -> Decision:
    day = now.date()
    terms = terms_for(policy, standing.grade, cmd.currency, day, standing.exception)
    check = check_order(cmd.order, terms, standing.open_items, open_orders(standing.orders),
                        standing.halted, day)  # fmt: skip
    decided = new_event(
        CreditCheckDecided, now, customer_id=cmd.customer_id, order_id=check.order_id,
        order_amount=cmd.order.amount, outcome=check.outcome,
        prepayment_percent=check.prepayment_percent, prepayment=check.prepayment,
        reasons=tuple(CheckReason.model_validate(r.model_dump()) for r in check.reasons),
        grade=check.grade, policy_version=check.policy_version,
        credit_limit=check.credit_limit, exposure=check.exposure, checked_on=check.checked_on,
        requested_by=requested_by,
    )  # fmt: skip
    return Decision(events=[decided])
