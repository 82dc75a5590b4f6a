"""The collector worklist: debtors ranked by what recovers most money soonest.

The score is the overdue amount weighted by the chance and speed of getting it:

    score = overdue × rating weight × 1 / (1 + broken promises)
            × 1 / (1 + days past due / 90) × (1.5 if an action falls due within 3 days)

Amounts are not converted between currencies (no FX here): the debtor's largest overdue
currency counts. A debtor with nothing overdue leaves the list. The projection is kept in
Redis beside the event store, written after each append only if its debtor version is
newer than the one stored, so replicas writing in any order converge.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Protocol

from pydantic import BaseModel

from services.collections.domain.book import PolicyBook
from services.collections.domain.in_force import context_for
from services.collections.domain.model import Debtor, OpenTask
from services.collections.domain.review import next_review_day
from shared.contracts import Money
from shared.kernel.copying import constructed

RATING_WEIGHT = {"A": 1.0, "B": 0.9, "C": 0.75, "D": 0.55, "E": 0.35}
UNRATED_WEIGHT = 0.8


class WorklistEntry(BaseModel):
    customer_id: str
    state: str
    level: int
    overdue: Money
    days_past_due: int | None
    broken_promises: int
    rating: str | None
    classification: str | None
    next_action_on: dt.date | None
    score: float
    version: int
    segment: str | None = None
    open_tasks: list[OpenTask] = []


def entry_for(
    debtor: Debtor, version: int, book: PolicyBook, now: dt.datetime
) -> WorklistEntry | None:
    """The debtor's line on the worklist, or None when it owes nothing overdue (the overdue
    amount as the policy's conditions count it: disputed and exempt invoices set aside)."""
    ctx = context_for(debtor, now, book)
    standing = ctx.standing(debtor) if ctx else None
    overdue = standing.overdue() if standing else debtor.overdue_by_currency()
    if not overdue or debtor.written_off:
        return None
    currency, amount = max(overdue.items(), key=lambda kv: kv[1])
    today = ctx.today if ctx else now.date()
    days = standing.days_past_due() if standing else _oldest(debtor, today)
    next_on = next_review_day(debtor, ctx) if ctx else None
    # Every value comes typed from the debtor's state: the row is built, not validated (it
    # is written with each append of the debtor, and can always be rebuilt from its stream).
    return constructed(WorklistEntry, {
        "customer_id": debtor.customer_id,
        "state": debtor.state,
        "level": debtor.level,
        "overdue": Money(amount=amount, currency=currency),
        "days_past_due": days,
        "broken_promises": debtor.broken_promises,
        "rating": debtor.rating,
        "classification": debtor.classification,
        "next_action_on": next_on,
        "score": score(amount, debtor, days, next_on, today),
        "version": version,
        "segment": debtor.segment,
        "open_tasks": list(debtor.open_tasks),
    })  # fmt: skip


def _oldest(debtor: Debtor, today: dt.date) -> int | None:
    """Days past due of the oldest overdue invoice (a debtor no policy applies to)."""
    days = [d for i in debtor.overdue_invoices() if (d := i.days_past_due(today)) is not None]
    return max(days) if days else None


def score(
    amount: Decimal, debtor: Debtor, days: int | None, next_on: dt.date | None, today: dt.date
) -> float:
    weight = RATING_WEIGHT.get(debtor.rating or "", UNRATED_WEIGHT)
    age = 1 / (1 + max(days or 0, 0) / 90)
    soon = 1.5 if next_on is not None and (next_on - today).days <= 3 else 1.0
    return round(float(amount) * weight * age * soon / (1 + debtor.broken_promises), 4)


