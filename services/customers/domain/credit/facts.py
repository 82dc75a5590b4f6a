"""The facts the credit file is built from, as small values the other services' events map to.

Each fact has a natural key (``key``): the same fact delivered twice counts once, and the
order facts arrive in changes nothing. Where each comes from (part of the contract with
the other services):

- ``InvoicePaid``: invoicing's ``InvoiceSettled`` when payments settled the invoice (not a
  credit note), with the amount and due date of its ``InvoiceIssued``;
- ``OpenItem``: not a fact but invoicing's open items at the moment asked (the ledger of
  record: credit keeps no balance of its own);
- ``PromiseOutcome``: collections' ``PromiseKept`` / ``PromiseBroken`` (a superseded promise
  is neither); ``DisputeRaised`` / ``DisputeSettled``: ``InvoiceDisputed`` / ``DisputeResolved``;
- ``SupplyHalt`` / ``SupplyResume``: collections' ``SupplyHalted`` / ``SupplyResumed``;
- ``StatementConfirmed``: the customer confirmed (or contested) a statement (对账单);
- ``OrderAccepted`` / ``OrderShipped`` / ``OrderCancelled``: the ERP's orders (``exposure``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Annotated, Literal, TypeVar

from pydantic import Field, StringConstraints

from services.customers.domain.credit.base import Frozen
from shared.contracts.money import PositiveMoney

Ref = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_.:/-]{1,64}$")]


class _Fact(Frozen):
    @property
    def key(self) -> tuple[str, ...]:
        raise NotImplementedError


class InvoicePaid(_Fact):
    """An invoice was paid in full; its last payment's value date is ``paid_on``."""

    kind: Literal["invoice_paid"] = "invoice_paid"
    invoice_id: Ref
    amount: PositiveMoney
    due_date: dt.date
    paid_on: dt.date

    @property
    def key(self) -> tuple[str, ...]:
        return (self.kind, self.invoice_id)

    @property
    def days_late(self) -> int:
        return max(0, (self.paid_on - self.due_date).days)

    @property
    def days_early(self) -> int:
        return max(0, (self.due_date - self.paid_on).days)


class PromiseOutcome(_Fact):
    """A promise to pay was kept or broken on ``decided_on``."""

    kind: Literal["promise"] = "promise"
    promise_id: Ref
    amount: PositiveMoney
    due_on: dt.date
    outcome: Literal["kept", "broken"]
    decided_on: dt.date

    @property
    def key(self) -> tuple[str, ...]:
        return (self.kind, self.promise_id)


class DisputeRaised(_Fact):
    """The customer disputed an invoice."""

    kind: Literal["dispute_raised"] = "dispute_raised"
    invoice_id: Ref
    raised_on: dt.date
    reason: str = Field(default="other", pattern=r"^[a-z_]{1,32}$")

    @property
    def key(self) -> tuple[str, ...]:
        return (self.kind, self.invoice_id, self.raised_on.isoformat())


class DisputeSettled(_Fact):
    """A dispute ended: ``credited`` (the customer was right) or ``upheld`` (the invoice
    stands and is owed)."""

    kind: Literal["dispute_settled"] = "dispute_settled"
    invoice_id: Ref
    resolved_on: dt.date
    outcome: Literal["credited", "upheld"]

    @property
    def key(self) -> tuple[str, ...]:
        return (self.kind, self.invoice_id, self.resolved_on.isoformat())


class SupplyHalt(_Fact):
    """Collections halted supply to the customer."""

    kind: Literal["supply_halted"] = "supply_halted"
    halt_id: Ref
    halted_on: dt.date

    @property
    def key(self) -> tuple[str, ...]:
        return (self.kind, self.halt_id)


class SupplyResume(_Fact):
    """Collections lifted the halt ``halt_id``."""

    kind: Literal["supply_resumed"] = "supply_resumed"
    halt_id: Ref
    resumed_on: dt.date

    @property
    def key(self) -> tuple[str, ...]:
        return (self.kind, self.halt_id)


class StatementConfirmed(_Fact):
    """The customer answered a statement of account (对账): agreed, or contested it."""

    kind: Literal["statement"] = "statement"
    statement_id: Ref
    period_end: dt.date
    answered_on: dt.date
    agreed: bool

    @property
    def key(self) -> tuple[str, ...]:
        return (self.kind, self.statement_id)


CreditFact = Annotated[
    InvoicePaid
    | PromiseOutcome
    | DisputeRaised
    | DisputeSettled
    | SupplyHalt
    | SupplyResume
    | StatementConfirmed,
    Field(discriminator="kind"),
]


class OpenItem(Frozen):
    """An invoice with money still owed, as invoicing's ledger shows it now."""

    invoice_id: Ref
    outstanding: PositiveMoney
    due_date: dt.date
    disputed: bool = False

    def days_past_due(self, on: dt.date) -> int:
        return max(0, (on - self.due_date).days)


F = TypeVar("F", bound=_Fact)


def distinct(facts: Iterable[F]) -> list[F]:
    """Each fact once, in a stable order. Deliveries of one key are the same fact (the
    last one is kept)."""
    by_key = {fact.key: fact for fact in facts}
    return [by_key[k] for k in sorted(by_key)]
