"""What the notifications routes and stream handlers use; built by the composition root."""

from __future__ import annotations

from dataclasses import dataclass

from services.notifications.application.deliver import Notifier
from services.notifications.application.evidence import EvidenceExport
from services.notifications.application.inbound import Inbound
from services.notifications.application.links import UnsubscribeLinks
from services.notifications.application.optout import OptOuts
from services.notifications.application.ports import EvidenceDocument, SendLog
from services.notifications.application.views import NotificationQueries
from shared.infra.clock import Clock


@dataclass(frozen=True)
class Container:
    notifier: Notifier
    queries: NotificationQueries
    optouts: OptOuts
    inbound: Inbound
    links: UnsubscribeLinks
    evidence: EvidenceExport
    evidence_document: EvidenceDocument
    send_log: SendLog
    sms_inbound_secret: str
    clock: Clock
