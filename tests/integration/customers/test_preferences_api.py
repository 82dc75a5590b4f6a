"""Cease-contact requests (R4), shared channels (R6), inconvenient slots and channels (R9)
over the admin API: recorded once as events naming who recorded them, shown in the profile,
served on the internal contacts endpoint in the shape the notifications gate parses."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import redis.asyncio as aioredis

from services.notifications.application.ports import ContactBook
from services.notifications.domain.recipient import Slot
from shared.contracts.customers import (
    ContactCeaseRequested,
    ContactCeaseWithdrawn,
    ContactPreferencesChanged,
    InconvenientSlot,
)
from shared.infra.clock import SimulatedClock
from shared.infra.settings import Settings
from tests.integration.customers.harness import (
    ADMIN,
    AUDITOR,
    COLLECTOR,
    INTEGRATION,
    INTERNAL,
    Running,
    published,
    running,
)

CONTACT = "/customers/C-1001/contacts/ct-1"
CONTACTS = "/internal/customers/C-1001/contacts"
NOW = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)
EVENINGS = {"start": "19:00", "end": "08:00", "weekdays": [4, 0, 1], "channels": ["sms"]}
WISHES = {"shared_channels": ["sms"], "inconvenient": [EVENINGS],
          "inconvenient_channels": ["letter"]}  # fmt: skip
LETTER = {"received_on": "2026-10-30", "source": "letter"}


@asynccontextmanager
async def registered(settings: Settings, redis: aioredis.Redis) -> AsyncIterator[Running]:
    await SimulatedClock(redis).set(NOW)
    async with running(settings.model_copy(update={"clock": "simulated"}), redis) as svc:
        assert (await svc.register()).status_code == 201
        yield svc


async def contact_in_book(svc: Running) -> dict[str, Any]:
    book = await svc.client.get(CONTACTS, headers=svc.as_(INTERNAL))
    assert book.status_code == 200, book.text
    contact: dict[str, Any] = book.json()["contacts"][0]
    return contact


async def test_preferences_are_published_once_shown_in_the_profile_and_served_to_notifications(
    redis: aioredis.Redis, settings: Settings
) -> None:
    async with registered(settings, redis) as svc:
        put = await svc.client.put(
            f"{CONTACT}/preferences", json=WISHES, headers=svc.as_(COLLECTOR)
        )
        again = await svc.client.put(f"{CONTACT}/preferences", json=WISHES, headers=svc.as_(ADMIN))
        book = await contact_in_book(svc)
        profile = await svc.client.get("/customers/C-1001", headers=svc.as_(AUDITOR))

    assert (put.status_code, again.status_code) == (200, 200), put.text
    assert again.json() == put.json()
    slot = {"start": "19:00", "end": "08:00", "weekdays": [0, 1, 4], "channels": ["sms"]}
    served = {"cease_contact": False, "shared_channels": ["sms"], "inconvenient": [slot],
              "inconvenient_channels": ["letter"]}  # fmt: skip
    assert {k: book[k] for k in served} == served
    assert {k: profile.json()["contacts"][0][k] for k in served} == served
    [_, event] = await published(redis)
    assert isinstance(event, ContactPreferencesChanged)
    assert (event.contact_id, event.requested_by) == ("ct-1", "test-collector")
    assert event.inconvenient == (InconvenientSlot(**slot),)


async def test_the_contact_book_parses_into_what_the_notifications_gate_checks(
    redis: aioredis.Redis, settings: Settings
) -> None:
    async with registered(settings, redis) as svc:
        await svc.client.put(f"{CONTACT}/preferences", json=WISHES, headers=svc.as_(INTEGRATION))
        await svc.client.post(f"{CONTACT}/cease-contact", json=LETTER, headers=svc.as_(COLLECTOR))
        book = await svc.client.get(CONTACTS, headers=svc.as_(INTERNAL))

    [recipient] = ContactBook.model_validate_json(book.content).audience().recipients
    assert recipient.cease_contact is True
    assert recipient.shared_channels == frozenset({"sms"})
    assert recipient.inconvenient == (
        Slot(start=dt.time(19), end=dt.time(8), weekdays=frozenset({0, 1, 4}),
             channels=frozenset({"sms"})),
    )  # fmt: skip
    assert recipient.inconvenient_channels == frozenset({"letter"})


async def test_a_cease_request_is_recorded_once_and_its_withdrawal_lifts_it(
    redis: aioredis.Redis, settings: Settings
) -> None:
    cease, withdrawal = f"{CONTACT}/cease-contact", {"received_on": "2026-11-01", "source": "email"}
    async with registered(settings, redis) as svc:
        made = await svc.client.post(cease, json=LETTER, headers=svc.as_(COLLECTOR))
        repeated = await svc.client.post(cease, json=LETTER, headers=svc.as_(INTEGRATION))
        ceased = await contact_in_book(svc)
        profile = await svc.client.get("/customers/C-1001", headers=svc.as_(COLLECTOR))
        lifted = await svc.client.delete(cease, params=withdrawal, headers=svc.as_(INTEGRATION))
        lifted_again = await svc.client.delete(cease, params=withdrawal, headers=svc.as_(ADMIN))
        after = await contact_in_book(svc)

    assert (made.status_code, repeated.status_code, lifted.status_code) == (200, 200, 200)
    assert made.json()["cease_request"] == {"received_on": "2026-10-30", "source": "letter"}
    assert repeated.json() == made.json()
    assert ceased["cease_contact"] is True and after["cease_contact"] is False
    assert profile.json()["contacts"][0]["cease_request"] == made.json()["cease_request"]
    assert lifted.json()["cease_request"] is None and lifted_again.json() == lifted.json()
    _, requested, withdrawn = await published(redis)
    assert isinstance(requested, ContactCeaseRequested)
    assert (requested.received_on, requested.source) == (dt.date(2026, 10, 30), "letter")
    assert requested.requested_by == "test-collector"
    assert isinstance(withdrawn, ContactCeaseWithdrawn)
    assert (withdrawn.received_on, withdrawn.source) == (dt.date(2026, 11, 1), "email")
    assert withdrawn.requested_by == "test-integration"


BAD_SLOTS: list[tuple[dict[str, Any], str]] = [
    ({"start": "25:00", "end": "08:00"}, "start"),
    ({"start": "07:00", "end": "8:00"}, "end"),
    ({"start": "07:00", "end": "08:00", "weekdays": [7]}, "weekdays"),
    ({"start": "07:00", "end": "08:00", "channels": ["phone"]}, "channels"),
    ({"start": "07:00", "end": "07:00"}, "must end at another time"),
]


async def test_malformed_preferences_are_refused_with_what_is_wrong_and_nothing_published(
    redis: aioredis.Redis, settings: Settings
) -> None:
    async with registered(settings, redis) as svc:
        put = svc.client.put
        answers = [
            (await put(f"{CONTACT}/preferences", json={"inconvenient": [slot]},
                       headers=svc.as_(ADMIN)), hint)
            for slot, hint in BAD_SLOTS
        ]  # fmt: skip
        fax = await put(f"{CONTACT}/preferences", json={"shared_channels": ["fax"]},
                        headers=svc.as_(ADMIN))  # fmt: skip
        week = [{"start": "00:00", "end": "12:00"}, {"start": "12:00", "end": "00:00"}]
        whole_week = await put(f"{CONTACT}/preferences", json={"inconvenient": week},
                               headers=svc.as_(ADMIN))  # fmt: skip

    for answer, hint in answers:
        assert answer.status_code == 422
        assert hint in answer.text
    assert fax.status_code == 422 and "shared_channels" in fax.text
    assert whole_week.status_code == 422 and "inconvenient_channels instead" in whole_week.text
    assert [e.type for e in await published(redis)] == ["CustomerRegistered"]


async def test_cease_requests_are_checked_for_day_source_role_and_target(
    redis: aioredis.Redis, settings: Settings
) -> None:
    cease = f"{CONTACT}/cease-contact"
    async with registered(settings, redis) as svc:
        post, admin = svc.client.post, svc.as_(ADMIN)
        tomorrow_everywhere = await post(
            cease, json={**LETTER, "received_on": "2026-11-03"}, headers=admin
        )
        free_text = await post(cease, json={**LETTER, "source": "Mr Wang's letter"}, headers=admin)
        no_day = await post(cease, json={"source": "letter"}, headers=admin)
        by_auditor = await post(cease, json=LETTER, headers=svc.as_(AUDITOR))
        anonymous = await svc.client.put(f"{CONTACT}/preferences", json=WISHES)
        unknown = await post("/customers/C-1001/contacts/ct-7/cease-contact", json=LETTER,
                             headers=admin)  # fmt: skip
        await post(cease, json=LETTER, headers=admin)
        early = await svc.client.delete(
            cease, params={"received_on": "2026-10-29", "source": "letter"}, headers=admin
        )
        no_params = await svc.client.delete(cease, headers=admin)

    assert tomorrow_everywhere.status_code == 422
    assert tomorrow_everywhere.json()["rule"] == "ReceivedInTheFuture"
    assert (free_text.status_code, no_day.status_code) == (422, 422)
    assert (by_auditor.status_code, anonymous.status_code) == (403, 401)
    assert (unknown.status_code, unknown.json()["rule"]) == (404, "ContactNotFound")
    assert (early.status_code, early.json()["rule"]) == (422, "WithdrawalBeforeRequest")
    assert no_params.status_code == 422
    assert [e.type for e in await published(redis)] == [
        "CustomerRegistered", "ContactCeaseRequested",
    ]  # fmt: skip
