"""A debtor's invoices in due-date order: the last order worked out is kept for the very
invoices dict it came from, and must answer as a fresh sort would, whatever came between."""

from __future__ import annotations

import datetime as dt

from services.collections.domain.model import Debtor, TrackedInvoice


def invoice(number: str, due: dt.date | None) -> TrackedInvoice:
    return TrackedInvoice(invoice_id=number, due_date=due)


def fresh(debtor: Debtor) -> list[str]:
    ordered = sorted(
        debtor.invoices.values(), key=lambda i: (i.due_date or dt.date.max, i.invoice_id)
    )
    return [i.invoice_id for i in ordered]


def ids(debtor: Debtor) -> list[str]:
    return [i.invoice_id for i in debtor.invoices_by_due_date()]


def test_each_debtor_state_gets_its_own_order_in_any_sequence_of_questions() -> None:
    a = Debtor(customer_id="C-1", invoices={
        "A2": invoice("A2", dt.date(2026, 3, 1)), "A1": invoice("A1", dt.date(2026, 1, 1)),
        "A3": invoice("A3", None),
    })  # fmt: skip
    b = Debtor(customer_id="C-2", invoices={"B1": invoice("B1", dt.date(2025, 1, 1))})
    # a fact changes a debtor by a new dict; the copy of an unchanged debtor shares its dict
    later = a.model_copy(
        update={"invoices": {**a.invoices, "A0": invoice("A0", dt.date(2020, 1, 1))}}
    )
    moved = a.model_copy(
        update={"invoices": {**a.invoices, "A3": invoice("A3", dt.date(2025, 6, 1))}}
    )
    same = a.model_copy(update={"level": 2})
    equal = Debtor(customer_id="C-1", invoices=dict(a.invoices))  # equal values, another dict
    for debtor in (a, a, b, a, later, a, moved, same, b, equal, later, moved, a):
        assert ids(debtor) == fresh(debtor)
    assert ids(a) == ["A1", "A2", "A3"] and ids(later)[0] == "A0" and ids(moved)[-1] == "A2"


def test_the_list_given_is_the_callers_own() -> None:
    a = Debtor(customer_id="C-1", invoices={"A1": invoice("A1", dt.date(2026, 1, 1)),
                                            "A2": invoice("A2", dt.date(2026, 2, 1))})  # fmt: skip
    got = a.invoices_by_due_date()
    got.reverse()
    got.append(invoice("X", None))
    assert ids(a) == ["A1", "A2"]
