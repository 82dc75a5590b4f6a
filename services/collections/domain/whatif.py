"""What-if: a debtor's recorded facts replayed through ``decide`` under another policy book.

A debtor's history holds two kinds of events: what collections was *told* (facts it
followed from invoicing, customers and notifications, and collectors' commands) and what
its rules *did* (levels, messages, demands, halts, escalations, tasks…). The replay turns
the first kind back into the commands that recorded them and runs them, at the instants
they were recorded, through the pure ``decide`` with the given book; the review timer each
decision asks for fires at its due instant, as the durable timer would. The steps of two
runs are then compared by what they are (type, rule, template or task), and by the
business day they were taken.

Pure: no I/O, no clock; nothing here sends or stores anything.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from services.collections.domain import commands as k
from services.collections.domain import events as own
from services.collections.domain.book import PolicyBook
from services.collections.domain.decide import decide
from services.collections.domain.state import fold, initial
from shared.contracts import Event, Money
from shared.contracts import collections as c
from shared.kernel.errors import DomainError
from shared.kernel.timer import Timer


def _fields(kind: type[BaseModel], event: Event, **extra: Any) -> dict[str, Any]:
    return {**event.model_dump(include=set(kind.model_fields)), **extra}


def _plan(event: Event) -> k.AgreePlan:
    assert isinstance(event, c.PaymentPlanAgreed)
    planned = [k.PlannedInstalment(due_on=i.due_on, amount=i.amount) for i in event.instalments]
    return k.AgreePlan.model_validate(_fields(k.AgreePlan, event, instalments=planned))


def _delivered(event: Event) -> k.RecordDemandDelivered:
    assert isinstance(event, c.DemandDelivered)  # the replay names its own demand's request
    return k.RecordDemandDelivered(
        customer_id=event.customer_id, request_id="", delivered_on=event.delivered_on
    )


def _as(kind: type[k.Command]) -> Callable[[Event], k.Command]:
    return lambda event: kind.model_validate(_fields(kind, event))


# Recorded event type → the command that recorded it (what collections was told).
TOLD: dict[type[Event], Callable[[Event], k.Command]] = {
    own.DebtorRegistered: _as(k.RegisterDebtor),
    own.DebtorInvoiceTracked: _as(k.TrackInvoice),
    own.DebtorPaymentApplied: _as(k.ApplyPayment),
    own.DebtorInvoiceClosed: _as(k.CloseInvoice),
    own.DebtorInvoiceOverdue: _as(k.RecordMissedPayment),
    own.DebtorRated: _as(k.RecordRating),
    c.PromiseMade: _as(k.MakePromise),
    c.PaymentPlanAgreed: _plan,
    c.SettlementOffered: _as(k.OfferSettlement),
    c.SettlementAccepted: _as(k.AcceptSettlement),
    c.InvoiceDisputed: _as(k.DisputeInvoice),
    c.DisputeResolved: _as(k.ResolveDispute),
    c.DebtorClassified: _as(k.ClassifyDebtor),
    c.DebtorWrittenOff: _as(k.WriteOff),
    c.CollectorTaskCompleted: _as(k.CompleteTask),
    c.CollectorTaskReassigned: _as(k.ReassignTask),
    c.ConversationRecorded: _as(k.RecordConversation),
    c.DemandDelivered: _delivered,
}
# Neither told nor a step: which policy decides is bookkeeping.
NOT_STEPS = (own.PolicyAssigned,)


class Step(BaseModel):
    """One thing the rules did, on a business day."""

    model_config = ConfigDict(frozen=True)

    type: str
    rule: str
    what: str
    on: dt.date
    level: int | None = None
    policy_version: str = ""
    amount: Money | None = None

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.type, self.rule, self.what)


class Difference(BaseModel):
    model_config = ConfigDict(frozen=True)

    change: Literal["added", "removed", "moved"]
    step: Step
    was_on: dt.date | None = None  # a moved step's day before


class Replayed(BaseModel):
    model_config = ConfigDict(frozen=True)

    steps: tuple[Step, ...]
    refused: tuple[str, ...]  # told commands the replayed debtor refused, with the rule


def told(history: Sequence[Event]) -> list[tuple[dt.datetime, k.Command]]:
    """The commands that recorded the told facts, with the instants they were recorded."""
    out = []
    for event in history:
        make = TOLD.get(type(event))
        if make is not None:
            out.append((event.occurred_at, make(event)))
    return out


def step_of(event: Event, zone: dt.tzinfo) -> Step | None:
    if type(event) in TOLD or isinstance(event, NOT_STEPS):
        return None
    what = getattr(event, "template", None) or getattr(event, "task", None) or ""
    amount = getattr(event, "overdue", None) or getattr(event, "total_outstanding", None)
    return Step(
        type=event.type,
        rule=str(getattr(event, "rule", "")),
        what=str(what),
        on=event.occurred_at.astimezone(zone).date(),
        level=getattr(event, "level", None),
        policy_version=str(getattr(event, "policy_version", "")),
        amount=amount if isinstance(amount, Money) else None,
    )


def steps_of(history: Sequence[Event], zone: dt.tzinfo) -> list[Step]:
    return [s for s in (step_of(e, zone) for e in history) if s is not None]


def replay(
    customer_id: str,
    history: Sequence[Event],
    book: PolicyBook,
    until: dt.datetime,
    zone: dt.tzinfo,
) -> Replayed:
    """Run the told commands of ``history`` (and the review timers they lead to, up to
    ``until``) through ``decide`` with ``book``; the steps the rules took."""
    state, timer = initial(customer_id), None
    made: list[Event] = []
    refused: list[str] = []

    def run(cmd: k.Command, now: dt.datetime) -> None:
        nonlocal state, timer
        if isinstance(cmd, k.RecordDemandDelivered) and state.demand is not None:
            cmd = cmd.model_copy(update={"request_id": state.demand.request_id})
        try:
            decision = decide(state, cmd, now, book)
        except DomainError as exc:
            refused.append(f"{now.date()} {type(cmd).__name__}: {type(exc).__name__}: {exc}")
            return
        state = fold(state, decision.events)
        made.extend(decision.events)
        timer = _next_timer(timer, decision.schedule, decision.cancel)

    def fire_until(instant: dt.datetime) -> None:
        while timer is not None and timer.due_at <= instant:
            run(k.Review(customer_id=customer_id), timer.due_at)

    for at, cmd in sorted(told(history), key=lambda pair: pair[0]):
        if at > until:
            break
        fire_until(at)
        run(cmd, at)
    fire_until(until)
    return Replayed(steps=tuple(steps_of(made, zone)), refused=tuple(refused))


def _next_timer(
    current: Timer | None, scheduled: Sequence[Timer], cancelled: Sequence[str]
) -> Timer | None:
    if scheduled:
        return scheduled[-1]  # one review timer per debtor: scheduling again replaces it
    if current is not None and current.timer_id in cancelled:
        return None
    return current


def compare(before: Sequence[Step], after: Sequence[Step]) -> list[Difference]:
    """What ``after`` does differently from ``before``: steps of the same kind on the same
    day are the same step; of the rest, kind by kind in day order, a step on both sides has
    moved, one only after was added, one only before was removed."""
    out: list[Difference] = []
    for key in sorted({s.key for s in (*before, *after)}):
        was = sorted((s for s in before if s.key == key), key=lambda s: s.on)
        now = sorted((s for s in after if s.key == key), key=lambda s: s.on)
        rest = []
        for s in now:
            twin = next((w for w in was if w.on == s.on), None)
            if twin is None:
                rest.append(s)
            else:
                was.remove(twin)
        for old, new in zip(was, rest, strict=False):
            out.append(Difference(change="moved", step=new, was_on=old.on))
        out += [Difference(change="removed", step=s) for s in was[len(rest) :]]
        out += [Difference(change="added", step=s) for s in rest[len(was) :]]
    return sorted(out, key=lambda d: (d.step.on, d.change, d.step.key))
