"""Decisions about money: payments, held credit, refunds and bounced payments."""

from __future__ import annotations

from services.invoicing.domain.ledger.account import Account
from services.invoicing.domain.ledger.allocation import Planner
from services.invoicing.domain.ledger.commands import (
    ApplyUnappliedCredit,
    ReceivePayment,
    RefundUnappliedCredit,
    ReversePayment,
)
from services.invoicing.domain.ledger.context import LedgerContext
from services.invoicing.domain.ledger.errors import (
    NotAPayment,
    NothingToAllocate,
    NoUnappliedCredit,
    PaymentAlreadyReversed,
    PaymentPartlyRefunded,
    RefundExceedsUnapplied,
    ReversalOfReversal,
)
from services.invoicing.domain.ledger.facts import (
    LedgerFact,
    PaymentReceived,
    PaymentReversed,
    UnappliedCreditRefunded,
)
from services.invoicing.domain.ledger.model import ZERO, Line, money
from services.invoicing.domain.ledger.rules import (
    check_lines,
    check_not_before,
    check_not_in_future,
    check_positive,
    check_same_currency,
    done_before,
    resent,
)
from services.invoicing.domain.ledger.settlement import credit_applied, discount_notes


def receive_payment(
    account: Account, cmd: ReceivePayment, context: LedgerContext
) -> list[LedgerFact]:
    settings = account.require_settings()
    amount = check_positive(cmd.amount, f"payment {cmd.payment_id}")
    currency = cmd.amount.currency
    earlier = account.sources.get(cmd.payment_id)
    if earlier is not None and resent(
        (earlier.kind, earlier.amount, earlier.on) == ("payment", amount, cmd.value_date),
        cmd.payment_id,
    ):
        return []
    check_not_in_future(cmd.value_date, context, f"payment {cmd.payment_id} value date")
    planner = Planner(
        account, context.pack(settings.jurisdiction).within_debt_order, currency, cmd.value_date
    )
    if cmd.allocations is None:
        plan = planner.by_rule(amount, settings.allocation_rule, cmd.reference)
    else:
        check_lines(cmd.allocations, currency)
        plan = planner.explicit(amount, cmd.allocations)
    received = PaymentReceived(
        payment_id=cmd.payment_id,
        amount=cmd.amount,
        value_date=cmd.value_date,
        reference=cmd.reference,
        applied=plan.lines,
    )
    notes = discount_notes(account, plan, cmd.value_date, cmd.payment_id, (cmd.payment_id,))
    return [received, *notes]


def apply_unapplied_credit(
    account: Account, cmd: ApplyUnappliedCredit, context: LedgerContext
) -> list[LedgerFact]:
    settings = account.require_settings()
    if f"application:{cmd.application_id}" in account.operations:
        return []
    check_not_in_future(cmd.on, context, f"application {cmd.application_id}")
    if cmd.source_id is not None:
        named = account.source(cmd.source_id)
        check_same_currency(cmd.currency, named.currency, f"{named.kind} {named.source_id}")
    sources = [
        s
        for s in account.credit_available(cmd.currency)
        if s.on <= cmd.on and cmd.source_id in (None, s.source_id)
    ]
    available = sum((s.unapplied for s in sources), ZERO)
    if available <= 0:
        raise NoUnappliedCredit(f"no unapplied {cmd.currency} credit held on {cmd.on} to apply")
    planner = Planner(
        account, context.pack(settings.jurisdiction).within_debt_order, cmd.currency, cmd.on
    )
    if cmd.allocations is not None:
        check_lines(cmd.allocations, cmd.currency)
        plan = planner.explicit(available, cmd.allocations)
    else:
        rule = cmd.rule or settings.allocation_rule
        plan = planner.by_rule(available, "oldest_due_first" if rule == "manual" else rule, None)
    if not plan.lines:
        raise NothingToAllocate(f"nothing in {cmd.currency} is open to apply credit to")
    return credit_applied(account, plan, sources, cmd.application_id, cmd.on, cmd.currency)


def refund_unapplied_credit(
    account: Account, cmd: RefundUnappliedCredit, context: LedgerContext
) -> list[LedgerFact]:
    account.require_settings()
    amount = check_positive(cmd.amount, f"refund {cmd.refund_id}")
    earlier = account.refunds.get(cmd.refund_id)
    if earlier is not None and resent(
        (earlier.source_id, earlier.amount, earlier.on) == (cmd.source_id, amount, cmd.on),
        f"refund {cmd.refund_id}",
    ):
        return []
    source = account.source(cmd.source_id)
    check_same_currency(source.currency, cmd.amount.currency, f"refund {cmd.refund_id}")
    check_not_before(cmd.on, source.on, f"refund {cmd.refund_id}")
    check_not_in_future(cmd.on, context, f"refund {cmd.refund_id}")
    if source.reversed_on is not None:
        raise PaymentAlreadyReversed(f"{source.source_id} was reversed on {source.reversed_on}")
    if amount > source.unapplied:
        raise RefundExceedsUnapplied(
            f"refund of {cmd.amount} exceeds the {source.unapplied} {source.currency} "
            f"unapplied on {source.source_id}"
        )
    refunded = UnappliedCreditRefunded(
        refund_id=cmd.refund_id,
        source_id=cmd.source_id,
        amount=cmd.amount,
        on=cmd.on,
        reason=cmd.reason,
    )
    return [refunded]


def reverse_payment(
    account: Account, cmd: ReversePayment, context: LedgerContext
) -> list[LedgerFact]:
    account.require_settings()
    if done_before(account, f"reversal:{cmd.reversal_id}", cmd.payment_id):
        return []
    if f"reversal:{cmd.payment_id}" in account.operations:
        raise ReversalOfReversal(
            f"{cmd.payment_id} is a reversal; a reversal is never reversed: book the money again"
        )
    payment = account.source(cmd.payment_id)
    if payment.kind != "payment":
        raise NotAPayment(f"{payment.source_id} is a credit note: undo it with a debit note")
    if payment.reversed_on is not None:
        raise PaymentAlreadyReversed(f"{payment.source_id} was reversed on {payment.reversed_on}")
    if payment.refunded > 0:
        raise PaymentPartlyRefunded(
            f"{payment.refunded} {payment.currency} of {payment.source_id} was refunded: "
            "a refunded payment cannot bounce; raise a debit note for the difference"
        )
    check_not_before(cmd.on, payment.on, f"reversal {cmd.reversal_id}")
    check_not_in_future(cmd.on, context, f"reversal {cmd.reversal_id}")
    undone: dict[str, Line] = {}
    for allocation in account.allocations:
        mine = allocation.kind == "payment" and allocation.source_id == payment.source_id
        if mine and allocation.reversed_on is None:
            prior = undone.get(allocation.item_id)
            total = allocation.amount + (prior.amount if prior else ZERO)
            undone[allocation.item_id] = Line(item_id=allocation.item_id, amount=total)
    discounts = sorted(
        s.source_id
        for s in account.sources.values()
        if s.cause == "early_payment_discount"
        and s.reversed_on is None
        and payment.source_id in s.payment_ids
    )
    reversed_ = PaymentReversed(
        reversal_id=cmd.reversal_id,
        payment_id=payment.source_id,
        amount=money(payment.amount, payment.currency),
        on=cmd.on,
        reason=cmd.reason,
        undone=tuple(undone.values()),
        credit_notes_reversed=tuple(discounts),
    )
    return [reversed_]
