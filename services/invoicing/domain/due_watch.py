"""When an unpaid invoice counts as missed: midnight after the due date plus grace."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from shared.kernel.copying import constructed
from shared.kernel.timer import Timer

TIMER_KIND = "invoice_due"
_combine, _MIDNIGHT = dt.datetime.combine, dt.time.min


def due_timer_id(external_number: str) -> str:
    return f"due:{external_number}"


@dataclass(frozen=True)
class DueWatch:
    """The grace policy: ``grace_days`` whole days after the due date, in ``timezone``.

    An invoice due on 30 November with 3 days' grace is missed at 00:00 on 4 December
    in the business time zone: a payment value-dated 3 December is on time.
    """

    grace_days: int
    timezone: str
    zone: ZoneInfo = field(init=False, repr=False, compare=False)
    _after_due: dt.timedelta = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.grace_days < 0:
            raise ValueError("grace_days must not be negative")
        # an unknown zone fails at start-up, not at the first invoice
        object.__setattr__(self, "zone", ZoneInfo(self.timezone))
        object.__setattr__(self, "_after_due", dt.timedelta(days=self.grace_days + 1))

    def missed_at(self, due_date: dt.date) -> dt.datetime:
        return _combine(due_date + self._after_due, _MIDNIGHT, self.zone)

    def timer(self, external_number: str, customer_id: str, due_date: dt.date) -> Timer:
        # One per invoice booked. Every value is made here as the model holds it (``due_at``
        # in UTC, as its validator leaves it): built, not validated (a test holds the two
        # equal).
        return constructed(Timer, {
            "timer_id": due_timer_id(external_number),
            "kind": TIMER_KIND,
            "aggregate_id": external_number,
            "due_at": self.missed_at(due_date).astimezone(dt.UTC),
            "payload": {"customer_id": customer_id, "grace_days": self.grace_days},
        })  # fmt: skip
