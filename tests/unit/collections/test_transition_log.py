"""The per-transition log line: written at DEBUG, not made at all above it."""

from __future__ import annotations

import asyncio
import io
import logging

from services.collections.application.service import Collections
from services.collections.domain.state import evolve, initial
from shared.infra.clock import FixedClock
from shared.infra.memory_repository import MemoryRepository
from tests.support.log_capture import lines, logging_into
from tests.unit.collections.given import BOOK, DEBTOR, NOW, Invoices, registered


def _follow_an_overdue_invoice(level: int) -> list[dict[str, object]]:
    clock = FixedClock(NOW)
    collections = Collections(MemoryRepository("debtor", initial, evolve, clock), clock, BOOK)
    invoices = Invoices()
    stream = io.StringIO()
    with logging_into(stream, json=True):
        logging.getLogger().setLevel(level)
        for fact in (registered(), invoices.issue("INV-1", "500.00"), invoices.miss("INV-1")):
            asyncio.run(collections.follow(fact))
    return [line for line in lines(stream) if line.get("event") == "debtor_transition"]


def test_each_transition_is_logged_at_debug() -> None:
    logged = _follow_an_overdue_invoice(logging.DEBUG)
    assert logged, "an overdue invoice reaches a level: at least one transition"
    assert {line["customer_id"] for line in logged} == {DEBTOR}
    assert all(line["level"] == "debug" and line["rule"] for line in logged)
    assert "DunningLevelReached" in {line["transition"] for line in logged}


def test_no_transition_line_above_debug() -> None:
    assert _follow_an_overdue_invoice(logging.INFO) == []
