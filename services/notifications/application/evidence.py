"""Evidence per debtor: every message and every decision, from the hash-chained history.

The debtor's requests come from a small index (ids only); each request's stream is read
and its hash chain verified. What a message keeps: channel, template id and version,
SHA-256 of the rendered content, masked address, addressee role, send time, provider
result, the gate's decisions, and for a formal demand the time it was delivered.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel

from services.notifications.application.ports import RequestIndex
from services.notifications.application.requests import Requests
from services.notifications.domain.errors import NoEvidence
from services.notifications.domain.state import NotificationState
from shared.contracts.notifications import GateDecision
from shared.infra.repository import Repository


class SentMessageEvidence(BaseModel):
    """One message that left, as the evidence keeps it."""

    request_id: str
    channel: str
    contact_id: str | None
    template: str
    template_version: str
    content_sha256: str
    masked_address: str
    addressee_role: str
    sent_at: datetime
    provider_result: str
    formal_demand: bool
    delivered_at: datetime | None
    decisions: tuple[GateDecision, ...]


class RequestEvidence(BaseModel):
    """One notification request's full history and whether its hash chain holds."""

    request_id: str
    verified: bool
    events: list[dict[str, Any]]


class DebtorEvidence(BaseModel):
    customer_id: str
    exported_at: datetime
    verified: bool
    messages: list[SentMessageEvidence]
    requests: list[RequestEvidence]


class EvidenceExport:
    """Builds a debtor's evidence from its requests' hash-chained histories."""

    def __init__(self, repository: Repository[NotificationState], index: RequestIndex) -> None:
        self.repository, self.index = repository, index

    async def of_debtor(self, customer_id: str, now: datetime) -> DebtorEvidence:
        """Raises :class:`NoEvidence` when nothing concerns ``customer_id``."""
        requests: list[RequestEvidence] = []
        for request_id in await self.index.requests_of(customer_id):
            ref = Requests.ref(request_id, customer_id)
            events = await self.repository.export(ref)
            if events:
                report = await self.repository.verify(ref)
                requests.append(RequestEvidence(request_id=request_id, verified=report.ok,
                                                events=events))  # fmt: skip
        if not requests:
            raise NoEvidence(f"no notifications concern customer {customer_id}")
        return DebtorEvidence(
            customer_id=customer_id, exported_at=now,
            verified=all(r.verified for r in requests),
            messages=[m for r in requests for m in messages_of(r)], requests=requests,
        )  # fmt: skip


def messages_of(request: RequestEvidence) -> list[SentMessageEvidence]:
    """The sent messages of one request, with a later delivery receipt folded in."""
    delivered = {
        entry["event"]["reference"]: entry["event"]["delivered_at"]
        for entry in request.events
        if entry["event"]["type"] == "NotificationDelivered"
        and entry["event"]["status"] == "delivered"
    }
    found: list[SentMessageEvidence] = []
    for entry in request.events:
        event = entry["event"]
        if event["type"] != "NotificationSent":
            continue
        arrived = event.get("delivered_at") or delivered.get(event.get("idempotency_key", ""))
        found.append(SentMessageEvidence.model_validate({**event, "delivered_at": arrived}))
    return found
