"""诚信记录表: the customer's record of keeping its word, derived from facts alone.

Nobody types this table: every line comes from a fact another service reported (an
invoice paid, a promise kept or broken, a dispute and how it ended, a statement
answered, a supply halt), so replaying the same facts gives the same record.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Literal, get_args

from services.customers.domain.credit.base import Frozen
from services.customers.domain.credit.facts import (
    CreditFact,
    DisputeRaised,
    DisputeSettled,
    InvoicePaid,
    PromiseOutcome,
    StatementConfirmed,
    SupplyHalt,
    SupplyResume,
    distinct,
)
from shared.contracts.money import Money

LineKind = Literal[
    "paid_on_time", "paid_late", "promise_kept", "promise_broken", "dispute_raised",
    "dispute_credited", "dispute_upheld", "statement_agreed", "statement_contested",
    "supply_halted", "supply_resumed",
]  # fmt: skip


class IntegrityLine(Frozen):
    """One fact as the record shows it: ``days_late`` for payments, ``amount`` where known."""

    on: dt.date
    kind: LineKind
    reference: str
    amount: Money | None = None
    days_late: int | None = None


class IntegritySummary(Frozen):
    """The record's counts over a period; ``average_days_late`` of the invoices paid in it."""

    invoices_paid_on_time: int
    invoices_paid_late: int
    average_days_late: Decimal | None
    most_days_late: int
    promises_kept: int
    promises_broken: int
    disputes_raised: int
    disputes_credited: int
    disputes_upheld: int
    statements_agreed: int
    statements_contested: int
    supply_halts: int


class IntegrityRecord(Frozen):
    """Every line in date order, and whether supply stands halted after them."""

    lines: tuple[IntegrityLine, ...] = ()
    halted: bool = False

    def between(self, start: dt.date, end: dt.date) -> tuple[IntegrityLine, ...]:
        """Lines dated after ``start`` and up to ``end`` (a 12-month window is
        ``between(end - 365 days, end)``)."""
        return tuple(line for line in self.lines if start < line.on <= end)

    def summary(self, start: dt.date = dt.date.min, end: dt.date = dt.date.max) -> IntegritySummary:
        lines = self.between(start, end)
        count = {kind: sum(1 for line in lines if line.kind == kind) for kind in _KINDS}
        late = [line.days_late or 0 for line in lines if line.kind in _PAID]
        return IntegritySummary(
            invoices_paid_on_time=count["paid_on_time"],
            invoices_paid_late=count["paid_late"],
            average_days_late=Decimal(sum(late)) / len(late) if late else None,
            most_days_late=max(late, default=0),
            promises_kept=count["promise_kept"],
            promises_broken=count["promise_broken"],
            disputes_raised=count["dispute_raised"],
            disputes_credited=count["dispute_credited"],
            disputes_upheld=count["dispute_upheld"],
            statements_agreed=count["statement_agreed"],
            statements_contested=count["statement_contested"],
            supply_halts=count["supply_halted"],
        )


_KINDS: tuple[LineKind, ...] = get_args(LineKind)
_PAID = ("paid_on_time", "paid_late")


def _line(fact: CreditFact) -> IntegrityLine:
    match fact:
        case InvoicePaid():
            kind: LineKind = "paid_late" if fact.days_late else "paid_on_time"
            return IntegrityLine(
                on=fact.paid_on, kind=kind, reference=fact.invoice_id, amount=fact.amount,
                days_late=fact.days_late,
            )  # fmt: skip
        case PromiseOutcome():
            kind = "promise_kept" if fact.outcome == "kept" else "promise_broken"
            return IntegrityLine(
                on=fact.decided_on, kind=kind, reference=fact.promise_id, amount=fact.amount
            )
        case DisputeRaised():
            return IntegrityLine(
                on=fact.raised_on, kind="dispute_raised", reference=fact.invoice_id
            )
        case DisputeSettled():
            kind = "dispute_credited" if fact.outcome == "credited" else "dispute_upheld"
            return IntegrityLine(on=fact.resolved_on, kind=kind, reference=fact.invoice_id)
        case StatementConfirmed():
            kind = "statement_agreed" if fact.agreed else "statement_contested"
            return IntegrityLine(on=fact.answered_on, kind=kind, reference=fact.statement_id)
        case SupplyHalt():
            return IntegrityLine(on=fact.halted_on, kind="supply_halted", reference=fact.halt_id)
        case SupplyResume():
            return IntegrityLine(on=fact.resumed_on, kind="supply_resumed", reference=fact.halt_id)


def integrity_record(facts: Iterable[CreditFact]) -> IntegrityRecord:
    """The record the facts make, whatever their order and however often each came."""
    unique = distinct(facts)
    lines = sorted(
        (_line(f) for f in unique), key=lambda line: (line.on, line.kind, line.reference)
    )
    return IntegrityRecord(lines=tuple(lines), halted=supply_halted(unique))


def supply_halted(facts: Iterable[CreditFact]) -> bool:
    """Whether a supply halt stands: one without its resumption (an order check asks this
    alone, without drawing up the whole record)."""
    halts, resumed = set(), set()
    for f in facts:
        if isinstance(f, SupplyHalt):
            halts.add(f.halt_id)
        elif isinstance(f, SupplyResume):
            resumed.add(f.halt_id)
    return bool(halts - resumed)
