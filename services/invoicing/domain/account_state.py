"""The customer account as invoicing stores it: the ledger's account plus what invoicing
adds around it (invoices held for a customer not yet known, missed due dates).

Aggregate ``account``, one per customer, keyed (and partitioned) by the customer id. Its
stream holds the ledger's facts as the private event ``AccountFactRecorded``, invoices
held for an unknown customer as ``InvoiceHeld``, and the integration events the same
appends publish (``InvoiceIssued``, ``PaymentReceived``, ``InvoiceSettled``,
``InvoiceCredited``, …). The boundary and why it is one aggregate per customer is written
down in ``services.invoicing.domain.ledger``: allocation across many invoices is one
append with one expected version. The per-invoice streams of earlier releases stay
readable (``services.invoicing.domain.state``); new invoices are booked on the account.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from services.invoicing.domain.ledger import Account, LedgerFact, new_account
from services.invoicing.domain.ledger import evolve as ledger_evolve
from services.invoicing.domain.ledger.commands import IssueInvoice
from services.invoicing.domain.reward_points import PointsChange, RewardPointsNoted
from shared.contracts import Event
from shared.contracts.envelope import domain_event
from shared.contracts.invoicing import (
    InvoiceDueDateChanged,
    PaymentMissed,
    StatementConfirmed,
    StatementIssued,
)
from shared.kernel.copying import CheapCopy, validated

AGGREGATE_TYPE = "account"
Source = Literal["api", "ingest"]


@domain_event("invoicing")
class AccountFactRecorded(Event):
    """One fact of the customer's ledger (``fact.type`` names it), with who booked it."""

    type: Literal["AccountFactRecorded"] = "AccountFactRecorded"
    customer_id: str
    fact: LedgerFact
    source: Source = "api"
    booked_by: str | None = Field(default=None, max_length=128)


@domain_event("invoicing")
class StatementScheduleSet(Event):
    """The customer's statements are drawn up on ``day`` of each month (default the 1st)."""

    type: Literal["StatementScheduleSet"] = "StatementScheduleSet"
    customer_id: str
    day: int = Field(ge=1, le=28)
    set_by: str = Field(max_length=128)


@domain_event("invoicing")
class InvoiceHeld(Event):
    """An invoice for a customer invoicing does not know (yet): held as ``pending_customer``,
    booked and published the moment customers registers the customer."""

    type: Literal["InvoiceHeld"] = "InvoiceHeld"
    customer_id: str
    invoice: IssueInvoice
    source: Source = "api"


class HeldInvoice(BaseModel):
    model_config = ConfigDict(frozen=True)

    invoice: IssueInvoice
    source: Source
    held_at: str  # ISO time it was held


class AccountState(CheapCopy):  # changed by copy on every fact: the cheap copy
    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    customer_id: str
    account: Account
    held: dict[str, HeldInvoice] = Field(default_factory=dict)
    missed: frozenset[str] = frozenset()
    sources: dict[str, Source] = Field(default_factory=dict)  # invoice id → where it came from
    statements: frozenset[str] = frozenset()  # statement ids issued
    statement_invoices: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    issued_statements: dict[str, StatementIssued] = Field(default_factory=dict)  # by id
    confirmed: frozenset[str] = frozenset()  # statement ids confirmed
    statement_day: int = 1
    reward_points: dict[str, PointsChange] = Field(default_factory=dict)  # by reference

    @property
    def is_open(self) -> bool:
        return self.account.settings is not None


def initial(customer_id: str) -> AccountState:
    account = new_account(customer_id)
    return validated(AccountState, {"customer_id": customer_id, "account": account})


def evolve(state: AccountState, event: Event) -> AccountState:
    """The state after ``event``: ledger facts fold into the account; the rest is noted."""
    if type(event) not in _NOTED:
        # The integration events the account publishes (``InvoiceIssued``, ``PaymentReceived``
        # …, one per fact) change nothing here: one set lookup instead of eight class
        # patterns failing (a failed one is an ``ABCMeta`` instance check: 1,100 instructions).
        return state
    match event:
        case AccountFactRecorded():
            return _fact(state, event)
        case InvoiceHeld():
            held = HeldInvoice(
                invoice=event.invoice, source=event.source, held_at=event.occurred_at.isoformat()
            )
            return state.model_copy(update={"held": {**state.held, event.invoice.invoice_id: held}})
        case StatementScheduleSet():
            return state.model_copy(update={"statement_day": event.day})
        case PaymentMissed():
            return state.model_copy(update={"missed": state.missed | {event.invoice_id}})
        case InvoiceDueDateChanged():
            return state.model_copy(update={"missed": state.missed - {event.invoice_id}})
        case StatementIssued():
            invoices = tuple(i.invoice_id for i in event.open_invoices)
            return state.model_copy(update={
                "statements": state.statements | {event.statement_id},
                "statement_invoices": {**state.statement_invoices, event.statement_id: invoices},
                "issued_statements": {**state.issued_statements, event.statement_id: event},
            })  # fmt: skip
        case StatementConfirmed():
            return state.model_copy(update={"confirmed": state.confirmed | {event.statement_id}})
        case RewardPointsNoted():
            change = PointsChange(on=event.on, change=event.change)
            points = {**state.reward_points, event.reference: change}
            return state.model_copy(update={"reward_points": points})
        case _:
            return state


_NOTED = frozenset({
    AccountFactRecorded, InvoiceHeld, StatementScheduleSet, PaymentMissed, InvoiceDueDateChanged,
    StatementIssued, StatementConfirmed, RewardPointsNoted,
})  # fmt: skip
"""The event types ``evolve`` has a case for (by exact type: stored event classes are not
subclassed; a test holds that true)."""

_APPLIED: dict[tuple[int, int, str], tuple[AccountState, LedgerFact, AccountState]] = {}
"""The last few facts applied (at most ``_REMEMBERED``), with the states before and after:
a decision applies its facts to find what to publish, then the stored events are folded
over the very same state objects; the second application is looked up (by identity: the
entry holds both objects, so their ids cannot be reused while it is kept), not done again."""
_REMEMBERED = 16


def apply_fact(state: AccountState, fact: LedgerFact, source: Source = "api") -> AccountState:
    """The state after one ledger fact (also used while deciding, before stamping)."""
    key = (id(state), id(fact), source)
    known = _APPLIED.get(key)
    if known is not None and known[0] is state and known[1] is fact:
        return known[2]
    after = _apply_fact(state, fact, source)
    _APPLIED[key] = (state, fact, after)
    if len(_APPLIED) > _REMEMBERED:
        _APPLIED.pop(next(iter(_APPLIED)), None)  # the oldest
    return after


def _apply_fact(state: AccountState, fact: LedgerFact, source: Source) -> AccountState:
    update: dict[str, object] = {"account": ledger_evolve(state.account, fact)}
    if fact.type == "InvoiceBooked":
        if fact.invoice_id in state.held:  # booked after being held: no longer held
            update["held"] = {k: v for k, v in state.held.items() if k != fact.invoice_id}
        update["sources"] = {**state.sources, fact.invoice_id: source}
    return state.model_copy(update=update)


def _fact(state: AccountState, event: AccountFactRecorded) -> AccountState:
    return apply_fact(state, event.fact, event.source)
