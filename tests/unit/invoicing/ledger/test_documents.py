"""Credit notes, cancellations, due-date changes, debit notes, write-offs and refunds."""

from __future__ import annotations

from decimal import Decimal

import pytest

from services.invoicing.domain.ledger import LedgerContext, decide, new_account
from services.invoicing.domain.ledger.commands import (
    ApplyUnappliedCredit,
    CancelInvoice,
    ChangeDueDate,
    IssueCreditNote,
    OpenAccount,
    RaiseCharge,
    RefundUnappliedCredit,
    WriteOff,
)
from services.invoicing.domain.ledger.errors import (
    AccountNotOpened,
    ContractNeedsReferenceRate,
    CreditExceedsInvoicedAmount,
    DocumentIdConflict,
    DueDateBeforeIssueDate,
    DueDateUnknown,
    InvoiceNotCancellable,
    ItemCancelled,
    NothingToWriteOff,
    RefundExceedsUnapplied,
    UnknownJurisdiction,
)
from services.invoicing.domain.ledger.facts import DueDateChanged
from services.invoicing.domain.ledger.model import AccountSettings
from tests.unit.invoicing.ledger.given import PACKS, TODAY, D, Ledger, invoice, line, money, pay

CONTEXT = LedgerContext(today=TODAY, packs=PACKS)


def two_invoices() -> Ledger:
    ledger = Ledger()
    ledger.do(
        invoice("INV-A", "1000.00", D(2026, 1, 1), D(2026, 1, 31)),
        invoice("INV-B", "500.00", D(2026, 2, 1), D(2026, 3, 2)),
    )
    return ledger


def credit(note_id: str, *lines: tuple[str, str], on: tuple[int, int, int] = (2026, 2, 10)):
    return IssueCreditNote(
        credit_note_id=note_id,
        issued_on=D(*on),
        reason="goods returned",
        lines=tuple(line(item, amount) for item, amount in lines),
    )


def test_a_credit_note_against_two_invoices_lowers_both() -> None:
    ledger = two_invoices()
    ledger.do(credit("CN-1", ("INV-A", "1000.00"), ("INV-B", "200.00")))
    assert ledger.open("INV-A") == 0  # credited in full
    assert ledger.open("INV-B") == Decimal("300.00")  # credited in part
    assert ledger.balance() == Decimal("300.00")


def test_a_credit_note_on_a_paid_invoice_leaves_credit_to_refund_or_apply() -> None:
    ledger = two_invoices()
    ledger.do(pay("P-1", "1000.00", D(2026, 1, 20), allocations=(line("INV-A", "1000.00"),)))
    ledger.do(credit("CN-1", ("INV-A", "150.00")))
    assert ledger.unapplied() == Decimal("150.00")
    ledger.do(ApplyUnappliedCredit(application_id="APP-1", currency="CNY", on=D(2026, 2, 11)))
    assert ledger.open("INV-B") == Decimal("350.00")


def test_crediting_more_than_was_invoiced_is_refused() -> None:
    ledger = two_invoices()
    ledger.do(credit("CN-1", ("INV-B", "400.00")))
    with pytest.raises(CreditExceedsInvoicedAmount, match=r"400\.00 CNY credited before"):
        ledger.do(credit("CN-2", ("INV-B", "100.01")))


def test_a_credit_note_sent_again_changes_nothing_and_other_data_under_its_id_is_refused() -> None:
    ledger = two_invoices()
    ledger.do(credit("CN-1", ("INV-B", "100.00")))
    assert ledger.do(credit("CN-1", ("INV-B", "100.00"))) == []
    with pytest.raises(DocumentIdConflict, match="CN-1 is already booked"):
        ledger.do(credit("CN-1", ("INV-B", "90.00")))


def test_an_untouched_invoice_can_be_cancelled_and_then_owes_nothing() -> None:
    ledger = two_invoices()
    ledger.do(CancelInvoice(invoice_id="INV-B", on=D(2026, 2, 3), reason="issued twice"))
    assert ledger.open("INV-B") == 0
    assert ledger.balance() == Decimal("1000.00")
    with pytest.raises(ItemCancelled, match="cancelled on 2026-02-03"):
        ledger.do(pay("P-1", "10.00", D(2026, 2, 4), allocations=(line("INV-B", "10.00"),)))


def test_cancelling_an_invoice_with_a_payment_on_it_says_to_credit_it_instead() -> None:
    ledger = two_invoices()
    ledger.do(pay("P-1", "10.00", D(2026, 1, 5)))
    with pytest.raises(InvoiceNotCancellable, match="issue a credit note for its open amount"):
        ledger.do(CancelInvoice(invoice_id="INV-A", on=D(2026, 2, 3), reason="wrong customer"))


