"""The internal contacts endpoint (what notifications reads at send time) and consent."""

from __future__ import annotations

import redis.asyncio as aioredis

from shared.contracts.customers import ContactConsentChanged
from shared.infra.settings import Settings
from tests.integration.customers.harness import (
    ADMIN,
    AUDITOR,
    COLLECTOR,
    EMAIL,
    INTEGRATION,
    INTERNAL,
    PERSON,
    PHONE,
    contact_body,
    published,
    registration,
    running,
)

CONTACTS = "/internal/customers/C-1001/contacts"
CONSENT = "/customers/C-1001/contacts/ct-1/consent"


def stop_sms(consent: bool = False) -> dict[str, object]:
    return {"channel": "sms", "consent": consent, "source": "sms_stop"}


async def test_the_contacts_endpoint_gives_notifications_what_it_needs_to_send(
    redis: aioredis.Redis, settings: Settings
) -> None:
    body = registration(
        jurisdiction="us", currency="USD",
        contact=contact_body(language="en", timezone="America/New_York", role="lawyer",
                             represented_by_lawyer=True, consent={"email": True, "sms": False}),
    )  # fmt: skip
    async with running(settings, redis) as svc:
        await svc.register(body)
        book = await svc.client.get(CONTACTS, headers=svc.as_(INTERNAL))

    assert book.status_code == 200, book.text
    assert book.json() == {
        "customer_id": "C-1001",
        "jurisdiction": "us",
        "contacts": [
            {
                "contact_id": "ct-1", "name": PERSON, "email": EMAIL, "phone": PHONE,
                "language": "en", "timezone": "America/New_York", "role": "lawyer",
                "consent": {"email": True, "sms": False}, "represented_by_lawyer": True,
                "cease_contact": False, "shared_channels": [], "inconvenient": [],
                "inconvenient_channels": [],
            }
        ],
    }  # fmt: skip


async def test_only_the_services_internal_key_reads_contact_details(
    redis: aioredis.Redis, settings: Settings
) -> None:
    """Issue 11: an ERP's integration key (or any person's) no longer reads every contact's
    name, e-mail and phone; only the services' own ``internal`` key does."""
    async with running(settings, redis) as svc:
        await svc.register()
        answers = {
            role: (await svc.client.get(CONTACTS, headers=svc.as_(role))).status_code
            for role in (INTERNAL, INTEGRATION, ADMIN, COLLECTOR, AUDITOR)
        }
        anonymous = await svc.client.get(CONTACTS)
        unknown = await svc.client.get(
            "/internal/customers/C-404/contacts", headers=svc.as_(INTERNAL)
        )

    assert answers == {INTERNAL: 200, INTEGRATION: 403, ADMIN: 403, COLLECTOR: 403, AUDITOR: 403}
    assert anonymous.status_code == 401
    assert unknown.status_code == 404


async def test_a_consent_change_is_published_and_the_contacts_endpoint_reflects_it(
    redis: aioredis.Redis, settings: Settings
) -> None:
    async with running(settings, redis) as svc:
        await svc.register()
        changed = await svc.client.post(CONSENT, json=stop_sms(), headers=svc.as_(COLLECTOR))
        book = await svc.client.get(CONTACTS, headers=svc.as_(INTERNAL))

    assert changed.status_code == 200, changed.text
    assert changed.json() == {
        "customer_id": "C-1001", "contact_id": "ct-1", "consent": {"email": True, "sms": False},
    }  # fmt: skip
    assert book.json()["contacts"][0]["consent"] == {"email": True, "sms": False}
    [_, event] = await published(redis)
    assert isinstance(event, ContactConsentChanged)
    assert (event.contact_id, event.channel, event.consent) == ("ct-1", "sms", False)
    assert (event.source, event.requested_by) == ("sms_stop", "test-collector")
    assert event.aggregate_version == 2


async def test_repeating_a_consent_change_publishes_nothing_more(
    redis: aioredis.Redis, settings: Settings
) -> None:
    async with running(settings, redis) as svc:
        await svc.register()
        first = await svc.client.post(CONSENT, json=stop_sms(), headers=svc.as_(INTEGRATION))
        again = await svc.client.post(CONSENT, json=stop_sms(), headers=svc.as_(INTEGRATION))
        back = await svc.client.post(CONSENT, json=stop_sms(True), headers=svc.as_(ADMIN))

    assert (first.status_code, again.status_code, back.status_code) == (200, 200, 200)
    assert again.json() == first.json()
    assert back.json()["consent"] == {"email": True, "sms": True}
    assert [e.type for e in await published(redis)] == [
        "CustomerRegistered", "ContactConsentChanged", "ContactConsentChanged",
    ]  # fmt: skip


async def test_consent_commands_are_checked_for_role_target_and_shape(
    redis: aioredis.Redis, settings: Settings
) -> None:
    async with running(settings, redis) as svc:
        await svc.register()
        post = svc.client.post
        by_auditor = await post(CONSENT, json=stop_sms(), headers=svc.as_(AUDITOR))
        anonymous = await post(CONSENT, json=stop_sms())
        unknown_contact = await post(
            "/customers/C-1001/contacts/ct-7/consent", json=stop_sms(), headers=svc.as_(ADMIN)
        )
        unknown_customer = await post(
            "/customers/C-404/contacts/ct-1/consent", json=stop_sms(), headers=svc.as_(ADMIN)
        )
        bad_channel = await post(
            CONSENT, json={**stop_sms(), "channel": "letter"}, headers=svc.as_(ADMIN)
        )
        no_source = await post(
            CONSENT, json={"channel": "sms", "consent": False}, headers=svc.as_(ADMIN)
        )

    assert (by_auditor.status_code, anonymous.status_code) == (403, 401)
    assert unknown_contact.status_code == 404
    assert unknown_contact.json()["rule"] == "ContactNotFound"
    assert unknown_customer.json()["rule"] == "CustomerNotFound"
    assert (bad_channel.status_code, no_source.status_code) == (422, 422)
    assert [e.type for e in await published(redis)] == ["CustomerRegistered"]
