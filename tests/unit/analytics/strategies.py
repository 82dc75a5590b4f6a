"""Random but consistent receivable histories: no invoice is ever reduced below zero."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import strategies as st

from services.analytics.domain.facts import (
    DebtorAssigned,
    DueDateChanged,
    DunningStepTaken,
    Fact,
    HandedOver,
    InvoiceAdjusted,
    InvoiceCancelled,
    InvoiceIssued,
    MessageSent,
    PaymentApplied,
    PaymentReversed,
)
from shared.contracts.money import Money, minor_units

START = dt.date(2025, 10, 1)
CUSTOMERS = ("C-1", "C-2", "C-3")
CURRENCIES = ("CNY", "USD", "JPY")
REDUCTIONS = ("payment", "credit_note", "cancellation", "write_off", "open")
days = st.integers(min_value=0, max_value=420).map(lambda n: START + dt.timedelta(days=n))


def later(draw: st.DrawFn, after: dt.date, most: int = 200) -> dt.date:
    return after + dt.timedelta(days=draw(st.integers(min_value=0, max_value=most)))


def _reductions(draw: st.DrawFn, invoice: InvoiceIssued, units: int) -> list[Fact]:
    cuts = sorted(draw(st.sets(st.integers(1, max(units - 1, 1)), max_size=4)) | {units})
    pieces = [b - a for a, b in zip([0, *cuts], cuts, strict=False) if b > a]
    out: list[Fact] = []
    for n, piece in enumerate(pieces):
        kind = draw(st.sampled_from(REDUCTIONS))
        money = Money(
            amount=Decimal(piece).scaleb(-minor_units(invoice.amount.currency)),
            currency=invoice.amount.currency,
        )
        on = later(draw, invoice.issue_date)
        tag = f"{invoice.invoice_id}/{n}"
        if kind == "payment":
            paid = PaymentApplied(
                fact_id=f"pay/{tag}",
                payment_id=f"P/{tag}",
                invoice_id=invoice.invoice_id,
                amount=money,
                value_date=on,
            )
            out.append(paid)
            if draw(st.booleans()) and draw(st.booleans()):
                out.append(
                    PaymentReversed(
                        fact_id=f"bounce/{tag}",
                        payment_id=paid.payment_id,
                        invoice_id=invoice.invoice_id,
                        effective_on=later(draw, on, 30),
                    )
                )
        elif kind != "open":
            out.append(
                InvoiceAdjusted.model_validate(
                    {
                        "fact_id": f"adj/{tag}",
                        "invoice_id": invoice.invoice_id,
                        "reason": kind,
                        "amount": money,
                        "effective_on": on,
                    }
                )
            )
    return out


@st.composite
def invoice_history(draw: st.DrawFn, number: int) -> list[Fact]:
    currency = draw(st.sampled_from(CURRENCIES))
    units = draw(st.integers(min_value=1, max_value=10**7))
    issued = draw(days)
    invoice = InvoiceIssued(
        fact_id=f"issue/I{number}",
        invoice_id=f"I{number}",
        customer_id=draw(st.sampled_from(CUSTOMERS)),
        amount=Money(amount=Decimal(units).scaleb(-minor_units(currency)), currency=currency),
        issue_date=issued,
        due_date=later(draw, issued, 90),
    )
    facts: list[Fact] = [invoice]
    if draw(st.integers(0, 4)) == 0:  # cancelled: the ledger cancels only untouched invoices
        on = later(draw, issued)
        facts.append(InvoiceCancelled(fact_id=f"cancel/I{number}", invoice_id=f"I{number}",
                                      effective_on=on))  # fmt: skip
    else:
        facts.extend(_reductions(draw, invoice, units))
    for k in range(draw(st.integers(min_value=0, max_value=2))):
        facts.append(
            DueDateChanged(
                fact_id=f"due/I{number}/{k}",
                invoice_id=invoice.invoice_id,
                due_date=later(draw, issued, 120),
                effective_on=later(draw, issued, 100),
            )
        )
    return facts


@st.composite
def touch(draw: st.DrawFn, number: int) -> Fact:
    customer = draw(st.sampled_from(CUSTOMERS))
    on = draw(days)
    match draw(st.sampled_from(("step", "message", "handover"))):
        case "step":
            return DunningStepTaken(
                fact_id=f"step/{number}", customer_id=customer, level=number % 4, taken_on=on
            )
        case "message":
            at = dt.datetime(on.year, on.month, on.day, draw(st.integers(0, 23)), tzinfo=dt.UTC)
            return MessageSent(
                fact_id=f"sent/{number}",
                customer_id=customer,
                template=draw(st.sampled_from(("reminder", "demand"))),
                template_version="1",
                channel=draw(st.sampled_from(("email", "sms"))),
                sent_at=at,
            )
        case _:
            return HandedOver(fact_id=f"ho/{number}", customer_id=customer, to="agency", on=on)


@st.composite
def assignment(draw: st.DrawFn, number: int) -> Fact:
    return DebtorAssigned(
        fact_id=f"assign/{number}",
        customer_id=draw(st.sampled_from(CUSTOMERS)),
        dimension="collector",
        value=draw(st.sampled_from(("li", "wang", "zhao"))),
        effective_on=draw(days),
    )


@st.composite
def histories(draw: st.DrawFn) -> list[Fact]:
    count = draw(st.integers(min_value=1, max_value=8))
    facts: list[Fact] = []
    for number in range(count):
        facts.extend(draw(invoice_history(number)))
    for number in range(draw(st.integers(min_value=0, max_value=6))):
        facts.append(draw(touch(number)))
    for number in range(draw(st.integers(min_value=0, max_value=6))):
        facts.append(draw(assignment(number)))
    return facts


def effective(fact: Fact) -> dt.date:
    """The business date a fact takes effect on."""
    match fact:
        case InvoiceIssued():
            return fact.issue_date
        case PaymentApplied():
            return fact.value_date
        case DunningStepTaken():
            return fact.taken_on
        case MessageSent():
            return fact.sent_at.date()
        case HandedOver():
            return fact.on
        case (
            PaymentReversed()
            | InvoiceAdjusted()
            | InvoiceCancelled()
            | DueDateChanged()
            | DebtorAssigned()
        ):
            return fact.effective_on
    raise AssertionError(f"no effective date for {fact.kind}")