def test_cancelling_a_credited_invoice_is_refused() -> None:
    ledger = two_invoices()
    ledger.do(credit("CN-1", ("INV-A", "10.00")))
    with pytest.raises(InvoiceNotCancellable):
        ledger.do(CancelInvoice(invoice_id="INV-A", on=D(2026, 2, 3), reason="wrong customer"))


def test_a_due_date_change_is_recorded_with_the_previous_date_and_moves_the_aging() -> None:
    ledger = two_invoices()
    facts = ledger.do(
        ChangeDueDate(
            invoice_id="INV-A", due_date=D(2026, 3, 31), on=D(2026, 2, 5), reason="agreed"
        )
    )
    assert facts == [
        DueDateChanged(
            invoice_id="INV-A",
            due_date=D(2026, 3, 31),
            previous_due_date=D(2026, 1, 31),
            on=D(2026, 2, 5),
            reason="agreed",
        )
    ]
    assert ledger.account.item("INV-A").due_date == D(2026, 3, 31)
    with pytest.raises(DueDateBeforeIssueDate):
        ledger.do(
            ChangeDueDate(invoice_id="INV-A", due_date=D(2025, 12, 1), on=D(2026, 2, 5), reason="x")
        )


def test_a_debit_note_adds_principal_and_takes_the_customer_terms_for_its_due_date() -> None:
    ledger = Ledger(terms={"net_days": 30})
    ledger.do(
        RaiseCharge(
            charge_id="DN-1",
            kind="debit_note",
            amount=money("80.00"),
            booked_on=D(2026, 4, 1),
            reason="freight re-billed",
        )
    )
    assert ledger.account.item("DN-1").due_date == D(2026, 5, 1)
    assert ledger.balance() == Decimal("80.00")


def test_an_invoice_without_due_date_or_terms_is_refused() -> None:
    with pytest.raises(DueDateUnknown, match="no due date"):
        Ledger().do(invoice("INV-1", "10.00", D(2026, 1, 1)))


def test_a_write_off_clears_the_open_balance_of_a_currency_as_bad_debt() -> None:
    ledger = two_invoices()
    ledger.do(pay("P-1", "300.00", D(2026, 3, 1)))
    ledger.do(WriteOff(write_off_id="WO-1", on=D(2026, 6, 1), reason="insolvent", currency="CNY"))
    assert ledger.balance() == 0
    assert [(e.kind, e.credit) for e in ledger.account.journal[-2:]] == [
        ("write_off", Decimal("700.00")),
        ("write_off", Decimal("500.00")),
    ]
    with pytest.raises(NothingToWriteOff, match="nothing is open in CNY"):
        ledger.do(WriteOff(write_off_id="WO-2", on=D(2026, 6, 2), reason="again", currency="CNY"))


def test_a_refund_pays_back_unapplied_cash_and_no_more() -> None:
    ledger = two_invoices()
    ledger.do(pay("P-1", "1600.00", D(2026, 3, 1)))
    with pytest.raises(RefundExceedsUnapplied, match=r"exceeds the 100\.00 CNY unapplied"):
        ledger.do(
            RefundUnappliedCredit(
                refund_id="RF-1",
                source_id="P-1",
                amount=money("100.01"),
                on=D(2026, 3, 2),
                reason="overpaid",
            )
        )
    ledger.do(
        RefundUnappliedCredit(
            refund_id="RF-1",
            source_id="P-1",
            amount=money("100.00"),
            on=D(2026, 3, 2),
            reason="overpaid",
        )
    )
    assert ledger.unapplied() == 0 and ledger.balance() == 0


def test_nothing_is_booked_on_an_account_that_was_never_opened() -> None:
    account = new_account("C-9")
    with pytest.raises(AccountNotOpened, match="C-9 is not open"):
        decide(account, invoice("INV-1", "10.00", D(2026, 1, 1), D(2026, 2, 1)), CONTEXT)


def test_an_account_in_a_jurisdiction_without_a_pack_is_refused() -> None:
    settings = AccountSettings.model_construct(jurisdiction="xx")
    with pytest.raises(UnknownJurisdiction, match="known: cn, eu, uk, us"):
        decide(new_account("C-9"), OpenAccount(settings=settings, on=D(2026, 1, 1)), CONTEXT)


def test_a_contract_margin_over_a_reference_rate_is_refused_where_the_pack_has_none() -> None:
    with pytest.raises(ContractNeedsReferenceRate, match="this pack publishes none"):
        Ledger(jurisdiction="us", contract={"margin_over_reference": "4"})
