"""Booking late interest and fixed compensation, once per invoice and period, and waivers.

The period key: interest of invoice X is booked for [from, to) where ``from`` is where
the last booking ended (the first day of delay at first) and ``to`` the run's
``through``; the charge id is ``interest:X:from:to``. What is booked is the interest
owed from the first day of delay to ``to``, rounded once, less what was booked before.
So a run repeated with the same ``through``, or run concurrently on the same account
version (the loser's append fails the version check and, re-run, finds nothing), books
one charge; interest is not lost when the principal was paid before the run; and a
backdated fact (a bounced payment, an earlier value date) is put right in the next
run, by a further charge or by an interest-correction credit note.
Fixed compensation is one charge per invoice (``compensation:X``), booked by the first
run that finds the invoice paid late, sized by the principal overdue on its first day of
delay (the uk bands).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from services.invoicing.domain.ledger.account import Account
from services.invoicing.domain.ledger.commands import AccrueInterest, WaiveInterest
from services.invoicing.domain.ledger.context import LedgerContext
from services.invoicing.domain.ledger.errors import (
    InterestAlreadyWaived,
    InterestThroughInFuture,
    RateNotPublished,
    UnknownItem,
)
from services.invoicing.domain.ledger.facts import (
    ChargeBooked,
    InterestCharged,
    InterestCorrected,
    InterestWaived,
    LedgerFact,
)
from services.invoicing.domain.ledger.interest import (
    Steps,
    first_day_of_delay,
    principal_on,
    principal_steps,
    segments,
    standing_allocations,
    total_interest,
)
from services.invoicing.domain.ledger.model import DebitItem, Line, money, rounded
from services.invoicing.domain.ledger.rate_plans import (
    DAY,
    Plans,
    labels,
    plans_in_force,
    published_until,
)
from services.invoicing.domain.ledger.rates import JurisdictionPack
from services.invoicing.domain.ledger.rules import check_not_in_future, done_before


def accrue_interest(
    account: Account, cmd: AccrueInterest, context: LedgerContext
) -> list[LedgerFact]:
    settings = account.require_settings()
    if cmd.through > context.today:
        raise InterestThroughInFuture(
            f"interest through {cmd.through} would book days after today ({context.today})"
        )
    pack = context.pack(settings.jurisdiction)
    plans = plans_in_force(account, context.pack)
    accrues = any(plan is not None for _, plan in plans)
    standing = standing_allocations(account)
    facts: list[LedgerFact] = []
    for invoice in _invoices(account, cmd.invoice_ids):
        first = first_day_of_delay(invoice)
        track = account.track(invoice.item_id)
        if invoice.cancelled_on is not None or track.waived_on is not None or cmd.through <= first:
            continue
        steps = principal_steps(invoice, standing.get(invoice.item_id, []))
        if accrues and (track.through is None or track.through < cmd.through):
            facts.extend(_interest_within_published(account, invoice, steps, plans, cmd))
        if not track.compensation_booked:
            facts.extend(_compensation(account, invoice, steps, pack, cmd.through))
    return facts


def _interest_within_published(
    account: Account, invoice: DebitItem, steps: Steps, plans: Plans, cmd: AccrueInterest
) -> list[LedgerFact]:
    """Interest through ``cmd.through``; for the job, only up to the rate table's end when
    the table stops before it (never a guessed rate, never a silent zero: what is held
    back is shown by :func:`withheld_interest`)."""
    try:
        return _interest(account, invoice, steps, plans, cmd.through)
    except RateNotPublished:
        last = published_until(plans)
        start = account.track(invoice.item_id).through or first_day_of_delay(invoice)
        if not cmd.up_to_published or last is None or last <= start:
            if cmd.up_to_published:
                return []
            raise
        return _interest(account, invoice, steps, plans, min(last, cmd.through))


def _interest(
    account: Account, invoice: DebitItem, steps: Steps, plans: Plans, through: dt.date
) -> list[LedgerFact]:
    track = account.track(invoice.item_id)
    first = first_day_of_delay(invoice)
    accrued = rounded(
        total_interest(segments(invoice, steps, plans, first, through)), invoice.currency
    )
    due = accrued - track.booked
    start = track.through or first
    if due > 0:
        charge = InterestCharged(
            charge_id=f"interest:{invoice.item_id}:{start}:{through}",
            invoice_id=invoice.item_id,
            amount=money(due, invoice.currency),
            booked_on=through - DAY,
            period_from=start,
            period_to=through,
            segments=tuple(segments(invoice, steps, plans, start, through)),
            accrued_to_date=money(accrued, invoice.currency),
            booked_before=money(track.booked, invoice.currency),
            basis=labels(plans, start, through),
        )
        return [charge]
    if due < 0:
        return [_correction(account, invoice, -due, accrued, through)]
    return []


def _correction(
    account: Account, invoice: DebitItem, amount: Decimal, accrued: Decimal, through: dt.date
) -> InterestCorrected:
    """Booked interest exceeds what is owed: credit the difference on the latest charges."""
    track = account.track(invoice.item_id)
    left = amount
    applied = []
    charges = [c for c in account.charges_of(invoice.item_id) if c.kind == "interest"]
    for charge in sorted(charges, key=lambda c: (c.booked_on, c.item_id), reverse=True):
        take = min(left, charge.open)
        if take > 0:
            applied.append(Line(item_id=charge.item_id, amount=take))
            left -= take
    return InterestCorrected(
        credit_note_id=f"interest-correction:{invoice.item_id}:{through}",
        invoice_id=invoice.item_id,
        amount=money(amount, invoice.currency),
        booked_on=through - DAY,
        period_to=through,
        applied=tuple(applied),
        accrued_to_date=money(accrued, invoice.currency),
        booked_before=money(track.booked, invoice.currency),
    )


def _compensation(
    account: Account, invoice: DebitItem, steps: Steps, pack: JurisdictionPack, through: dt.date
) -> list[LedgerFact]:
    settings = account.require_settings()
    first = first_day_of_delay(invoice)
    overdue = principal_on(steps, first)
    if overdue <= 0:
        return []
    contract = settings.contract
    if contract is not None and contract.compensation is not None:
        if contract.compensation.currency != invoice.currency:
            return []
        amount = contract.compensation.amount
        source = contract.clause
    elif contract is None or contract.statutory_compensation:
        found = pack.compensation_for(overdue, invoice.currency)
        if found is None:
            return []
        amount, source = found, pack.compensation_source or f"pack {pack.pack}"
    else:
        return []
    charge = ChargeBooked(
        charge_id=f"compensation:{invoice.item_id}",
        kind="compensation",
        amount=money(amount, invoice.currency),
        booked_on=through - DAY,
        due_date=through - DAY,
        invoice_id=invoice.item_id,
        reason=f"fixed compensation for late payment ({source})",
    )
    return [charge]


def waive_interest(
    account: Account, cmd: WaiveInterest, context: LedgerContext
) -> list[LedgerFact]:
    account.require_settings()
    if done_before(account, f"waiver:{cmd.waiver_id}", cmd.invoice_id):
        return []
    invoice = _invoices(account, (cmd.invoice_id,))[0]
    check_not_in_future(cmd.on, context, f"waiver {cmd.waiver_id}")
    track = account.track(invoice.item_id)
    if track.waived_on is not None:
        raise InterestAlreadyWaived(
            f"interest on {invoice.item_id} was already waived on {track.waived_on}"
        )
    charges = account.charges_of(invoice.item_id)
    lines = tuple(
        Line(item_id=c.item_id, amount=c.open)
        for c in charges
        if c.kind in ("interest", "compensation") and c.open > 0
    )
    waived = InterestWaived(
        waiver_id=cmd.waiver_id,
        invoice_id=invoice.item_id,
        currency=invoice.currency,
        on=cmd.on,
        by=cmd.by,
        reason=cmd.reason,
        lines=lines,
    )
    return [waived]


def _invoices(account: Account, ids: tuple[str, ...]) -> list[DebitItem]:
    if not ids:
        return [i for i in account.items.values() if i.kind == "invoice"]
    found = [account.item(i) for i in ids]
    for item in found:
        if item.kind != "invoice":
            raise UnknownItem(f"{item.item_id} is a {item.kind.replace('_', ' ')}, not an invoice")
    return found
