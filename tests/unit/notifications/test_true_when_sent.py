"""A deferred or retried message is re-checked against the debtor's standing when it is due:
superseded → suppressed with reason ``superseded`` (and nothing sent); still wanted →
rendered with today's figures, which are stored (``NotificationRefreshed``)."""

from __future__ import annotations

import asyncio
import datetime as dt
from dataclasses import dataclass

from services.notifications.domain.standing import Standing, StandingInvoice
from services.notifications.domain.state import NotificationState
from shared.contracts.notifications import (
    InstalmentRef,
    NotificationRefreshed,
    NotificationRequested,
    NotificationSuppressed,
    PromiseRef,
)
from shared.infra.memory_repository import MemoryRepository
from tests.unit.notifications.builders import NEXT_MORNING, NIGHT, cny, invoice, requested
from tests.unit.notifications.test_notifier import RecordingChannel, notifier

PROMISE = PromiseRef(promise_id="P-1", amount=cny("5000.00"), due_on=dt.date(2026, 11, 20))
PLAN = tuple(
    InstalmentRef(number=n, due_on=dt.date(2026, 12, n), amount=cny("4000.00")) for n in (1, 2)
)


@dataclass
class FakeStandings:
    standing: Standing
    asked: int = 0

    async def standing_of(self, customer_id: str) -> Standing:
        await asyncio.sleep(0)
        self.asked += 1
        return self.standing


def owing(number: str, outstanding: str, **flags: bool) -> StandingInvoice:
    return StandingInvoice(
        invoice_id=f"inv-{number}", external_number=number, due_date=dt.date(2026, 10, 1),
        outstanding=cny(outstanding), **flags,
    )  # fmt: skip


def standing(*invoices: StandingInvoice, **fields: object) -> Standing:
    return Standing.model_validate({"customer_id": "C-1", "version": 9, "invoices": invoices,
                                    **fields})  # fmt: skip


def two_invoices(template: str, **fields: object) -> NotificationRequested:
    invoices = (invoice("INV-2026-0042", "12345.50"), invoice("INV-2026-0043", "800.00"))
    return requested().model_copy(update={
        "template": template, "invoices": invoices, "total_outstanding": cny("13145.50"),
        **fields,
    })  # fmt: skip


async def deferred_then_due(
    request: NotificationRequested, now: Standing
) -> tuple[MemoryRepository[NotificationState], RecordingChannel]:
    """Taken at night (deferred to 08:00), then the morning timer fires with ``now``."""
    service, repo, channel, clock = notifier(now=NIGHT)
    service.standings = FakeStandings(now)
    await service.take(request)
    assert channel.sent == [] and repo.types("req-1")[-1] == "NotificationDeferred"
    [timer] = repo.timers.values()
    clock.set(NEXT_MORNING)
    await service.timer_fired(timer)
    return repo, channel


async def test_a_supply_halt_notice_deferred_past_a_supply_resumed_is_suppressed() -> None:
    request = two_invoices("supply_halt_notice")
    repo, channel = await deferred_then_due(request, standing(owing("INV-2026-0042", "9000.00")))

    assert channel.sent == []
    suppressed = repo.streams["req-1"][-1]
    assert isinstance(suppressed, NotificationSuppressed)
    assert (suppressed.rule, suppressed.reason) == ("superseded", "superseded")
    [decision] = suppressed.decisions
    assert (decision.outcome, decision.detail) == ("suppress", "supply was resumed")


async def test_a_supply_halt_notice_still_wanted_states_todays_figures() -> None:
    request = two_invoices("supply_halt_notice")
    now = standing(owing("INV-2026-0042", "9000.00"), owing("INV-2026-0043", "0.00", closed=True),
                   supply_halted=True)  # fmt: skip
    repo, channel = await deferred_then_due(request, now)

    [sent] = channel.sent
    body = sent.message.body
    assert "CNY 9,000.00" in body and "INV-2026-0043" not in body
    assert "12,345.50" not in body and "13,145.50" not in body
    refreshed = next(e for e in repo.streams["req-1"] if isinstance(e, NotificationRefreshed))
    assert refreshed.total_outstanding == cny("9000.00") and refreshed.standing_version == 9
    assert repo.types("req-1")[-3:] == [
        "NotificationRefreshed", "NotificationAllowed", "NotificationSent",
    ]  # fmt: skip


async def test_a_promise_confirmation_after_a_plan_replaced_the_promise_is_suppressed() -> None:
    request = two_invoices("promise_confirmation", promise=PROMISE)
    now = standing(owing("INV-2026-0042", "12345.50"), plan_id="PL-1", instalments=PLAN)
    repo, channel = await deferred_then_due(request, now)

    assert channel.sent == []
    suppressed = repo.streams["req-1"][-1]
    assert isinstance(suppressed, NotificationSuppressed) and suppressed.reason == "superseded"
    assert suppressed.decisions[0].detail == "the promise is no longer pending"


async def test_a_reminder_sets_a_newly_disputed_invoice_aside_and_totals_the_rest() -> None:
    request = two_invoices("overdue_reminder_1")
    now = standing(owing("INV-2026-0042", "12345.50", disputed=True), owing("INV-2026-0043", "800"))
    _, channel = await deferred_then_due(request, now)

    [sent] = channel.sent
    assert "INV-2026-0042" not in sent.message.body and "INV-2026-0043" in sent.message.body
    assert "13,145.50" not in sent.message.body and sent.message.body.count("CNY 800.00") == 2


async def test_a_reminder_is_superseded_once_everything_it_names_is_paid() -> None:
    request = two_invoices("overdue_reminder_1")
    now = standing(owing("INV-2026-0042", "0", closed=True), owing("INV-2026-0043", "0"))
    repo, channel = await deferred_then_due(request, now)

    assert channel.sent == []
    assert repo.streams["req-1"][-1].decisions[0].detail == (  # type: ignore[attr-defined]
        "nothing is owed on the invoices it names"
    )


async def test_a_retried_reminder_is_re_checked_before_the_retry() -> None:
    service, repo, channel, clock = notifier()
    paid = FakeStandings(standing(owing("INV-2026-0042", "0", closed=True)))
    service.standings = paid
    channel.failure = ConnectionResetError("peer went away")
    await service.take(requested())
    assert repo.types("req-1")[-1] == "NotificationFailed" and paid.asked == 0
    [timer] = repo.timers.values()
    channel.failure = None
    clock.set(timer.due_at)
    await service.timer_fired(timer)

    assert channel.sent == [] and paid.asked == 1
    assert repo.streams["req-1"][-1].reason == "superseded"  # type: ignore[attr-defined]


async def test_an_unchanged_standing_sends_the_request_as_it_was_without_a_refresh() -> None:
    request = two_invoices("overdue_reminder_1")
    now = standing(owing("INV-2026-0042", "12345.50"), owing("INV-2026-0043", "800.00"))
    repo, channel = await deferred_then_due(request, now)

    [sent] = channel.sent
    assert "CNY 13,145.50" in sent.message.body
    assert "NotificationRefreshed" not in repo.types("req-1")
