"""Ports of the notifications service: where contacts come from, how messages leave.

Contact details (names, addresses) exist only in memory, fetched at the moment of
sending; their ``repr`` hides them, so a traceback or a log line cannot leak them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field

from services.notifications.domain.message import RenderedMessage
from services.notifications.domain.recipient import Audience, Recipient
from shared.contracts.money import Money
from shared.contracts.notifications import Channel as ChannelName
from shared.contracts.notifications import InvoiceRef

ADDRESS_FIELDS: dict[ChannelName, tuple[str, ...]] = {
    "email": ("email",),
    "sms": ("phone",),
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

    def find(self, contact_id: str) -> Contact | None:
        return next((c for c in self.contacts if c.contact_id == contact_id), None)

    def audience(self) -> Audience:
        return Audience(
            customer_id=self.customer_id, jurisdiction=self.jurisdiction,
            recipients=tuple(c.as_recipient() for c in self.contacts),
        )  # fmt: skip


class ContactDirectory(Protocol):
    """Contact details of a debtor, fetched at the moment of sending."""

    async def contacts_of(self, customer_id: str) -> ContactBook | None:
        """The debtor's contacts, or None when the customers service does not know it."""
        ...


@dataclass(frozen=True)
class ReminderFacts:
    """The fixed set of facts a template may state (documented in templates/catalog.yaml)."""

    recipient_name: str
    invoices: tuple[InvoiceRef, ...]
    total_outstanding: Money
    reference: str


class Renderer(Protocol):
    """Renders a template in a language from :class:`ReminderFacts`."""

    def render(self, template: str, language: str, facts: ReminderFacts) -> RenderedMessage:
        """Raise ``TemplateUnavailable`` when no such template / language exists."""
        ...


class TemplateUnavailable(LookupError):
    """No template with that id (or no version of it in that language)."""


@dataclass(frozen=True)
class Outgoing:
    """One message to one address: what a channel needs, nothing else."""

    request_id: str
    delivery_id: str
    address: str = field(repr=False)
    masked_address: str
    message: RenderedMessage = field(repr=False)


class ChannelError(Exception):
    """The provider refused or could not take the message; ``permanent`` if retrying is futile."""

    def __init__(self, detail: str, *, permanent: bool) -> None:
        super().__init__(detail)
        self.permanent = permanent


class Channel(Protocol):
    """A way out (e-mail, log, later SMS, letter, webhook). Returns the provider's result."""

    name: ChannelName

    async def send(self, outgoing: Outgoing) -> str:
        """Deliver ``outgoing``; raise :class:`ChannelError` when it did not leave."""
        ...
