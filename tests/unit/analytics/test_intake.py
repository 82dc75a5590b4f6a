"""Which facts each followed event tells, on which business day, with which id."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from services.analytics.domain.facts import (
    DebtorAssigned,
    DueDateChanged,
    DunningStepTaken,
    InvoiceAdjusted,
    InvoiceIssued,
    MessageSent,
    PaymentApplied,
    PaymentReversed,
    PromiseMade,
)
from services.analytics.domain.intake import facts_of
from shared.contracts import collections as c
from shared.contracts import customers as cu
from shared.contracts import invoicing as inv
from shared.contracts import notifications as n
from tests.integration.analytics.history import cny, event

SHANGHAI = ZoneInfo("Asia/Shanghai")
LATE_EVENING_UTC = dt.datetime(2026, 3, 9, 17, 30, tzinfo=dt.UTC)  # 01:30 on the 10th there


def test_a_moment_takes_its_business_day_and_a_named_day_is_kept() -> None:
    step = event(
        c.DunningLevelReached,
        LATE_EVENING_UTC,
        "C-1",
        customer_id="C-1",
        level=2,
        state="overdue",
        overdue=cny("10.00"),
        policy_version="v",
        rule="r",
    )
    paid = event(
        inv.PaymentReceived,
        LATE_EVENING_UTC,
        "inv-1",
        payment_id="P-1",
        invoice_id="inv-1",
        customer_id="C-1",
        amount=cny("10.00"),
        value_date=dt.date(2026, 3, 1),
        outstanding=cny("0"),
    )

    (taken,) = facts_of(step, SHANGHAI)
    (applied,) = facts_of(paid, SHANGHAI)

    assert isinstance(taken, DunningStepTaken) and taken.taken_on == dt.date(2026, 3, 10)
    assert taken.fact_id == str(step.event_id)  # a redelivery folds nothing new
    assert isinstance(applied, PaymentApplied) and applied.value_date == dt.date(2026, 3, 1)


def test_each_followed_family_tells_its_fact() -> None:
    at = LATE_EVENING_UTC
    issued = event(
        inv.InvoiceIssued,
        at,
        "inv-1",
        invoice_id="inv-1",
        customer_id="C-1",
        external_number="INV-1",
        amount=cny("99.00"),
        issue_date=dt.date(2026, 3, 1),
        due_date=dt.date(2026, 3, 31),
    )
    sent = event(
        n.NotificationSent,
        at,
        "n-1",
        request_id="r-1",
        customer_id="C-1",
        channel="sms",
        template="overdue_reminder_2",
        template_version="",
        masked_address="+86***",
        addressee_role="accounts",
        sent_at=at,
        provider_result="ok",
        content_sha256="0" * 64,
    )
    promised = event(
        c.PromiseMade,
        at,
        "C-1",
        promise_id="p-1",
        customer_id="C-1",
        amount=cny("50.00"),
        due_on=dt.date(2026, 3, 20),
        channel="phone",
        taken_by="",
    )
    registered = event(
        cu.CustomerRegistered,
        at,
        "C-1",
        customer_id="C-1",
        jurisdiction="cn",
        currency="CNY",
        segment="key_account",
    )
    unnamed = registered.model_copy(update={"segment": ""})
    settled = event(
        inv.InvoiceSettled,
        at,
        "inv-1",
        invoice_id="inv-1",
        customer_id="C-1",
        settled_on=dt.date(2026, 3, 9),
    )

    (invoice,) = facts_of(issued, SHANGHAI)
    (message,) = facts_of(sent, SHANGHAI)
    (promise,) = facts_of(promised, SHANGHAI)
    (segment,) = facts_of(registered, SHANGHAI)

    assert isinstance(invoice, InvoiceIssued) and invoice.amount == cny("99.00")
    assert isinstance(message, MessageSent)
    assert (message.channel, message.template, message.template_version) == (
        "sms",
        "overdue_reminder_2",
        "-",
    )
    assert isinstance(promise, PromiseMade) and promise.taken_by == "-"  # never refused
    assert isinstance(segment, DebtorAssigned) and segment.value == "key_account"
    assert facts_of(unnamed, SHANGHAI) == []  # no segment named: nothing assigned
    assert facts_of(settled, SHANGHAI) == []  # the payments tell it already


def test_the_ledgers_balance_changes_reach_the_book() -> None:
    at, common = LATE_EVENING_UTC, {"invoice_id": "inv-1", "customer_id": "C-1"}
    credited = event(
        inv.InvoiceCredited,
        at,
        "C-1",
        **common,
        outstanding=cny("60.00"),
        credit_note_id="CN-1",
        amount=cny("40.00"),
        issued_on=dt.date(2026, 3, 5),
    )
    written = event(
        inv.InvoiceWrittenOff,
        at,
        "C-1",
        **common,
        outstanding=cny("0"),
        write_off_id="W-1",
        amount=cny("60.00"),
        written_off_on=dt.date(2026, 3, 8),
    )
    reversed_ = event(
        inv.PaymentReversed,
        at,
        "C-1",
        **common,
        outstanding=cny("10.00"),
        payment_id="P-1",
        reversal_id="R-1",
        amount=cny("10.00"),
        reversed_on=dt.date(2026, 3, 6),
    )
    moved = event(
        inv.InvoiceDueDateChanged,
        at,
        "C-1",
        **common,
        outstanding=cny("10.00"),
        due_date=dt.date(2026, 4, 30),
        previous_due_date=dt.date(2026, 3, 31),
        changed_on=dt.date(2026, 3, 7),
    )

    (credit,) = facts_of(credited, SHANGHAI)
    (write_off,) = facts_of(written, SHANGHAI)
    (bounce,) = facts_of(reversed_, SHANGHAI)
    (due,) = facts_of(moved, SHANGHAI)

    assert isinstance(credit, InvoiceAdjusted) and isinstance(write_off, InvoiceAdjusted)
    assert (credit.reason, credit.amount, credit.effective_on) == (
        "credit_note",
        cny("40.00"),
        dt.date(2026, 3, 5),
    )
    assert (write_off.reason, write_off.effective_on) == ("write_off", dt.date(2026, 3, 8))
    assert isinstance(bounce, PaymentReversed) and bounce.payment_id == "P-1"
    assert isinstance(due, DueDateChanged) and due.due_date == dt.date(2026, 4, 30)
    assert due.effective_on == dt.date(2026, 3, 7)
