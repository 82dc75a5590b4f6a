"""R8 over the API: an administrator places and lifts a legal hold; while it stands an
erasure is refused with the hold's reason, recorded as an event and logged without
personal data; once lifted, erasure goes through."""

from __future__ import annotations

import pytest
import redis.asyncio as aioredis

from shared.infra.settings import Settings
from tests.integration.customers.harness import (
    ADMIN,
    AUDITOR,
    COLLECTOR,
    EMAIL,
    INTEGRATION,
    LEGAL_NAME,
    PERSON,
    PHONE,
    published,
    running,
)

PLANTED = [LEGAL_NAME, PERSON, EMAIL, PHONE, PHONE.removeprefix("+")]
HOLD_URL = "/customers/C-1001/legal-hold"


async def test_a_legal_hold_is_placed_once_read_by_auditors_and_lifted_once(
    redis: aioredis.Redis, settings: Settings
) -> None:
    async with running(settings, redis) as svc:
        await svc.register()
        placed, again = await svc.hold(), await svc.hold()
        read = await svc.client.get(HOLD_URL, headers=svc.as_(AUDITOR))
        profile = await svc.profile()
        lifted, lifted_again = await svc.lift(), await svc.lift()

    assert (placed.status_code, again.status_code) == (200, 200), placed.text
    hold = placed.json()["legal_hold"]
    assert (hold["reason"], hold["reference"]) == ("litigation", "(2026)沪0105民初1234号")
    assert hold["placed_by"] == "test-admin"
    assert again.json() == placed.json() and read.json() == placed.json()
    assert "legal_hold" not in profile.json()  # collectors read the profile; not the case
    assert (lifted.status_code, lifted_again.status_code) == (200, 200)
    assert lifted.json() == {"customer_id": "C-1001", "legal_hold": None}
    events = await published(redis)
    assert [e.type for e in events] == ["CustomerRegistered", "LegalHoldPlaced", "LegalHoldLifted"]
    assert events[2].requested_by == "test-admin"  # type: ignore[attr-defined]
    assert events[2].reason == "litigation"  # type: ignore[attr-defined]


async def test_only_admins_place_or_lift_holds_and_erase_while_auditors_may_read_holds(
    redis: aioredis.Redis, settings: Settings
) -> None:
    async with running(settings, redis) as svc:
        await svc.register()
        answers, hold = {}, {"reason": "litigation"}
        for role in (ADMIN, AUDITOR, COLLECTOR, INTEGRATION):
            headers = svc.as_(role)
            answers[role] = (
                (await svc.client.get(HOLD_URL, headers=headers)).status_code,
                (await svc.client.put(HOLD_URL, json=hold, headers=headers)).status_code,
                (await svc.client.delete(HOLD_URL, headers=headers)).status_code,
            )
        erasures = [
            (await svc.client.post("/customers/C-1001/erasure", json={"basis": "consent_withdrawn"},
                                   headers=svc.as_(role))).status_code
            for role in (AUDITOR, COLLECTOR, INTEGRATION)
        ]  # fmt: skip
        unknown = await svc.hold("C-404")

    assert answers == {ADMIN: (200, 200, 200), AUDITOR: (200, 403, 403),
                       COLLECTOR: (403, 403, 403), INTEGRATION: (403, 403, 403)}  # fmt: skip
    assert erasures == [403, 403, 403]
    assert unknown.status_code == 404


@pytest.mark.parametrize(
    "body",
    [{"reason": "because"}, {"reason": "litigation", "reference": EMAIL},
     {"reason": "litigation", "reference": PHONE}, {"reason": "litigation", "name": PERSON}],
)  # fmt: skip
async def test_a_hold_with_an_unknown_reason_or_personal_data_is_refused(
    redis: aioredis.Redis, settings: Settings, body: dict[str, str]
) -> None:
    async with running(settings, redis) as svc:
        await svc.register()
        answer = await svc.hold(**body)

    assert answer.status_code == 422
    assert [e.type for e in await published(redis)] == ["CustomerRegistered"]


async def test_erasure_under_legal_hold_is_refused_with_the_reason_recorded_and_logged(
    redis: aioredis.Redis, settings: Settings, capfd: pytest.CaptureFixture[str]
) -> None:
    async with running(settings, redis) as svc:
        await svc.register()
        await svc.hold(reason="litigation", reference="CASE-2026-17")
        capfd.readouterr()
        refused = await svc.erase()
        out, err = capfd.readouterr()
        profile = await svc.profile()

    assert refused.status_code == 409
    assert refused.json()["error"] == "under_legal_hold"
    assert "litigation" in refused.json()["detail"]
    [line] = [line for line in (out + err).splitlines() if "erasure_refused" in line]
    assert "litigation" in line and "C-1001" in line and "test-admin" in line
    for planted in PLANTED:
        assert planted not in out + err, planted
    assert profile.json()["legal_name"] == LEGAL_NAME
    assert profile.json()["erasure"] is None
    refusal = (await published(redis))[-1]
    assert refusal.type == "ErasureRefused"
    assert (refusal.hold_reason, refusal.basis) == ("litigation", "data_subject_request")  # type: ignore[attr-defined]
    assert refusal.requested_by == "test-admin"  # type: ignore[attr-defined]


async def test_once_the_hold_is_lifted_the_same_erasure_goes_through(
    redis: aioredis.Redis, settings: Settings
) -> None:
    async with running(settings, redis) as svc:
        await svc.register()
        await svc.hold()
        assert (await svc.erase()).status_code == 409
        await svc.lift()
        erased = await svc.erase()
        profile = await svc.profile()

    assert erased.status_code == 200, erased.text
    assert erased.json()["erasure"]["basis"] == "data_subject_request"
    assert profile.json()["legal_name"] == "[erased]"
    assert [e.type for e in await published(redis)] == [
        "CustomerRegistered", "LegalHoldPlaced", "ErasureRefused", "LegalHoldLifted",
        "PersonalDataErased",
    ]  # fmt: skip
