from __future__ import annotations

import datetime as dt

import pytest

from services.invoicing.domain.errors import (
    DueDateBeforeIssueDate,
    InvoiceAmountNotPositive,
    InvoiceNumberConflict,
)
from shared.contracts.invoicing import InvoiceIssued
from tests.unit.invoicing.given import History, cny, issue, types


def test_issuing_an_invoice_records_it_and_schedules_its_due_timer() -> None:
    decision = History().when(issue(), source="ingest")

    [issued] = decision.events
    assert isinstance(issued, InvoiceIssued)
    assert issued.aggregate_id == issued.invoice_id == issued.external_number == "INV-2026-0001"
    assert issued.customer_id == "C-1001" and issued.amount == cny("12000.00")
    assert issued.source == "ingest"
    assert (issued.issue_date, issued.due_date) == (dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    [timer] = decision.schedule
    assert timer.timer_id == "due:INV-2026-0001"
    assert timer.payload == {"customer_id": "C-1001", "grace_days": 3}
    # 00:00 on 4 Dec in Asia/Shanghai (UTC+8) is 16:00 UTC on 3 Dec
    assert timer.due_at == dt.datetime(2026, 12, 3, 16, 0, tzinfo=dt.UTC)


def test_issuing_the_same_invoice_again_decides_nothing() -> None:
    history = History().given([issue()])

    again = history.when(issue(amount=cny("12000")), source="ingest")

    assert types(again) == [] and list(again.schedule) == []


@pytest.mark.parametrize(
    "change",
    [
        {"customer_id": "C-9999"},
        {"amount": cny("12000.01")},
        {"issue_date": dt.date(2026, 11, 2)},
        {"due_date": dt.date(2026, 12, 31)},
    ],
)
def test_the_same_number_with_different_data_is_a_conflict(change: dict[str, object]) -> None:
    history = History().given([issue()])

    with pytest.raises(InvoiceNumberConflict):
        history.when(issue(**change))


def test_a_due_date_before_the_issue_date_is_refused() -> None:
    with pytest.raises(DueDateBeforeIssueDate):
        History().when(issue(due_date=dt.date(2026, 10, 31)))


def test_an_invoice_due_on_its_issue_date_is_accepted() -> None:
    decision = History().when(issue(due_date=dt.date(2026, 11, 1)))
    assert types(decision) == ["InvoiceIssued"]


@pytest.mark.parametrize("amount", ["0", "-5.00"])
def test_an_invoice_for_nothing_or_less_is_refused(amount: str) -> None:
    with pytest.raises(InvoiceAmountNotPositive):
        History().when(issue(amount=cny(amount)))
