"""A claim left open by a crash is sent again with the same key, once, under its lease."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

import pytest

from services.notifications.adapters.templates.renderer import JinjaRenderer
from services.notifications.application.claims import ClaimInFlight, open_claims
from services.notifications.application.deliver import Notifier
from services.notifications.application.outgoing import Outgoing
from services.notifications.application.ports import MemoryInFlight
from services.notifications.domain.commands import RecordSent
from services.notifications.domain.message import Receipt
from services.notifications.domain.state import AGGREGATE_TYPE, NotificationState, evolve, initial
from shared.infra.clock import FixedClock
from shared.infra.memory_repository import MemoryRepository
from tests.unit.notifications.builders import DAYTIME, requested
from tests.unit.notifications.test_notifier import FakeDirectory, book

KEY = "req-1:email:ct-1:1"


class Crash(BaseException):
    """The process dies: nothing after the provider call runs."""


@dataclass
class Provider:
    """Keeps idempotency keys like an SMS provider; can die once after taking a message."""

    name: str = "email"
    dedupes: bool = True
    calls: list[str] = field(default_factory=list)
    crash_once: bool = False

    async def send(self, outgoing: Outgoing) -> str:
        self.calls.append(outgoing.key)
        if self.crash_once:
            self.crash_once = False
            raise Crash
        return "accepted: m-1"


def notifier(
    provider: Provider, in_flight: MemoryInFlight | None = None
) -> tuple[Notifier, MemoryRepository[NotificationState]]:
    clock = FixedClock(DAYTIME)
    repo = MemoryRepository(AGGREGATE_TYPE, initial, evolve, clock, producer="notifications")
    service = Notifier(
        repository=repo, contacts=FakeDirectory(book()),  # type: ignore[arg-type]
        channels={"email": provider}, renderer=JinjaRenderer(), clock=clock,  # type: ignore[dict-item]
        in_flight=in_flight or MemoryInFlight(), lease_ms=300,
    )  # fmt: skip
    return service, repo


async def test_a_request_redelivered_after_a_crash_resends_the_open_claim_with_the_same_key() -> (
    None
):
    provider = Provider(crash_once=True)
    service, repo = notifier(provider)
    request = requested()
    with pytest.raises(Crash):
        await service.take(request)
    assert repo.types("req-1") == ["NotificationAccepted", "NotificationAllowed"]

    await service.take(request)  # the unacknowledged trigger comes back
    await service.take(request)  # and once more: the claim is closed now

    assert provider.calls == [KEY, KEY]
    assert repo.types("req-1") == [
        "NotificationAccepted",
        "NotificationAllowed",
        "NotificationSent",
    ]
    sent = repo.streams["req-1"][-1]
    assert sent.provider_result == "resent (provider dedupes): accepted: m-1"  # type: ignore[attr-defined]
    assert sent.idempotency_key == KEY  # type: ignore[attr-defined]


async def test_an_open_claim_whose_lease_is_still_held_is_left_for_later() -> None:
    leases = MemoryInFlight()
    provider = Provider(crash_once=True)
    service, repo = notifier(provider, leases)
    request = requested()
    with pytest.raises(Crash):
        await service.take(request)
    await leases.hold(KEY, 300)  # a worker that is still sending (or whose lease has not expired)

    with pytest.raises(ClaimInFlight):
        await service.take(request)

    assert provider.calls == [KEY] and repo.types("req-1")[-1] == "NotificationAllowed"


async def test_a_resumer_waits_for_a_live_sender_and_sends_nothing_once_it_recorded() -> None:
    leases = MemoryInFlight()
    provider = Provider(crash_once=True)
    service, repo = notifier(provider, leases)
    request = requested()
    with pytest.raises(Crash):
        await service.take(request)
    await leases.hold(KEY, 300)  # the first sender is alive and still sending

    async def first_sender_records_and_lets_go() -> None:
        await asyncio.sleep(0.05)
        [claim] = open_claims(await service.requests.current("req-1", "C-1"))
        receipt = Receipt("1", "a" * 64, "l***@example.com", "accepted: m-1", DAYTIME)
        await service.sender.record(claim, RecordSent(
            channel="email", contact_id="ct-1", addressee_role="debtor_staff",
            receipt=receipt, key=claim.key), "sent")  # fmt: skip
        await leases.release(KEY)

    await asyncio.gather(service.take(request), first_sender_records_and_lets_go())

    assert provider.calls == [KEY]  # the resumer waited, saw the outcome, sent nothing
    assert repo.types("req-1").count("NotificationSent") == 1
