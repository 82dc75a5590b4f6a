"""Fake far sides speaking real HTTP: an SMS provider and a company's webhook receiver.

The SMS provider keeps idempotency keys as real providers do: a repeated key answers
the first answer and sends nothing new. ``answers`` queues failures to give first;
``on_message`` runs before answering (a test may kill the sender there).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
from fastapi import FastAPI, Header, HTTPException, Request

from services.notifications.application.signatures import signature_header, verify_signature_header

SMS_TOKEN = "sms-provider-token-0123456789"
WEBHOOK_SECRET = "webhook-secret-0123456789"
INBOUND_SECRET = "inbound-secret-0123456789"


@dataclass
class SmsProvider:
    """Messages by idempotency key; ``calls`` counts every POST, retries included."""

    messages: dict[str, dict[str, Any]] = field(default_factory=dict)
    calls: int = 0
    answers: list[int] = field(default_factory=list)
    on_message: Callable[[], None] | None = None

    def texts(self) -> list[str]:
        return [m["text"] for m in self.messages.values()]

    def app(self) -> FastAPI:
        app = FastAPI()

        @app.post("/sms")
        async def send(request: Request, authorization: str = Header(""),
                       idempotency_key: str = Header("")) -> dict[str, Any]:  # fmt: skip
            self.calls += 1
            if authorization != f"Bearer {SMS_TOKEN}":
                raise HTTPException(401, "bad token")
            if self.answers:
                raise HTTPException(self.answers.pop(0), "scripted failure")
            body = await request.json()
            if idempotency_key not in self.messages:
                self.messages[idempotency_key] = {**body, "id": f"sms-{len(self.messages) + 1}"}
            if self.on_message is not None:
                self.on_message()
            return {"id": self.messages[idempotency_key]["id"], "status": "queued"}

        return app


@dataclass
class WebhookReceiver:
    """Accepts only correctly signed, fresh calls; keeps each once per idempotency key."""

    received: dict[str, dict[str, Any]] = field(default_factory=dict)
    rejected: int = 0

    def app(self) -> FastAPI:
        app = FastAPI()

        @app.post("/hook")
        async def hook(request: Request, x_huikuan_signature: str = Header(""),
                       idempotency_key: str = Header("")) -> dict[str, str]:  # fmt: skip
            body = await request.body()
            if not verify_signature_header(WEBHOOK_SECRET, x_huikuan_signature, body, time.time()):
                self.rejected += 1
                raise HTTPException(401, "bad signature")
            self.received.setdefault(idempotency_key, json.loads(body))
            return {"id": f"crm-{len(self.received)}"}

        return app


async def provider_callback(
    client: httpx.AsyncClient, payload: dict[str, Any], secret: str = INBOUND_SECRET
) -> httpx.Response:
    """What the SMS provider posts back to the inbound endpoint, signed."""
    body = json.dumps(payload, ensure_ascii=False).encode()
    headers = {"X-Huikuan-Signature": signature_header(secret, str(int(time.time())), body),
               "Content-Type": "application/json"}  # fmt: skip
    return await client.post("/notifications/inbound/sms", content=body, headers=headers)
