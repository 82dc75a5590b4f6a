"""The receivables book: every fact known so far, indexed for the reports.

Folding is idempotent (a fact id seen before is skipped) and commutative: the book keeps the
facts themselves, never a running balance, and every report sums them or picks among them by
(effective date, fact id). So the order in which facts arrive never changes a report, and a
late, backdated fact changes exactly the reports as of dates after it took effect.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace

from services.analytics.domain.errors import ConflictingFact
from services.analytics.domain.facts import (
    DebtorAssigned,
    Dimension,
    DisputeRaised,
    DisputeResolved,
    DueDateChanged,
    DunningStepTaken,
    Fact,
    HandedOver,
    InvoiceAdjusted,
    InvoiceCancelled,
    InvoiceIssued,
    MessageSent,
    PaymentApplied,
    PaymentReversed,
    PlanAgreed,
    PlanEnded,
    PromiseMade,
    PromiseResolved,
)
from services.analytics.domain.records import Issue, Payment, Shared, issue_record, payment_record


@dataclass(slots=True)
class InvoiceFacts:
    """What is known about one invoice; ``issued`` stays None until its issue arrives.
    Tuples, not lists: most invoices have none or one of each, and an empty tuple is free."""

    invoice_id: str
    issued: Issue | None = None
    payments: tuple[Payment, ...] = ()
    reversals: tuple[PaymentReversed, ...] = ()
    adjustments: tuple[InvoiceAdjusted, ...] = ()
    cancellations: tuple[InvoiceCancelled, ...] = ()
    due_changes: tuple[DueDateChanged, ...] = ()
    disputes: tuple[DisputeRaised, ...] = ()
    resolutions: tuple[DisputeResolved, ...] = ()


Kept = Issue | Payment | Fact
"""A fact as the book keeps it: issues and payments as records (``records``), others as is."""


class Book:
    """All facts, by invoice, debtor, promise and plan. Use ``record`` or ``Book.of``."""

    def __init__(self) -> None:
        self._seen: dict[str, Kept] = {}
        self._shared = Shared()
        self.invoices: dict[str, InvoiceFacts] = {}
        self.by_customer: defaultdict[str, set[str]] = defaultdict(set)
        self.assignments: defaultdict[tuple[str, Dimension], list[DebtorAssigned]] = defaultdict(
            list
        )
        self.steps: list[DunningStepTaken] = []
        self.messages: list[MessageSent] = []
        self.handovers: list[HandedOver] = []
        self.promises: dict[str, PromiseMade] = {}
        self.promise_outcomes: defaultdict[str, list[PromiseResolved]] = defaultdict(list)
        self.plans: dict[str, PlanAgreed] = {}
        self.plan_outcomes: defaultdict[str, list[PlanEnded]] = defaultdict(list)
        self._issued: list[InvoiceFacts] | None = None  # issued() in id order, until the next issue

    @classmethod
    def of(cls, facts: Iterable[Fact]) -> Book:
        book = cls()
        for fact in facts:
            book.record(fact)
        return book

    def record(self, fact: Fact) -> bool:
        """Add one fact; False when it was already known (by its id, or — for what opens an
        invoice, promise or plan — by the same content under another id). A known id or case
        with other content is refused (``ConflictingFact``): two sources disagree and neither
        may silently win, whichever arrived first."""
        kept = self._kept(fact)
        known = self._seen.get(fact.fact_id)
        if known is not None:
            if known != kept:
                raise ConflictingFact(f"fact {fact.fact_id!r} arrived twice with different content")
            return False
        earlier = self._subject(fact)
        if earlier is not None and _with_id(earlier, fact.fact_id) != kept:
            raise ConflictingFact(
                f"{fact.kind} {fact.fact_id!r} contradicts {earlier.fact_id!r} on the same case"
            )
        self._seen[fact.fact_id] = kept
        if earlier is not None:
            return False
        self._index(kept)
        return True

    def _kept(self, fact: Fact) -> Kept:
        match fact:
            case InvoiceIssued():
                return issue_record(fact, self._invoice_key(fact.invoice_id), self._shared)
            case PaymentApplied():
                return payment_record(fact, self._invoice_key(fact.invoice_id), self._shared)
        return fact

    def _invoice_key(self, invoice_id: str) -> str:
        """The book's one string for an invoice id (the key of ``invoices`` once known)."""
        known = self.invoices.get(invoice_id)
        return invoice_id if known is None else known.invoice_id

    def _subject(self, fact: Fact) -> Issue | PromiseMade | PlanAgreed | None:
        """The fact already known to open the same invoice, promise or plan, if any."""
        match fact:
            case InvoiceIssued():
                known = self.invoices.get(fact.invoice_id)
                return None if known is None else known.issued
            case PromiseMade():
                return self.promises.get(fact.promise_id)
            case PlanAgreed():
                return self.plans.get(fact.plan_id)
        return None

    def _index(self, fact: Kept) -> None:
        match fact:
            case Issue():
                self.invoice(fact.invoice_id).issued = fact
                self._issued = None
                self.by_customer[fact.customer_id].add(fact.invoice_id)
            case Payment():
                found = self.invoice(fact.invoice_id)
                found.payments = (*found.payments, fact)
            case PaymentReversed():
                found = self.invoice(fact.invoice_id)
                found.reversals = (*found.reversals, fact)
            case InvoiceAdjusted():
                found = self.invoice(fact.invoice_id)
                found.adjustments = (*found.adjustments, fact)
            case InvoiceCancelled():
                found = self.invoice(fact.invoice_id)
                found.cancellations = (*found.cancellations, fact)
            case DueDateChanged():
                found = self.invoice(fact.invoice_id)
                found.due_changes = (*found.due_changes, fact)
            case DisputeRaised():
                found = self.invoice(fact.invoice_id)
                found.disputes = (*found.disputes, fact)
            case DisputeResolved():
                found = self.invoice(fact.invoice_id)
                found.resolutions = (*found.resolutions, fact)
            case DebtorAssigned():
                self.assignments[(fact.customer_id, fact.dimension)].append(fact)
            case DunningStepTaken():
                self.steps.append(fact)
            case MessageSent():
                self.messages.append(fact)
            case HandedOver():
                self.handovers.append(fact)
            case PromiseMade():
                self.promises[fact.promise_id] = fact
            case PromiseResolved():
                self.promise_outcomes[fact.promise_id].append(fact)
            case PlanAgreed():
                self.plans[fact.plan_id] = fact
            case PlanEnded():
                self.plan_outcomes[fact.plan_id].append(fact)

    @property
    def size(self) -> int:
        """How many facts are known: it grows with every fact recorded, never otherwise."""
        return len(self._seen)

    def invoice(self, invoice_id: str) -> InvoiceFacts:
        found = self.invoices.get(invoice_id)
        if found is None:
            found = self.invoices[invoice_id] = InvoiceFacts(invoice_id)
        return found

    def issued(self) -> list[InvoiceFacts]:
        """Invoices whose issue is known, in id order (reports never depend on arrival order)."""
        if self._issued is None:
            self._issued = [
                self.invoices[i] for i in sorted(self.invoices) if self.invoices[i].issued
            ]
        return list(self._issued)

    def invoices_of(self, customer_id: str) -> list[InvoiceFacts]:
        return [self.invoices[i] for i in sorted(self.by_customer.get(customer_id, ()))]

    def assignment(self, customer_id: str, dimension: Dimension, as_of: dt.date) -> str | None:
        """The debtor's segment or collector as of a date (the latest assignment effective by
        then; on one date the greater fact id wins, so arrival order never matters)."""
        effective = [
            a for a in self.assignments.get((customer_id, dimension), ()) if a.effective_on <= as_of
        ]
        if not effective:
            return None
        return max(effective, key=lambda a: (a.effective_on, a.fact_id)).value


def _with_id(kept: Issue | PromiseMade | PlanAgreed, fact_id: str) -> Kept:
    if isinstance(kept, Issue):
        return replace(kept, fact_id=fact_id)
    return kept.model_copy(update={"fact_id": fact_id})
