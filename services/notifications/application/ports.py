"""Ports of the notifications service: contacts and consent (the customers service), and
what is kept beside the streams (request index, send log, leases, evidence documents).

Contact details (names, addresses) exist only in memory, fetched at the moment of
sending; their ``repr`` hides them, so a traceback or a log line cannot leak them.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field

from services.notifications.domain.history import NO_HISTORY, SendHistory
from services.notifications.domain.recipient import Audience, Recipient, Slot
from services.notifications.domain.standing import Standing
from shared.contracts.collections import ConversationRecorded
from shared.contracts.notifications import Channel as ChannelName
from shared.contracts.notifications import NotificationSent
from shared.infra.transient import TransientError

if TYPE_CHECKING:
    from services.notifications.application.evidence import DebtorEvidence

ADDRESS_FIELDS: dict[ChannelName, tuple[str, ...]] = {
    "email": ("email",),
    "sms": ("phone",),
    "letter": ("name",),  # printed and posted by the mailing house; the PDF names the addressee
    "webhook": ("contact_id",),  # the company's own system knows its contacts by id
    "log": ("email", "phone"),
}
CHANNELS_WITH_ADDRESS: tuple[ChannelName, ...] = tuple(ADDRESS_FIELDS)


class Contact(BaseModel):
    """One registered contact of a debtor, as the customers service serves it."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    contact_id: str
    name: str = Field(default="", repr=False)
    email: str | None = Field(default=None, repr=False)
    phone: str | None = Field(default=None, repr=False)
    language: str = "en"
    timezone: str | None = None
    role: str = "third_party"
    consent: dict[str, bool] = Field(default_factory=dict)
    represented_by_lawyer: bool = False
    cease_contact: bool = False
    shared_channels: frozenset[ChannelName] = frozenset()
    inconvenient: tuple[Slot, ...] = ()
    inconvenient_channels: frozenset[ChannelName] = frozenset()

    def address_for(self, channel: str) -> str | None:
        """The address a channel would use, or None when none is on file."""
        for name in ADDRESS_FIELDS.get(channel, ()):  # type: ignore[call-overload]
            value = getattr(self, name)
            if value:
                return str(value)
        return None

    def as_recipient(self) -> Recipient:
        return Recipient(
            contact_id=self.contact_id, role=self.role, language=self.language,
            timezone=_known_zone(self.timezone), consent=self.consent,
            represented_by_lawyer=self.represented_by_lawyer,
            reachable=frozenset(c for c in CHANNELS_WITH_ADDRESS if self.address_for(c)),
            cease_contact=self.cease_contact, shared_channels=self.shared_channels,
            inconvenient=self.inconvenient, inconvenient_channels=self.inconvenient_channels,
        )  # fmt: skip


def _known_zone(zone: str | None) -> str | None:
    if not zone:
        return None
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        return None
    return zone


class ContactBook(BaseModel):
    """A debtor's contacts and jurisdiction (``GET /internal/customers/{id}/contacts``)."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    customer_id: str
    jurisdiction: str = "cn"
    contacts: tuple[Contact, ...] = ()
    # Not served by the customers service: the send-history projection adds it (ids, times).
    history: SendHistory = NO_HISTORY

    def find(self, contact_id: str) -> Contact | None:
        return next((c for c in self.contacts if c.contact_id == contact_id), None)

    def audience(self) -> Audience:
        return Audience(
            customer_id=self.customer_id, jurisdiction=self.jurisdiction,
            recipients=tuple(c.as_recipient() for c in self.contacts), history=self.history,
        )  # fmt: skip


class ContactDirectory(Protocol):
    """Contact details of a debtor, fetched at the moment of sending."""

    async def contacts_of(self, customer_id: str) -> ContactBook | None:
        """The debtor's contacts, or None when the customers service does not know it."""
        ...


class DebtorStandings(Protocol):
    """The debtor's standing in collections, read when a deferred or retried message is due."""

    async def standing_of(self, customer_id: str) -> Standing:
        """The standing now (``known=False`` when collections has no such debtor); raise
        :class:`CollectionsUnavailable` when collections does not answer usefully."""
        ...


class CollectionsUnavailable(TransientError):
    """The collections service did not answer usefully: transient, retried later."""


class Handoffs(Protocol):
    """What a provider that cannot deduplicate (SMTP) took, written the moment it answered
    (before the outcome is appended): a restarted sender reads it instead of sending again."""

    async def record(self, key: str, result: str, at: datetime) -> None: ...

    async def taken(self, key: str) -> tuple[str, datetime] | None:
        """The provider's answer and when, for the claim ``key``; None when none was recorded."""
        ...


class MemoryHandoffs:
    """In-process hand-off records (tests and single-process tools)."""

    def __init__(self) -> None:
        self.records: dict[str, tuple[str, datetime]] = {}

    async def record(self, key: str, result: str, at: datetime) -> None:
        self.records[key] = (result, at)

    async def taken(self, key: str) -> tuple[str, datetime] | None:
        return self.records.get(key)


class InFlight(Protocol):
    """Short leases on claim keys: one worker at a time calls a provider for a claim."""

    async def hold(self, key: str, ttl_ms: int) -> bool:
        """Take the lease on ``key`` for ``ttl_ms``; False when someone else holds it."""
        ...

    async def release(self, key: str) -> None: ...


class MemoryInFlight:
    """In-process leases (tests and single-process tools); expiry is not modelled."""

    def __init__(self) -> None:
        self.held: set[str] = set()

    async def hold(self, key: str, ttl_ms: int) -> bool:
        if key in self.held:
            return False
        self.held.add(key)
        return True

    async def release(self, key: str) -> None:
        self.held.discard(key)


class RequestLocator(Protocol):
    """Finds the debtor (partition key) a request id belongs to."""

    async def customer_of(self, request_id: str) -> str | None: ...


class RequestIndex(Protocol):
    """Which notification requests concern a debtor (ids only), for the evidence export and
    the debtor's list of notifications (newest first, paged)."""

    async def add(self, customer_id: str, request_id: str, at: datetime) -> None: ...

    async def requests_of(self, customer_id: str) -> list[str]: ...

    async def page_of(self, customer_id: str, offset: int, limit: int) -> tuple[list[str], int]:
        """Request ids newest first from ``offset`` (at most ``limit``), and how many in all."""
        ...


class SendLog(Protocol):
    """Keeps what was sent to each debtor (ids and times), for the gate's memory."""

    async def record(self, sent: NotificationSent) -> None:
        """Add one send (idempotent: the same event again changes nothing)."""
        ...

    async def record_conversation(self, spoken: ConversationRecorded) -> None:
        """Add a conversation a collector had with the debtor (idempotent)."""
        ...


class CustomersUnavailable(TransientError):
    """The customers service did not answer usefully: transient, the handler retries later
    (a route answers 503)."""


class ConsentRecorder(Protocol):
    """Records a contact's withdrawn consent on a channel in the customers service."""

    async def withdraw(self, customer_id: str, contact_id: str, channel: str, source: str) -> None:
        """Raise when the customers service did not record it (the caller answers 503)."""
        ...


class EvidenceDocument(Protocol):
    """Renders a debtor's evidence as a printable document (a PDF)."""

    def __call__(self, evidence: DebtorEvidence) -> bytes: ...
