"""Late interest held back because the pack's reference-rate table ends before today.

A rate table is trusted only up to its ``published_through`` day (``rates.py``). For the
days after it, the interest job books nothing and guesses no rate; this says, per invoice,
from which day interest is withheld and why, so the account view shows it until the
pack's table is brought up to date (the next run then books the withheld days).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from pydantic import BaseModel, ConfigDict

from services.invoicing.domain.ledger.account import Account
from services.invoicing.domain.ledger.interest import (
    first_day_of_delay,
    principal_on,
    principal_steps,
    standing_allocations,
)
from services.invoicing.domain.ledger.rate_plans import DAY, plans_in_force, published_until
from services.invoicing.domain.ledger.rates import JurisdictionPack


class WithheldInterest(BaseModel):
    """Interest on ``invoice_id`` from ``since`` on is not booked: ``reason`` says why."""

    model_config = ConfigDict(frozen=True)

    invoice_id: str
    since: dt.date
    reason: str


def withheld_interest(
    account: Account, pack_of: Callable[[str], JurisdictionPack], today: dt.date
) -> tuple[WithheldInterest, ...]:
    """Each invoice still owing principal after the last day the rate tables cover, when
    that day is before today (an account without settings or tables withholds nothing)."""
    if account.settings is None:
        return ()
    plans = plans_in_force(account, pack_of)[-1:]  # the rate in force now
    ends = published_until(plans)
    if ends is None or ends >= today:
        return ()
    reason = f"no published reference rate after {ends - DAY}"
    standing = standing_allocations(account)
    found = []
    for invoice in (i for i in account.items.values() if i.kind == "invoice"):
        since = max(ends, first_day_of_delay(invoice))
        if invoice.cancelled_on is not None or account.track(invoice.item_id).waived_on:
            continue
        steps = principal_steps(invoice, standing.get(invoice.item_id, []))
        if since < today and principal_on(steps, since) > 0:
            found.append(WithheldInterest(invoice_id=invoice.item_id, since=since, reason=reason))
    return tuple(found)
