"""Random sequences of invoices, payments (partial, full, backdated), promises, plans,
disputes, classifications, clock advances, policy changes and redeliveries, against the
debtor's invariants (hypothesis ``RuleBasedStateMachine``)."""

from __future__ import annotations

import contextlib
import datetime as dt
from decimal import Decimal

import hypothesis
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)

from services.collections.adapters.policy_files import SHIPPED, parse_policy
from services.collections.domain.commands import (
    AcceptSettlement,
    AgreePlan,
    ClassifyDebtor,
    DisputeInvoice,
    MakePromise,
    OfferSettlement,
    PlannedInstalment,
    ResolveDispute,
)
from services.collections.domain.state import Debtor, fold, initial
from shared.contracts import Event, encode_event, parse_stored
from shared.contracts import collections as c
from shared.contracts.notifications import NotificationRequested
from shared.kernel.errors import DomainError
from tests.unit.collections.given import BOOK, DEBTOR, History, Invoices, money, registered

REMINDERS = {"pre_due_reminder", "overdue_reminder_1", "overdue_reminder_2", "demand_letter",
             "supply_halt_notice"}  # fmt: skip
START = dt.datetime(2026, 10, 1, 9, tzinfo=dt.UTC)
INVOICES = [f"INV-{n}" for n in range(4)]


def faster_version(n: int, effective: dt.date) -> c.Event | object:
    text = (SHIPPED / "cn.yaml").read_text()
    text = text.replace("version: cn-2026.1", f"version: cn-h{n}")
    text = text.replace("effective_from: 2026-01-01", f"effective_from: {effective}")
    text = text.replace("days_past_due: 15}", f"days_past_due: {15 - 3 * n}}}")
    text = text.replace('CNY: "10000"', f'CNY: "{1000 * (3 - n)}"')
    return parse_policy(text)


class DebtorMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.history = History(now=START)
        self.inv = Invoices()
        self.published: list[Event] = []
        self.missed: set[str] = set()
        self.versions = 0
        self.plans = 0
        self.offers = 0
        self.publish(registered())

    @property
    def today(self) -> dt.date:
        return self.history.now.date()

    def publish(self, *events: Event) -> list[Event]:
        self.published += events
        return self.step(lambda: self.history.when(*events))

    def step(self, act: object) -> list[Event]:
        """Run one step; check the invariants about what it emitted."""
        before_halts = self.history.state.halt_id
        new: list[Event] = act()  # type: ignore[operator]
        state = self.history.state
        reminders = [
            e for e in new if isinstance(e, NotificationRequested) and e.template in REMINDERS
        ]
        for request in reminders:
            disputed = {
                i.invoice_id for i in request.invoices if state.invoices[i.invoice_id].disputed
            }
            assert not disputed, f"reminder {request.template} about disputed {disputed}"
        if state.promise is not None or state.plan is not None:
            assert not reminders, f"reminder during a pending promise / plan: {reminders}"
        halts = [e for e in new if isinstance(e, c.SupplyHalted)]
        assert not (halts and before_halts), "halted twice for the same halt"
        return new

    def owing(self, number: str) -> bool:
        return number in self.inv.outstanding and self.inv.outstanding[number].is_positive()

    @initialize(amounts=st.lists(st.integers(500, 30_000), min_size=1, max_size=3))
    def first_invoices(self, amounts: list[int]) -> None:
        for n, amount in zip(INVOICES, amounts, strict=False):
            self.issue(n, amount, -5 * int(n[-1]))

    @rule(n=st.sampled_from(INVOICES), amount=st.integers(50, 30_000), due_in=st.integers(-30, 30))
    def issue(self, n: str, amount: int, due_in: int) -> None:
        if n in self.inv.outstanding:
            return
        due = self.today + dt.timedelta(days=due_in)
        self.publish(self.inv.issue(n, str(amount), due=due))

    @rule(n=st.sampled_from(INVOICES))
    def miss(self, n: str) -> None:
        late = self.owing(n) and self.today > self.inv.due_dates[n] + dt.timedelta(days=3)
        if late and n not in self.missed:
            self.missed.add(n)
            self.publish(self.inv.miss(n))

    @rule(
        n=st.sampled_from(INVOICES), share=st.sampled_from([10, 50, 100]), back=st.integers(0, 20)
    )
    def pay(self, n: str, share: int, back: int) -> None:
        if not self.owing(n):
            return
        left = self.inv.outstanding[n].amount
        amount = left if share == 100 else (left * share / 100).quantize(Decimal("0.01"))
        value_date = max(self.today - dt.timedelta(days=back), dt.date(2026, 9, 1))
        self.publish(*self.inv.pay(n, str(amount), value_date=value_date))

    @rule(back=st.integers(0, 10))
    def pay_everything(self, back: int) -> None:
        for n in INVOICES:
            self.pay(n, 100, back)

    def collector(self, cmd: object) -> None:
        with contextlib.suppress(DomainError):  # a refused command records nothing
            self.step(lambda: self.history.do(cmd))  # type: ignore[arg-type]

    @rule(amount=st.integers(100, 20_000), days=st.integers(0, 20), pid=st.integers(0, 5))
    def promise(self, amount: int, days: int, pid: int) -> None:
        due_on = self.today + dt.timedelta(days=days)
        cmd = MakePromise(
            customer_id=DEBTOR, promise_id=f"P-{pid}", amount=money(str(amount)),
            due_on=due_on, channel="phone", taken_by="c",
        )  # fmt: skip
        self.collector(cmd)

    @rule(parts=st.integers(1, 3), amount=st.integers(100, 10_000))
    def plan(self, parts: int, amount: int) -> None:
        self.plans += 1
        instalments = tuple(
            PlannedInstalment(
                due_on=self.today + dt.timedelta(days=10 * (k + 1)), amount=money(str(amount))
            )
            for k in range(parts)
        )
        self.collector(AgreePlan(customer_id=DEBTOR, plan_id=f"PL-{self.plans}", taken_by="c",
                                 instalments=instalments))  # fmt: skip

    @rule(share=st.sampled_from([5, 10, 30]), accept=st.booleans(), pay_now=st.booleans())
    def settlement(self, share: int, accept: bool, pay_now: bool) -> None:
        overdue = self.history.state.overdue_by_currency().get("CNY", Decimal(0))
        discount = (overdue * share / 100).quantize(Decimal("0.01"))
        if discount <= 0:
            return
        self.offers += 1
        offer_id = f"S-{self.offers}"
        valid_until = self.today + dt.timedelta(days=14)
        offer = OfferSettlement(
            customer_id=DEBTOR, offer_id=offer_id, valid_until=valid_until,
            discount=money(str(discount)), offered_by="c",
        )  # fmt: skip
        self.collector(offer)
        if accept:
            self.collector(AcceptSettlement(customer_id=DEBTOR, offer_id=offer_id, accepted_by="d"))
        if pay_now:
            self.pay_everything(0)

    @rule(n=st.sampled_from(INVOICES))
    def dispute(self, n: str) -> None:
        self.collector(
            DisputeInvoice(customer_id=DEBTOR, invoice_id=n, reason="price", raised_by="c")
        )

    @rule(n=st.sampled_from(INVOICES), credited=st.booleans())
    def resolve(self, n: str, credited: bool) -> None:
        outcome = "credited" if credited else "upheld_back_to_dunning"
        self.collector(
            ResolveDispute(customer_id=DEBTOR, invoice_id=n, outcome=outcome, resolved_by="c")
        )

    @rule(kind=st.sampled_from(["hardship", "dispute", "unwilling", "unreachable", "insolvency"]))
    def classify(self, kind: str) -> None:
        self.collector(ClassifyDebtor(customer_id=DEBTOR, classification=kind, classified_by="c"))  # type: ignore[arg-type]

    @rule(days=st.integers(1, 60))
    def advance(self, days: int) -> None:
        """Time passes: invoicing reports what fell past due + grace, the review timer fires."""
        self.history.now += dt.timedelta(days=days)
        for n in INVOICES:
            self.miss(n)
        self.step(self.history.review)

    @precondition(lambda self: self.versions < 2)
    @rule()
    def new_policy_version(self) -> None:
        self.versions += 1
        version = faster_version(self.versions, self.today)
        self.history.book = self.history.book.with_version(version)  # type: ignore[arg-type]

    @precondition(lambda self: bool(self.published))
    @rule(data=st.data())
    def redeliver(self, data: st.DataObject) -> None:
        self.step(self.history.review)  # what the clock alone would do, first
        again = data.draw(st.sampled_from(self.published))
        assert self.history.when(again) == [], f"redelivered {again.type} recorded something"

    @invariant()
    def nothing_past_due_means_never_escalated_nor_halted(self) -> None:
        state = self.history.state
        if not state.past_due_invoices():
            assert state.halt_id is None and state.escalated is None, state.state

    @invariant()
    def every_halt_has_at_most_one_resume_and_exactly_one_once_lifted(self) -> None:
        events = self.history.events
        halts = [e.halt_id for e in events if isinstance(e, c.SupplyHalted)]
        resumes = [e.halt_id for e in events if isinstance(e, c.SupplyResumed)]
        assert len(set(halts)) == len(halts)
        assert sorted(resumes) == sorted(set(resumes)) and set(resumes) <= set(halts)
        open_halts = set(halts) - set(resumes)
        assert open_halts == ({self.history.state.halt_id} - {None})

    @invariant()
    def no_step_is_taken_twice(self) -> None:
        requests = [
            e.request_id for e in self.history.events if isinstance(e, NotificationRequested)
        ]
        tasks = [e.task_id for e in self.history.events if isinstance(e, c.CollectorTaskRaised)]
        assert len(set(requests)) == len(requests) and len(set(tasks)) == len(tasks)

    @invariant()
    def replaying_the_stored_events_reproduces_the_state(self) -> None:
        stored = [parse_stored(encode_event(e)) for e in self.history.events]
        assert fold(initial(DEBTOR), stored) == self.history.state
        snapshot = self.history.state.model_dump_json()  # what a snapshot stores
        assert Debtor.model_validate_json(snapshot) == self.history.state

    @invariant()
    def every_transition_names_policy_version_and_rule(self) -> None:
        for event in self.history.events:
            if isinstance(event, c.Provenance):
                assert event.policy_version and event.rule

    def teardown(self) -> None:
        kinds = {e.type for e in self.history.events}
        for kind in (
            "SupplyHalted",
            "SupplyResumed",
            "EscalatedToAgency",
            "SettlementCompleted",
            "PromiseBroken",
            "InvoiceDisputed",
            "PaymentPlanCompleted",
            "DunningLevelReached",
        ):
            hypothesis.event(f"reached {kind}: {kind in kinds}")


TestDebtorStateMachine = DebtorMachine.TestCase
TestDebtorStateMachine.settings = settings(
    max_examples=120, stateful_step_count=40, deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)  # fmt: skip
assert BOOK is not None
