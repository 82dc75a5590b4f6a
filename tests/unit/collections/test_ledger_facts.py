"""Collections follows the ledger of record: credit notes, cancellations, write-offs,
bounced payments and corrected due dates change its balance as invoicing's does."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from shared.contracts import Event
from shared.contracts import invoicing as out
from tests.unit.collections.given import (
    DEBTOR,
    Invoices,
    envelope,
    money,
    overdue_debtor,
    requested_templates,
    types,
)


def ledger_fact(
    inv: Invoices, kind: type[Event], number: str, left: str, **fields: object
) -> Event:
    inv.outstanding[number] = money(left)
    return kind(
        **inv._next(number),
        invoice_id=number,
        customer_id=DEBTOR,
        outstanding=money(left),
        **fields,
    )


def test_a_fully_credited_invoice_is_no_longer_overdue_and_the_debtor_clears() -> None:
    history, inv = overdue_debtor("12000.00")
    assert history.state.status == "overdue"
    credited = ledger_fact(
        inv, out.InvoiceCredited, "INV-1", "0.00", credit_note_id="CN-1",
        amount=money("12000.00"), issued_on=dt.date(2026, 12, 4),
    )  # fmt: skip
    events = history.when(credited)
    invoice = history.state.invoices["INV-1"]
    assert invoice.outstanding == Decimal("0.00") and not invoice.overdue
    assert history.state.status != "overdue"
    assert "DebtorInvoiceAdjusted" in types(events)


def test_a_written_off_or_cancelled_invoice_owes_nothing_in_collections() -> None:
    for kind, fields in (
        (out.InvoiceWrittenOff, {"write_off_id": "W-1", "amount": money("12000.00"),
                                 "written_off_on": dt.date(2026, 12, 4)}),
        (out.InvoiceCancelled, {"cancelled_on": dt.date(2026, 12, 4)}),
    ):  # fmt: skip
        history, inv = overdue_debtor("12000.00")
        history.when(ledger_fact(inv, kind, "INV-1", "0.00", **fields))
        assert history.state.invoices["INV-1"].outstanding == Decimal("0.00")
        assert not history.state.invoices["INV-1"].overdue


def test_a_bounced_payment_makes_the_amount_owed_again() -> None:
    history, inv = overdue_debtor("12000.00")
    history.when(*inv.pay("INV-1", "12000.00"))
    assert history.state.invoices["INV-1"].outstanding == Decimal("0.00")
    bounced = ledger_fact(
        inv, out.PaymentReversed, "INV-1", "12000.00", payment_id="P-1", reversal_id="R-1",
        amount=money("12000.00"), reversed_on=dt.date(2026, 12, 5),
    )  # fmt: skip
    history.when(bounced)
    assert history.state.invoices["INV-1"].outstanding == Decimal("12000.00")


def test_a_later_due_date_recounts_the_days_without_sending_the_reminder_again() -> None:
    history, inv = overdue_debtor("12000.00")
    sent_before = requested_templates(history.events)
    moved = ledger_fact(
        inv, out.InvoiceDueDateChanged, "INV-1", "12000.00", due_date=dt.date(2027, 1, 31),
        previous_due_date=dt.date(2026, 11, 30), changed_on=dt.date(2026, 12, 4),
    )  # fmt: skip
    history.when(moved)
    invoice = history.state.invoices["INV-1"]
    assert invoice.due_date == dt.date(2027, 1, 31) and not invoice.missed
    assert history.state.status != "overdue"
    assert requested_templates(history.events) == sent_before


def test_an_older_ledger_fact_never_overrides_a_newer_balance() -> None:
    history, _ = overdue_debtor("12000.00")
    stale = out.InvoiceCredited(
        **envelope("INV-1", 1, "invoicing", "stale"),
        invoice_id="INV-1", customer_id=DEBTOR, outstanding=money("1.00"),
        credit_note_id="CN-OLD", amount=money("11999.00"), issued_on=dt.date(2026, 12, 1),
    )  # fmt: skip
    assert history.when(stale) == [] or "DebtorInvoiceAdjusted" not in types(history.events)
    assert history.state.invoices["INV-1"].outstanding == Decimal("12000.00")


def test_a_confirmed_statement_restarts_the_limitation_and_a_disputed_line_is_set_aside() -> None:
    history, inv = overdue_debtor("12000.00")
    confirmed = out.StatementConfirmed(
        **envelope(DEBTOR, 7, "invoicing", "confirmed"), customer_id=DEBTOR,
        statement_id="S-1", confirmed_on=dt.date(2026, 12, 4), confirmed_by="customer",
        channel="link", invoice_ids=("INV-1",),
    )  # fmt: skip
    history.when(confirmed)
    assert history.state.invoices["INV-1"].limitation_from == dt.date(2026, 12, 4)
    disputed = out.StatementLineDisputed(
        **envelope(DEBTOR, 8, "invoicing", "disputed"), customer_id=DEBTOR, statement_id="S-1",
        invoice_id="INV-1", reason="price", raised_by="customer",
    )  # fmt: skip
    events = history.when(disputed)
    assert "InvoiceDisputed" in types(events)
    assert history.state.invoices["INV-1"].disputed == "price"
    assert inv.outstanding["INV-1"] == money("12000.00")