class WorklistQuery(BaseModel):
    state: str | None = None
    classification: str | None = None
    currency: str | None = None
    min_overdue: Decimal | None = None
    min_days_past_due: int | None = None
    level: int | None = None
    segment: str | None = None
    assignee: str | None = None  # debtors with an open task for this person
    offset: int = 0
    limit: int = 50

    def filters_nothing(self) -> bool:
        criteria = (self.state, self.classification, self.currency, self.min_overdue,
                    self.min_days_past_due, self.level, self.segment, self.assignee)  # fmt: skip
        return all(criterion is None for criterion in criteria)

    def admits(self, entry: WorklistEntry) -> bool:
        checks = (
            self.state is None or entry.state == self.state,
            self.classification is None or entry.classification == self.classification,
            self.currency is None or entry.overdue.currency == self.currency,
            self.min_overdue is None or entry.overdue.amount >= self.min_overdue,
            self.min_days_past_due is None or (entry.days_past_due or 0) >= self.min_days_past_due,
            self.level is None or entry.level == self.level,
            self.segment is None or entry.segment == self.segment,
            self.assignee is None or any(t.assignee == self.assignee for t in entry.open_tasks),
        )
        return all(checks)


class WorklistPage(BaseModel):
    total: int
    offset: int
    limit: int
    entries: list[WorklistEntry]


class TaskLine(BaseModel):
    """An open task in the inbox, with the debtor it concerns."""

    customer_id: str
    task_id: str
    task: str
    assignee: str
    due_on: dt.date
    invoice_id: str | None = None


class TaskPage(BaseModel):
    total: int
    offset: int
    limit: int
    tasks: list[TaskLine]


class WorklistStore(Protocol):
    """Where the worklist and the open tasks live (Redis in production)."""

    async def put(
        self, customer_id: str, entry: WorklistEntry | None, version: int,
        tasks: Sequence[OpenTask] = (),
    ) -> None: ...  # fmt: skip

    async def tasks(self) -> list[TaskLine]:
        """Every open task of every debtor."""
        ...

    async def ranked(self) -> list[WorklistEntry]: ...

    async def window(self, offset: int, limit: int) -> tuple[int, list[WorklistEntry]]:
        """How many debtors are ranked, and the ``limit`` from rank ``offset`` (only those read)."""
        ...

    async def drop(self) -> None: ...

    async def debtor_ids(self) -> list[str]: ...


class Worklist:
    def __init__(self, store: WorklistStore, book: PolicyBook) -> None:
        self.store, self.book = store, book

    async def update(self, debtor: Debtor, version: int, now: dt.datetime) -> None:
        await self.store.put(
            debtor.customer_id, entry_for(debtor, version, self.book, now), version,
            debtor.open_tasks,
        )  # fmt: skip

    async def tasks(
        self, assignee: str | None = None, customer_id: str | None = None,
        offset: int = 0, limit: int = 50,
    ) -> TaskPage:  # fmt: skip
        """Open tasks, earliest due first, for one person and/or one debtor, paged."""
        found = [t for t in await self.store.tasks()
                 if (assignee is None or t.assignee == assignee)
                 and (customer_id is None or t.customer_id == customer_id)]  # fmt: skip
        found.sort(key=lambda t: (t.due_on, t.customer_id, t.task_id))
        return TaskPage(total=len(found), offset=offset, limit=limit,
                        tasks=found[offset : offset + limit])  # fmt: skip

    async def admitted(self, query: WorklistQuery) -> list[WorklistEntry]:
        """Every debtor on the list the query's filters admit, by score (paging ignored)."""
        return [e for e in await self.store.ranked() if query.admits(e)]

    async def page(self, query: WorklistQuery) -> WorklistPage:
        """A page of the ranked worklist. Unfiltered, only the page's entries are read, so the
        first page costs the same over 100 debtors or 100,000; a filter scans them all."""
        if query.filters_nothing():
            total, chosen = await self.store.window(query.offset, query.limit)
            return WorklistPage(total=total, offset=query.offset, limit=query.limit, entries=chosen)
        admitted = await self.admitted(query)
        chosen = admitted[query.offset : query.offset + query.limit]
        return WorklistPage(
            total=len(admitted), offset=query.offset, limit=query.limit, entries=chosen
        )
