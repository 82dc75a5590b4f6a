"""When to look at a debtor again without any new fact: the durable review timer.

The next moment something can change on the clock alone: a promise's or an instalment's
deadline passing, the next level's days-past-due threshold, the end of a hardship hold,
a limitation warning. One timer per debtor, re-scheduled by every decision (its id is
stable, so scheduling again replaces the due time).
"""

from __future__ import annotations

import datetime as dt

from services.collections.domain.actions import Context
from services.collections.domain.model import Debtor
from services.collections.domain.standing import Standing, start_of
from shared.kernel.timer import Timer

TIMER_KIND = "debtor_review"
ONE_DAY = dt.timedelta(days=1)


def review_timer_id(customer_id: str) -> str:
    return f"review:{customer_id}"


def next_steps(debtor: Debtor, ctx: Context) -> list[tuple[dt.date, str]]:
    """Days after today on which the rules could decide something new, with what it is."""
    return list(ctx.standing(debtor).memo(_next_steps))


def _next_steps(standing: Standing) -> tuple[tuple[dt.date, str], ...]:
    debtor, policy, today = standing.debtor, standing.policy, standing.today
    days: list[tuple[dt.date | None, str]] = []
    if debtor.promise:
        days.append((debtor.promise.deadline + ONE_DAY, f"promise {debtor.promise.promise_id} due"))
    plan = debtor.plan
    if plan and plan.settled < len(plan.instalments):
        due = plan.instalments[plan.settled]
        after = due.due_on + dt.timedelta(days=plan.grace_days) + ONE_DAY
        days.append((after, f"instalment {due.number} of plan {plan.plan_id} due"))
    if not (debtor.promise or debtor.plan or debtor.written_off):
        upcoming = policy.level(debtor.level + 1)
        days.append((standing.next_level_day(), f"level {upcoming.name}" if upcoming else "level"))
    if debtor.plan_offered_on:
        hold = policy.branch(debtor.classification).hold_days
        days.append((debtor.plan_offered_on + dt.timedelta(days=hold), "hardship hold ends"))
    for invoice in debtor.invoices_by_due_date():
        if invoice.owing:
            warn = standing.limitation_warn_day(invoice)
            days.append((warn, f"limitation warning for {invoice.invoice_id}"))
    return tuple(sorted((d, what) for d, what in days if d is not None and d > today))


def next_review_day(debtor: Debtor, ctx: Context) -> dt.date | None:
    steps = next_steps(debtor, ctx)
    return steps[0][0] if steps else None


def review_timer(debtor: Debtor, ctx: Context) -> Timer | None:
    day = next_review_day(debtor, ctx)
    if day is None:
        return None
    return Timer(
        timer_id=review_timer_id(debtor.customer_id),
        kind=TIMER_KIND,
        aggregate_id=debtor.customer_id,
        due_at=start_of(day, ctx.policy),
        payload={"customer_id": debtor.customer_id},
    )
