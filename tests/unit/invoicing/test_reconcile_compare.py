"""Reconcile compares, per invoice, all that collections knows of it: the outstanding
principal, the amount invoiced and the due date; what collections never receives
(interest, compensation, fees, debit notes, unapplied cash) is named as not compared."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from services.invoicing.application.reconcile import (
    NOT_COMPARED,
    Followed,
    Report,
    compare,
    open_charges,
)
from shared.contracts.money import Money


def cny(amount: str) -> Money:
    return Money(amount=Decimal(amount), currency="CNY")


DUE = dt.date(2026, 10, 31)
OURS = {"INV-1": Followed(outstanding=cny("800.00"), amount=cny("1000.00"), due_date=DUE)}


def test_equal_invoices_leave_no_difference() -> None:
    found, totals = compare("C-1", OURS, dict(OURS))
    assert found == [] and totals[0].invoicing == totals[0].collections == cny("800.00")


def test_a_due_date_only_one_side_moved_is_reported() -> None:
    later = OURS["INV-1"].model_copy(update={"due_date": dt.date(2026, 11, 20)})
    [difference], _ = compare("C-1", OURS, {"INV-1": later})
    assert difference.kind == "due_date_differs"
    assert (difference.invoicing_due_date, difference.collections_due_date) == (
        DUE, dt.date(2026, 11, 20),
    )  # fmt: skip


def test_a_different_invoiced_amount_is_reported_even_when_the_outstanding_agrees() -> None:
    other = OURS["INV-1"].model_copy(update={"amount": cny("1100.00")})
    [difference], _ = compare("C-1", OURS, {"INV-1": other})
    assert (difference.kind, difference.invoicing, difference.collections) == (
        "invoiced_differs", cny("1000.00"), cny("1100.00"),
    )  # fmt: skip


def test_an_unknown_amount_or_due_date_on_collections_side_is_not_a_difference() -> None:
    partial = Followed(outstanding=cny("800.00"))
    assert compare("C-1", OURS, {"INV-1": partial})[0] == []


def test_the_report_names_what_it_does_not_compare_and_shows_open_charges() -> None:
    class Charge:
        def __init__(self, open_: str) -> None:
            self.open, self.currency = Decimal(open_), "EUR"

    [charges] = open_charges("C-1", [Charge("40.00"), Charge("83.42")])
    report = Report(customers=1, invoices=1, differences=[], totals=[],
                    charges_not_compared=[charges])  # fmt: skip
    assert charges.open == Money(amount=Decimal("123.42"), currency="EUR")
    assert "late interest" in report.not_compared and report.not_compared == NOT_COMPARED
    assert report.agreed
