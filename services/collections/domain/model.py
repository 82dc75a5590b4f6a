"""The debtor as collections sees it: invoices, balances, dunning stage and side states.

Amounts are kept per currency: a debtor may owe in several. ``state`` is the one word a
collector reads (side states such as a pending promise or a payment plan show over the
dunning stage they pause).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from pydantic import ConfigDict, Field

from shared.contracts import Money
from shared.contracts.collections import Instalment, MessageEvidence
from shared.kernel.copying import CheapCopy

Stage = Literal[
    "current",
    "resolved",
    "reminded",
    "overdue",
    "demand_issued",
    "supply_halted",
    "escalated_agency",
    "escalated_legal",
]
DebtorStatus = Stage
CALM: frozenset[str] = frozenset({"current", "resolved"})
BELOW_HALT: frozenset[str] = CALM | {"reminded", "overdue", "demand_issued"}


class _Frozen(CheapCopy):
    model_config = ConfigDict(frozen=True)


class TrackedInvoice(_Frozen):
    """One invoice of the debtor; fields fill in as invoicing's facts arrive, in any order."""

    invoice_id: str
    external_number: str = ""
    currency: str | None = None
    amount: Decimal | None = None  # known once the invoice's issue was seen
    issue_date: dt.date | None = None
    due_date: dt.date | None = None
    outstanding: Decimal = Decimal(0)
    missed: bool = False
    as_of: int = 0  # invoicing version of the newest fact that set ``outstanding``
    payments: tuple[str, ...] = ()
    disputed: str | None = None  # the dispute's reason while one is open
    disputed_since: dt.date | None = None
    paused_days: int = 0  # days its dunning clock stood still in closed disputes
    closed_by: Literal["credited", "settlement"] | None = None  # closed by collections' side
    limitation_from: dt.date | None = None  # a delivered demand restarts the period

    @property
    def issued(self) -> bool:
        return self.amount is not None

    @property
    def owing(self) -> bool:
        return self.outstanding > 0 and self.closed_by is None

    @property
    def past_due(self) -> bool:
        """Its due date was missed and money is still owed on it, disputed or not: what keeps
        a dunning episode open (a dispute sets an invoice aside, it does not pay it)."""
        return self.missed and self.owing

    @property
    def overdue(self) -> bool:
        """Counts in the overdue amount: past due and not disputed. The one definition every
        figure uses (views, worklist, policy conditions, messages)."""
        return self.past_due and not self.disputed

    def outstanding_money(self) -> Money | None:
        """What is left to pay, once the invoice's currency is known."""
        left = self.outstanding if self.closed_by is None else Decimal(0)
        return Money.of(left, self.currency) if self.currency else None

    def is_newer(self, invoice_version: int) -> bool:
        return invoice_version > self.as_of

    def days_past_due(self, today: dt.date) -> int | None:
        """Days since the due date, without the days a dispute held its clock."""
        if self.due_date is None:
            return None
        held = self.late_days_held(self.disputed_since, today) if self.disputed_since else 0
        return (today - self.due_date).days - self.paused_days - held

    def late_days_held(self, since: dt.date, until: dt.date) -> int:
        """The days of a dispute from ``since`` to ``until`` that the invoice was past due:
        only those stop its clock (days disputed before the due date were never late)."""
        start = max(since, self.due_date) if self.due_date else since
        return max((until - start).days, 0)


class Promise(_Frozen):
    promise_id: str
    amount: Decimal
    currency: str
    due_on: dt.date
    grace_days: int
    paid: Decimal = Decimal(0)
    reported: Decimal = Decimal(0)  # ``paid`` as the last PromisePartlyPaid stated it
    plan_id: str | None = None

    @property
    def deadline(self) -> dt.date:
        return self.due_on + dt.timedelta(days=self.grace_days)


class Plan(_Frozen):
    plan_id: str
    kind: str
    currency: str
    instalments: tuple[Instalment, ...]
    grace_days: int
    paid: Decimal = Decimal(0)
    settled: int = 0  # instalments known paid

    @property
    def total(self) -> Decimal:
        return sum((i.amount.amount for i in self.instalments), Decimal(0))

    def due_by(self, number: int) -> Decimal:
        return sum((i.amount.amount for i in self.instalments[:number]), Decimal(0))


class Offer(_Frozen):
    offer_id: str
    currency: str
    invoice_ids: tuple[str, ...]
    pay: Decimal
    discount: Decimal
    valid_until: dt.date
    accepted: bool = False
    paid: Decimal = Decimal(0)


class Demand(_Frozen):
    demand_id: str
    request_id: str
    issued_on: dt.date
    invoice_ids: tuple[str, ...]
    delivered_on: dt.date | None = None


class OpenTask(_Frozen):
    """A task raised for a person and not yet completed."""

    task_id: str
    task: str
    assignee: str
    due_on: dt.date
    invoice_id: str | None = None


class PromiseRecord(_Frozen):
    promise_id: str
    amount: Money
    due_on: dt.date
    outcome: Literal["pending", "kept", "broken", "superseded"] = "pending"


