"""Strangers reach the public routes (SMS provider callbacks, unsubscribe links): whatever
they send is answered 400/401/403/409 with the reason, never a 500, and a signed callback
counts once — a replay within its window is refused, and a signature may be dated at most
30 s ahead."""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
import redis.asyncio as aioredis

from services.notifications.application.links import UnsubscribeLinks
from services.notifications.application.signatures import signature_header
from shared.infra.settings import Settings
from tests.integration.notifications.harness import (
    INTERNAL_KEY,
    CustomersApi,
    customers_server,
    running,
)

INBOUND = "an-inbound-secret-for-the-sms-provider"
UNSUBSCRIBE = "an-unsubscribe-secret-for-links-0123"
UNSUBSCRIBE_BEFORE = "the-unsubscribe-secret-before-rotation-4567"
CALLBACK = "/notifications/inbound/sms"


@pytest.fixture
async def public(settings: Settings, redis: aioredis.Redis) -> AsyncIterator[httpx.AsyncClient]:
    api = CustomersApi({"C-1": {"customer_id": "C-1", "jurisdiction": "cn", "contacts": []}})
    with customers_server(api) as url:
        config = settings.model_copy(update={
            "customers_url": url, "internal_api_key": INTERNAL_KEY,
            "sms_inbound_secret": INBOUND, "unsubscribe_secret": UNSUBSCRIBE,
            "unsubscribe_secret_previous": UNSUBSCRIBE_BEFORE,
        })  # fmt: skip
        async with running(config, redis) as app:
            yield app.client


def signed(payload: Any, at: float | None = None, secret: str = INBOUND) -> dict[str, Any]:
    body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    stamp = str(int(time.time() if at is None else at))
    headers = {"X-Huikuan-Signature": signature_header(secret, stamp, body)}
    return {"content": body, "headers": {**headers, "Content-Type": "application/json"}}


RECEIPT = {"type": "receipt", "reference": "req-unknown:sms:ct-1:1", "status": "delivered"}


async def test_a_signature_with_a_non_ascii_timestamp_is_400(public: httpx.AsyncClient) -> None:
    body = json.dumps(RECEIPT).encode()
    header = ("t=17²,v1=" + "0" * 64).encode("latin-1")  # '²': a digit to isdigit(), not int()
    answer = await public.post(CALLBACK, content=body, headers={"X-Huikuan-Signature": header})

    assert answer.status_code == 400
    assert "malformed X-Huikuan-Signature" in answer.json()["detail"]


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"not json at all", "Invalid JSON"),
        (b"[1, 2]", "Input should be an object"),
        (json.dumps({"type": "invoice", "reference": "x"}).encode(), "type"),
        (json.dumps({"type": "reply"}).encode(), "reference"),
    ],
)
async def test_a_correctly_signed_body_that_is_not_a_known_callback_is_400(
    public: httpx.AsyncClient, body: bytes, reason: str
) -> None:
    answer = await public.post(CALLBACK, **signed(body))

    assert answer.status_code == 400
    assert reason in answer.json()["detail"]


async def test_a_signed_callback_is_handled_once_and_its_replay_refused(
    public: httpx.AsyncClient,
) -> None:
    request = signed(RECEIPT)
    first = await public.post(CALLBACK, **request)
    replay = await public.post(CALLBACK, **request)

    assert first.status_code == 202
    assert replay.status_code == 409
    assert replay.json()["detail"] == "this signed callback was already received"


@pytest.mark.parametrize(("ahead_s", "status"), [(20, 202), (29, 202), (45, 401), (299, 401)])
async def test_a_signature_may_be_dated_at_most_30_seconds_ahead(
    public: httpx.AsyncClient, ahead_s: int, status: int
) -> None:
    payload = {**RECEIPT, "reference": f"req-ahead-{ahead_s}:sms:ct-1:1"}
    answer = await public.post(CALLBACK, **signed(payload, at=time.time() + ahead_s))

    assert answer.status_code == status


async def test_stale_missing_and_wrong_signatures_are_401(public: httpx.AsyncClient) -> None:
    stale = await public.post(CALLBACK, **signed(RECEIPT, at=time.time() - 301))
    wrong = await public.post(CALLBACK, **signed(RECEIPT, secret="someone-elses-secret"))
    missing = await public.post(CALLBACK, content=json.dumps(RECEIPT).encode())

    assert [a.status_code for a in (stale, wrong, missing)] == [401, 401, 401]
    assert "stale" in stale.json()["detail"]


@pytest.mark.parametrize("token", ["ü" * 64, "€uro", "zz" * 32, "", "0" * 64 + "\u202e"])
async def test_an_unsubscribe_link_with_a_token_that_is_no_token_is_403(
    public: httpx.AsyncClient, token: str
) -> None:
    query = {"customer": "C-1", "contact": "ct-1", "channel": "email", "token": token}
    page = await public.get("/notifications/unsubscribe", params=query)
    confirm = await public.post("/notifications/unsubscribe", params=query)

    assert (page.status_code, confirm.status_code) == (403, 403)
    assert page.json()["detail"] == "invalid unsubscribe link"


async def test_a_genuine_unsubscribe_link_still_opens_its_page(public: httpx.AsyncClient) -> None:
    link = UnsubscribeLinks("https://huikuan.example", UNSUBSCRIBE).url("C-1", "ct-1", "email")
    answer = await public.get("/notifications/unsubscribe?" + link.split("?", 1)[1])

    assert answer.status_code == 200 and 'method="post"' in answer.text


async def test_during_a_rotation_a_link_signed_with_the_previous_secret_still_works(
    public: httpx.AsyncClient,
) -> None:
    """Links already in mailboxes were signed before the rotation; a forged one stays out."""
    sent_before = UnsubscribeLinks("https://huikuan.example", UNSUBSCRIBE_BEFORE)
    forged = UnsubscribeLinks("https://huikuan.example", "a-secret-nobody-configured-890")

    old = await public.get(
        "/notifications/unsubscribe?" + sent_before.url("C-1", "ct-1", "email").split("?", 1)[1]
    )
    fake = await public.get(
        "/notifications/unsubscribe?" + forged.url("C-1", "ct-1", "email").split("?", 1)[1]
    )

    assert old.status_code == 200 and 'method="post"' in old.text
    assert fake.status_code == 403 and fake.json()["detail"] == "invalid unsubscribe link"
