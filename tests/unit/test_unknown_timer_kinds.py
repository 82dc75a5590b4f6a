"""Every service treats a fired timer of a kind it never schedules the same way: refused
when parsed, naming the service and the kind, so the bus dead-letters it at once (it
would fail the same way on every delivery)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from services.collections.domain.review import TIMER_KIND as REVIEW
from services.collections.entrypoints import subscribe as collections
from services.customers.domain.holds import SHRED_TIMER_KIND as SHRED
from services.customers.entrypoints import subscribe as customers
from services.invoicing.domain.due_watch import TIMER_KIND as DUE
from services.invoicing.entrypoints import subscribe as invoicing
from services.notifications.domain.judge import TIMER_KIND as RETRY
from services.notifications.entrypoints import subscribe as notifications
from shared.infra.timers import UnknownTimerKind
from shared.kernel import Timer

READERS: dict[str, tuple[Callable[[bytes], Any], str]] = {
    "customers": (customers.read_due_timer, SHRED),
    "invoicing": (invoicing.read_due_timer, DUE),
    "collections": (collections.read_due_timer, REVIEW),
    "notifications": (notifications.read_due_timer, RETRY),
}


def fired(kind: str) -> bytes:
    timer = Timer(timer_id="t-1", kind=kind, aggregate_id="A-1",
                  due_at=dt.datetime(2026, 12, 1, tzinfo=dt.UTC),
                  payload={"customer_id": "C-1", "grace_days": 3})  # fmt: skip
    return timer.model_dump_json().encode()


@pytest.mark.parametrize("service", sorted(READERS))
def test_a_timer_of_a_kind_the_service_never_schedules_is_refused_by_name(service: str) -> None:
    read, _ = READERS[service]
    with pytest.raises(UnknownTimerKind, match=f"^{service} has no timers of kind 'mystery'$"):
        read(fired("mystery"))


@pytest.mark.parametrize("service", sorted(READERS))
def test_a_timer_of_the_services_own_kind_is_read(service: str) -> None:
    read, kind = READERS[service]
    assert read(fired(kind)) is not None