class Debtor(_Frozen):
    """State of one debtor (aggregate id = customer id)."""

    customer_id: str
    jurisdiction: str | None = None
    currency: str | None = None
    segment: str | None = None
    rating: str | None = None
    status: Stage = "current"
    level: int = 0
    episode: int = 0  # overdue episodes entered so far (calm → dunning transitions)
    policy_id: str | None = None
    policy_version: str | None = None  # of the last transition
    assigned_version: str | None = None  # of the policy that now decides
    no_policy_for: str | None = None  # a jurisdiction no policy applies to: dunning holds
    invoices: dict[str, TrackedInvoice] = Field(default_factory=dict)
    promise: Promise | None = None
    plan: Plan | None = None
    offer: Offer | None = None
    classification: str | None = None
    halt_id: str | None = None
    halts: int = 0
    escalated: Literal["agency", "legal"] | None = None
    broken_promises: int = 0
    floor: int = 0  # a level reached by a broken promise: payments do not lower it below
    done: frozenset[str] = frozenset()  # ids of steps taken (requests, demands, halts, tasks)
    promises: tuple[PromiseRecord, ...] = ()
    messages: tuple[MessageEvidence, ...] = ()
    first_overdue_on: dt.date | None = None
    demand: Demand | None = None
    plan_offered_on: dt.date | None = None
    resolution: str | None = None  # how the next clearing resolves (plan / settlement)
    written_off: bool = False
    open_tasks: tuple[OpenTask, ...] = ()
    last_conversation_at: dt.datetime | None = None

    def open_task(self, task_id: str) -> OpenTask | None:
        return next((t for t in self.open_tasks if t.task_id == task_id), None)

    @property
    def registered(self) -> bool:
        return self.jurisdiction is not None

    @property
    def state(self) -> str:
        """The one word for the debtor: side states over the dunning stage they pause."""
        if self.written_off:
            return "written_off"
        if self.escalated:
            return f"escalated_{self.escalated}"
        if self.plan:
            return "payment_plan"
        if self.promise:
            return "promise_pending"
        if self.classification == "hardship" and self.status not in CALM:
            return "hardship"
        return self.stage

    @property
    def stage(self) -> Stage:
        """The dunning stage in effect: the level's, except that ``supply_halted`` is said only
        while supply is halted (once resumed: back to the demand, or overdue), and a halt in
        force shows over a level lowered below it by a payment."""
        if self.status == "supply_halted" and self.halt_id is None:
            return "demand_issued" if self.demand else "overdue"
        if self.halt_id is not None and self.status in BELOW_HALT:
            return "supply_halted"
        return self.status

    def invoice(self, invoice_id: str) -> TrackedInvoice | None:
        return self.invoices.get(invoice_id)

    def invoices_by_due_date(self) -> list[TrackedInvoice]:
        """Every tracked invoice, oldest due date first (unknown due dates last)."""
        last = _LAST_SORTED[0]
        if last is not None and last[0] is self.invoices:
            return list(last[1])
        ordered = tuple(
            sorted(self.invoices.values(), key=lambda i: (i.due_date or dt.date.max, i.invoice_id))
        )
        _LAST_SORTED[0] = (self.invoices, ordered)
        return list(ordered)

    def overdue_invoices(self, currency: str | None = None) -> list[TrackedInvoice]:
        """Overdue invoices, disputed ones set aside (of one currency, if given), oldest first."""
        return [
            i
            for i in self.invoices_by_due_date()
            if i.overdue and (currency is None or i.currency == currency)
        ]

    def past_due_invoices(self) -> list[TrackedInvoice]:
        """Invoices past due and owed, disputed or not (what keeps an episode open)."""
        return [i for i in self.invoices_by_due_date() if i.past_due]

    def overdue_by_currency(self) -> dict[str, Decimal]:
        """The overdue amount per currency: disputed invoices set aside."""
        return by_currency(self.overdue_invoices())

    def disputed_by_currency(self) -> dict[str, Decimal]:
        """What is owed on invoices under an open dispute, per currency."""
        return by_currency([i for i in self.invoices.values() if i.owing and i.disputed])

    def outstanding_by_currency(self) -> dict[str, Decimal]:
        return by_currency([i for i in self.invoices.values() if i.owing])


def by_currency(invoices: list[TrackedInvoice]) -> dict[str, Decimal]:
    totals: dict[str, Decimal] = {}
    for invoice in invoices:
        if (currency := invoice.currency) is not None:
            totals[currency] = totals.get(currency, Decimal(0)) + invoice.outstanding
    return dict(sorted(totals.items()))


_LAST_SORTED: list[tuple[dict[str, TrackedInvoice], tuple[TrackedInvoice, ...]] | None] = [None]
"""The invoices last put in due-date order, found by the very dict they came from: a
debtor's invoices dict is never changed in place (a change makes a new dict, and copies
of a debtor share it), so the same dict always gives the same order."""
