"""The use cases with fakes at the ports: what is sent, once, and what is recorded."""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import pytest

from services.notifications.adapters.templates.renderer import JinjaRenderer
from services.notifications.application.deliver import Notifier
from services.notifications.application.outgoing import ChannelError, Outgoing
from services.notifications.application.ports import Contact, ContactBook
from services.notifications.domain.facts import choose_language
from services.notifications.domain.state import AGGREGATE_TYPE, NotificationState, evolve, initial
from shared.contracts import encode_event
from shared.infra.clock import FixedClock
from shared.infra.memory_repository import MemoryRepository
from tests.unit.notifications.builders import DAYTIME, NEXT_MORNING, NIGHT, requested

EMAIL = "li.wei@example.com"
NAME = "李伟"
PHONE = "+86 138 0013 8000"


@dataclass
class FakeDirectory:
    book: ContactBook | None

    async def contacts_of(self, customer_id: str) -> ContactBook | None:
        await asyncio.sleep(0)
        return self.book


@dataclass
class RecordingChannel:
    name: str = "email"
    sent: list[Outgoing] = field(default_factory=list)
    failure: Exception | None = None

    async def send(self, outgoing: Outgoing) -> str:
        await asyncio.sleep(0)
        if self.failure is not None:
            raise self.failure
        self.sent.append(outgoing)
        return "250 OK queued"


def book(**contact: Any) -> ContactBook:
    fields = {"contact_id": "ct-1", "name": NAME, "email": EMAIL, "phone": PHONE,
              "language": "zh-CN", "timezone": "Asia/Shanghai", "role": "debtor_staff",
              "consent": {"email": True, "sms": False}}  # fmt: skip
    fields.update(contact)
    return ContactBook(customer_id="C-1", jurisdiction="cn", contacts=(Contact(**fields),))


def notifier(
    now: datetime = DAYTIME, contacts: ContactBook | None = None
) -> tuple[Notifier, MemoryRepository[NotificationState], RecordingChannel, FixedClock]:
    clock, channel = FixedClock(now), RecordingChannel()
    repo = MemoryRepository(AGGREGATE_TYPE, initial, evolve, clock, producer="notifications")
    service = Notifier(
        repository=repo, contacts=FakeDirectory(contacts or book()),  # type: ignore[arg-type]
        channels={"email": channel}, renderer=JinjaRenderer(), clock=clock,
    )  # fmt: skip
    return service, repo, channel, clock


async def test_a_daytime_request_sends_one_email_and_keeps_its_evidence() -> None:
    service, repo, channel, _ = notifier()
    await service.take(requested())
    [outgoing] = channel.sent
    assert outgoing.address == EMAIL
    assert "INV-2026-0042" in outgoing.message.body
    assert outgoing.message.language == "zh-CN"
    assert repo.types("req-1") == [
        "NotificationAccepted",
        "NotificationAllowed",
        "NotificationSent",
    ]
    sent = repo.streams["req-1"][-1]
    assert sent.masked_address == "l***@example.com"  # type: ignore[attr-defined]
    assert sent.content_sha256 == outgoing.message.content_sha256  # type: ignore[attr-defined]
    assert sent.provider_result == "250 OK queued"  # type: ignore[attr-defined]
    assert sent.addressee_role == "debtor_staff"  # type: ignore[attr-defined]


async def test_no_event_carries_the_contacts_name_address_or_phone() -> None:
    service, repo, _, _ = notifier()
    await service.take(requested())
    stored = b"".join(encode_event(e) for e in repo.streams["req-1"]).decode()
    for secret in (NAME, EMAIL, PHONE, "li.wei"):
        assert secret not in stored


async def test_a_redelivered_request_sends_nothing_more() -> None:
    service, repo, channel, _ = notifier()
    request = requested()
    await service.take(request)
    await service.take(request)
    await service.take(request.model_copy(update={"event_id": uuid.uuid4()}))
    assert len(channel.sent) == 1
    assert repo.types("req-1").count("NotificationSent") == 1


async def test_two_consumers_racing_on_one_request_send_once() -> None:
    service, _, channel, _ = notifier()
    request = requested()
    await asyncio.gather(service.take(request), service.take(request))
    assert len(channel.sent) == 1


async def test_an_opted_out_contact_gets_nothing_and_the_rule_is_recorded() -> None:
    service, repo, channel, _ = notifier(contacts=book(consent={"email": False}))
    await service.take(requested())
    assert channel.sent == []
    assert repo.types("req-1") == ["NotificationAccepted", "NotificationSuppressed"]


async def test_a_night_request_waits_for_its_timer_and_is_sent_in_the_morning() -> None:
    service, repo, channel, clock = notifier(now=NIGHT)
    await service.take(requested())
    assert channel.sent == []
    [timer] = repo.timers.values()
    assert timer.due_at == NEXT_MORNING
    clock.set(NEXT_MORNING)
    await service.timer_fired(timer)
    await service.timer_fired(timer)  # redelivered timer
    assert len(channel.sent) == 1
    assert repo.types("req-1")[-1] == "NotificationSent"


async def test_a_transient_channel_failure_is_recorded_and_retried_by_timer() -> None:
    service, repo, channel, clock = notifier()
    channel.failure = ConnectionResetError("peer went away")
    await service.take(requested())
    assert repo.types("req-1")[-1] == "NotificationFailed"
    [timer] = repo.timers.values()
    channel.failure = None
    clock.set(timer.due_at)
    await service.timer_fired(timer)
    assert len(channel.sent) == 1


async def test_a_permanent_channel_failure_ends_the_delivery() -> None:
    service, repo, channel, _ = notifier()
    channel.failure = ChannelError("recipient refused ([550])", permanent=True)
    await service.take(requested())
    failed = repo.streams["req-1"][-1]
    assert failed.permanent is True and not repo.timers  # type: ignore[attr-defined]


async def test_an_unknown_debtor_fails_the_request_permanently() -> None:
    service, repo, channel, _ = notifier()
    service.contacts = FakeDirectory(None)
    await service.take(requested())
    assert repo.types("req-1") == ["NotificationAccepted", "NotificationFailed"]
    assert channel.sent == []


def test_contact_details_never_show_in_a_repr() -> None:
    contact = book().contacts[0]
    for secret in (NAME, EMAIL, PHONE):
        assert secret not in repr(contact)


@pytest.mark.parametrize(
    ("preferred", "jurisdiction", "language"),
    [("zh-CN", "us", "zh-CN"), ("zh", "cn", "zh-CN"), ("en-US", "cn", "en"), ("", "cn", "zh-CN"),
     ("de", "us", "en")],
)  # fmt: skip
def test_the_contacts_language_wins_and_the_jurisdiction_decides_otherwise(
    preferred: str, jurisdiction: str, language: str
) -> None:
    assert choose_language(preferred, jurisdiction) == language
