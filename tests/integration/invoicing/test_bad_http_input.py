"""Bad input over the admin API: each refused with a clear 4xx, nothing stored, nothing blocked."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import pytest
import redis.asyncio as aioredis

from shared.infra.settings import Settings
from shared.web.auth import Role
from tests.integration.invoicing.harness import issue_body, out_events, registered, running

LIMIT = 4096


def with_amount(amount: str, currency: str = "CNY") -> dict[str, Any]:
    return {**issue_body(), "amount": {"amount": amount, "currency": currency}}


BAD_BODIES: dict[str, tuple[bytes, int, str]] = {
    "malformed JSON": (b'{"external_number": "INV-1",', 422, "JSON"),
    "negative amount": (json.dumps(with_amount("-5.00")).encode(), 422, "more than zero"),
    "unknown currency": (json.dumps(with_amount("5.00", "ABC")).encode(), 422, "unknown currency"),
    "too many decimals": (json.dumps(with_amount("5.001")).encode(), 422, "decimal"),
    "missing fields": (json.dumps({"external_number": "INV-1"}).encode(), 422, "customer_id"),
    "oversized": (
        json.dumps({**issue_body(), "pad": "x" * LIMIT}).encode(),
        413,
        "exceeds the limit",
    ),
}


@pytest.mark.parametrize("case", list(BAD_BODIES))
async def test_bad_invoice_bodies_are_refused_with_a_clear_error_and_the_next_good_one_passes(
    case: str, redis: aioredis.Redis, settings: Settings
) -> None:
    body, status, words = BAD_BODIES[case]
    async with running(settings.model_copy(update={"max_payload_bytes": LIMIT}), redis) as svc:
        await registered(svc, redis, "C-1")
        headers = {**svc.as_(Role.INTEGRATION), "content-type": "application/json"}
        refused = await svc.client.post("/invoices", content=body, headers=headers)
        assert await out_events(redis) == []
        accepted = await svc.client.post("/invoices", json=issue_body(), headers=headers)

    assert refused.status_code == status
    assert words.lower() in refused.text.lower()
    assert accepted.status_code == 201
    assert [e.type for e in await out_events(redis)] == ["InvoiceIssued"]


async def test_an_oversized_body_without_a_declared_length_is_cut_off_with_413(
    redis: aioredis.Redis, settings: Settings
) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        for _ in range(10):
            yield b" " * 1024  # JSON whitespace: only the size is wrong

    async with running(settings.model_copy(update={"max_payload_bytes": LIMIT}), redis) as svc:
        await registered(svc, redis, "C-1")
        headers = {**svc.as_(Role.INTEGRATION), "content-type": "application/json"}
        refused = await svc.client.post("/invoices", content=chunks(), headers=headers)

    assert "content-length" not in {k.lower() for k in refused.request.headers}
    assert refused.status_code == 413
    assert "exceeds the limit of 4096 bytes" in refused.json()["detail"]
    assert await out_events(redis) == []
