"""The debtor view is derived from the same state as its timeline: over random flows
(the debtor state machine's invoices, payments, promises, plans, disputes, settlements,
clock advances, policy versions and redeliveries), no field of the view contradicts another
or what the timeline says."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from hypothesis import HealthCheck, settings
from hypothesis.stateful import invariant

from services.collections.application.views import DebtorView
from services.collections.domain import events as ev
from services.collections.domain.model import CALM
from shared.contracts import Event, Money
from shared.contracts import collections as c
from tests.unit.collections.test_state_machine import DebtorMachine

ESCALATED = {"escalated_agency", "escalated_legal"}


def totals(monies: list[tuple[Money | None, bool]]) -> list[Money]:
    sums: dict[str, Decimal] = defaultdict(Decimal)
    for money, counted in monies:
        if money is not None and counted:
            sums[money.currency] += money.amount
    return [Money(amount=a, currency=cur) for cur, a in sorted(sums.items())]


def policy_in_force(events: list[Event]) -> str | None:
    version = None
    for e in events:
        if isinstance(e, ev.PolicyAssigned):
            version = e.policy_version
        elif isinstance(e, ev.PolicyMissing):
            version = None
    return version


def halted(events: list[Event]) -> bool:
    halts = {e.halt_id for e in events if isinstance(e, c.SupplyHalted)}
    return bool(halts - {e.halt_id for e in events if isinstance(e, c.SupplyResumed)})


def open_promises(events: list[Event]) -> set[str]:
    made: set[str] = set()
    for e in events:
        if isinstance(e, c.PromiseMade):
            made.add(e.promise_id)
        elif isinstance(e, c.PromiseKept | c.PromiseBroken | c.PromiseSuperseded):
            made.discard(e.promise_id)
        elif isinstance(e, c.DebtorWrittenOff):
            made.clear()
    return made


def level_reached(events: list[Event]) -> int:
    level = 0
    for e in events:
        if isinstance(e, c.DunningLevelReached):
            level = e.level
        elif isinstance(e, c.DebtorCleared):
            level = 0
    return level


def check_view(view: DebtorView, events: list[Event]) -> None:
    assert view.policy_version == policy_in_force(events)
    assert view.supply_halted == halted(events)
    assert view.level == level_reached(events)
    assert (view.level == 0) == (view.stage in CALM), (view.level, view.stage)
    if view.stage == "supply_halted" or view.state == "supply_halted":
        assert view.supply_halted, (view.stage, view.state)
    if view.supply_halted:
        assert view.stage in {"supply_halted", *ESCALATED}, view.stage
    promise = {view.promise.promise_id} if view.promise else set()
    assert promise == open_promises(events), (promise, open_promises(events))
    assert (view.state == "promise_pending") <= (view.promise is not None)
    assert (view.state == "payment_plan") <= (view.plan is not None)
    lines = view.invoices
    assert not any(i.overdue and i.disputed for i in lines)
    assert view.overdue == totals([(i.outstanding, i.overdue) for i in lines])
    owing = [(i.outstanding, bool(i.disputed)) for i in lines if i.outstanding]
    assert view.disputed == totals([(m, d and m is not None and m.amount > 0) for m, d in owing])
    outstanding = [(i.outstanding, i.outstanding is not None and i.outstanding.amount > 0
                    and i.closed_by is None) for i in lines]  # fmt: skip
    assert view.outstanding == totals(outstanding)
    assert [t.version for t in view.timeline] == list(range(1, len(events) + 1))


class ViewMachine(DebtorMachine):
    @invariant()
    def the_view_contradicts_neither_itself_nor_the_timeline(self) -> None:
        history = self.history
        events = history.events
        view = DebtorView.of(history.state, events, len(events), history.book, history.now)
        check_view(view, events)


TestDebtorView = ViewMachine.TestCase
TestDebtorView.settings = settings(
    max_examples=60, stateful_step_count=40, deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)  # fmt: skip
