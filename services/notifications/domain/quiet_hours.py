"""Allowed contact hours in local time, and the next moment they allow a message."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

MAX_STEPS = 16


@dataclass(frozen=True)
class QuietHours:
    """Contact is allowed from ``start`` (inclusive) to ``end`` (exclusive), local time."""

    start: time
    end: time

    @classmethod
    def between(cls, start_hour: int, end_hour: int) -> QuietHours:
        return cls(time(start_hour), time(end_hour))

    def allows(self, local: datetime) -> bool:
        return self.start <= local.time().replace(tzinfo=None) < self.end

    def next_start(self, local: datetime) -> datetime:
        """The first allowed local instant at or after ``local`` (in its zone)."""
        if self.allows(local):
            return local
        day = local.date() if local.time() < self.start else local.date() + timedelta(days=1)
        return datetime.combine(day, self.start, tzinfo=local.tzinfo)


def next_allowed_moment(now: datetime, hours: QuietHours, zones: Sequence[str]) -> datetime:
    """``now`` if every zone allows it, else the earliest later instant all of them allow.

    Returns ``now`` unchanged (same object) when contact is allowed right away.
    """
    tzs = [ZoneInfo(zone) for zone in zones]
    moment = now
    for _ in range(MAX_STEPS):
        later = moment
        for tz in tzs:
            later = max(later, hours.next_start(later.astimezone(tz)).astimezone(UTC))
        if later == moment:
            return now if moment == now else moment
        moment = later
    raise ValueError(f"no common allowed hours in zones {list(zones)}")
