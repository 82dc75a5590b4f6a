"""Where a debtor stands under its policy on a given day: what is in dunning, how late,
which level the policy's conditions call for, and when that could next change.

An invoice is in dunning when money is owed on it, it is not disputed and not exempt.
Days past due are those of the oldest such invoice, less the days disputes held it.

A ``Standing`` is made for one debtor state, policy and day, and all three are frozen: it
works out the invoices in dunning, the overdue amounts and the days past due once and
answers every later question (each level's condition, say) from them.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TypeVar, cast
from zoneinfo import ZoneInfo

from services.collections.domain.model import Debtor, TrackedInvoice, by_currency
from services.collections.domain.policy import Condition, DunningPolicy, Level
from shared.kernel.once import once

T = TypeVar("T")


def business_day(now: dt.datetime, policy: DunningPolicy) -> dt.date:
    """The calendar day ``now`` falls on in the policy's time zone."""
    return _day_in(now, policy.timezone)


@functools.lru_cache(maxsize=256)  # a batch's facts share one clock reading
def _day_in(now: dt.datetime, timezone: str) -> dt.date:
    # Equal datetimes are the same instant (or the same naive reading): the same day.
    return now.astimezone(ZoneInfo(timezone)).date()


def start_of(day: dt.date, policy: DunningPolicy) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=ZoneInfo(policy.timezone))


@dataclass(frozen=True)
class Standing:
    debtor: Debtor
    policy: DunningPolicy
    today: dt.date

    def memo(self, compute: Callable[[Standing], T]) -> T:
        """``compute(self)``, worked out once for this standing (a question asked of it
        from outside, such as the days its debtor is to be looked at again)."""
        kept: dict[object, Any] = self.__dict__.setdefault("_memo", {})
        if compute not in kept:
            kept[compute] = compute(self)
        return cast(T, kept[compute])

    @property
    def exempt(self) -> bool:
        return self.debtor.customer_id in self.policy.exempt_customers

    def in_dunning(self, invoice: TrackedInvoice) -> bool:
        exempt = invoice.invoice_id in self.policy.exempt_invoices
        return invoice.owing and not invoice.disputed and not exempt and not self.exempt

    def open_invoices(self) -> list[TrackedInvoice]:
        """Invoices in dunning with a known due date, oldest first."""
        return list(self._open)

    @once
    def _open(self) -> tuple[TrackedInvoice, ...]:
        return tuple(
            i for i in self.debtor.invoices_by_due_date() if self.in_dunning(i) and i.due_date
        )

    def overdue_invoices(self, currency: str | None = None) -> list[TrackedInvoice]:
        """Overdue invoices in dunning (disputed and exempt ones set aside)."""
        if currency is None:
            return list(self._overdue_invoices)
        return [i for i in self._overdue_invoices if i.currency == currency]

    @once
    def _overdue_invoices(self) -> tuple[TrackedInvoice, ...]:
        return tuple(i for i in self.debtor.overdue_invoices() if self.in_dunning(i))

    def overdue(self) -> dict[str, Decimal]:
        return dict(self._overdue)

    @once
    def _overdue(self) -> dict[str, Decimal]:
        return by_currency(list(self._overdue_invoices))

    def days_past_due(self) -> int | None:
        """Of the oldest invoice in dunning; one invoicing called missed is at least 1 day late
        (its clock said so, whatever the day here)."""
        return self._days_past_due

    @once
    def _days_past_due(self) -> int | None:
        days = [
            max(d, 1) if i.missed else d
            for i in self._open
            if (d := i.days_past_due(self.today)) is not None
        ]
        return max(days) if days else None

    def shifted_days(self) -> int | None:
        """Days past due as the classification's branch counts them (sooner when unwilling)."""
        return self._shifted_days

    @once  # asked once for every level's condition
    def _shifted_days(self) -> int | None:
        days = self.days_past_due()
        return (
            None
            if days is None
            else days + self.policy.branch(self.debtor.classification).days_earlier
        )

    def holds(self, level: Level) -> bool:
        if level.state != "reminded" and not self._overdue:
            return False
        if level.state == "reminded" and self._overdue:
            return False
        return self.condition_holds(level.when)

    def condition_holds(self, when: Condition) -> bool:
        days = self.shifted_days()
        if when.days_past_due is not None and (days is None or days < when.days_past_due):
            return False
        overdue = self._overdue
        if when.overdue_at_least and not any(
            overdue.get(cur, Decimal(0)) >= floor for cur, floor in when.overdue_at_least.items()
        ):
            return False
        unpaid = when.unpaid_invoices_at_least
        if unpaid is not None and len(self._open) < unpaid:
            return False
        broken = when.broken_promises_at_least
        if broken is not None and self.debtor.broken_promises < broken:
            return False
        return not when.ratings or self.debtor.rating in when.ratings

    def target(self) -> Level | None:
        """The highest level whose conditions hold today."""
        matching = [lvl for lvl in self.policy.levels if self.holds(lvl)]
        return matching[-1] if matching else None

    def next_level_day(self) -> dt.date | None:
        """The day the next level's days-past-due threshold is reached, if in the future."""
        days = self.shifted_days()
        if days is None:
            return None
        for level in self.policy.levels[self.debtor.level :]:
            threshold = level.when.days_past_due
            if threshold is not None and threshold > days:
                return self.today + dt.timedelta(days=threshold - days)
        return None

    def limitation_ends(self, invoice: TrackedInvoice) -> dt.date | None:
        start = invoice.limitation_from or invoice.due_date
        if start is None:
            return None
        years = self.policy.limitation.years
        try:
            return start.replace(year=start.year + years)
        except ValueError:  # 29 February
            return start.replace(year=start.year + years, day=28)

    def time_barred(self, invoice: TrackedInvoice) -> bool:
        """The invoice's limitation period has ended (no legal step may be stated for it)."""
        ends = self.limitation_ends(invoice)
        return ends is not None and ends <= self.today

    def limitation_warn_day(self, invoice: TrackedInvoice) -> dt.date | None:
        ends = self.limitation_ends(invoice)
        warn = dt.timedelta(days=self.policy.limitation.warn_days_before)
        return ends - warn if ends else None

    def reminder_currency(self) -> str:
        """The debtor's own currency if it is overdue in it, else the first overdue currency."""
        overdue = self._overdue or by_currency(list(self._open))
        currency = self.debtor.currency
        return currency if currency in overdue else next(iter(overdue))
