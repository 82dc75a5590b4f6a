"""Collections family: the debtor's course through dunning, promises and supply halt.

Every transition names the ``policy_version`` and the ``rule`` that fired it.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from shared.contracts.envelope import Event, event
from shared.contracts.money import Money, PositiveMoney

DisputeReason = Literal["quality", "quantity", "price", "delivery", "other"]


class _Provenance(Event):
    policy_version: str = Field(max_length=32)
    rule: str = Field(max_length=64)


@event("collections")
class DunningLevelReached(_Provenance):
    """The debtor reached dunning level ``level`` (0 = current, 1.. = overdue levels)."""

    type: Literal["DunningLevelReached"] = "DunningLevelReached"
    customer_id: str
    level: int = Field(ge=0)
    state: str = Field(max_length=32)
    overdue: Money


@event("collections")
class DebtorCleared(_Provenance):
    """Nothing is overdue any more; the debtor is back to current."""

    type: Literal["DebtorCleared"] = "DebtorCleared"
    customer_id: str


@event("collections")
class PromiseMade(Event):
    """The debtor promised to pay ``amount`` by ``due_on``."""

    type: Literal["PromiseMade"] = "PromiseMade"
    promise_id: str
    customer_id: str
    amount: PositiveMoney
    due_on: dt.date
    channel: str = Field(max_length=16)
    taken_by: str = Field(max_length=64)


@event("collections")
class PromiseKept(Event):
    type: Literal["PromiseKept"] = "PromiseKept"
    promise_id: str
    customer_id: str


@event("collections")
class PromiseBroken(_Provenance):
    type: Literal["PromiseBroken"] = "PromiseBroken"
    promise_id: str
    customer_id: str
    shortfall: PositiveMoney


@event("collections")
class InvoiceDisputed(Event):
    type: Literal["InvoiceDisputed"] = "InvoiceDisputed"
    invoice_id: str
    customer_id: str
    reason: DisputeReason


@event("collections")
class DisputeResolved(Event):
    type: Literal["DisputeResolved"] = "DisputeResolved"
    invoice_id: str
    customer_id: str
    outcome: Literal["upheld_back_to_dunning", "credited"]


@event("collections")
class SupplyHalted(_Provenance):
    """Stop deliveries to this debtor (an ERP follows this on the outbound stream)."""

    type: Literal["SupplyHalted"] = "SupplyHalted"
    customer_id: str
    halt_id: str
    overdue: PositiveMoney


@event("collections")
class SupplyResumed(_Provenance):
    type: Literal["SupplyResumed"] = "SupplyResumed"
    customer_id: str
    halt_id: str
