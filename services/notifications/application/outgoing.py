"""Ports on the way out: rendering a message and the channels that carry it.

Addresses exist only in memory at the moment of sending; ``repr`` hides them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from services.notifications.domain.facts import ReminderFacts
from services.notifications.domain.message import RenderedMessage
from shared.contracts.notifications import Channel as ChannelName


class Renderer(Protocol):
    """Renders a template in a language from :class:`ReminderFacts`."""

    def render(
        self, template: str, language: str, facts: ReminderFacts, channel: str = "email"
    ) -> RenderedMessage:
        """Raise ``TemplateUnavailable`` when no such template / language exists.

        ``channel`` picks the channel's variant (a short SMS body, a letter's envelope line).
        """
        ...


@dataclass(frozen=True)
class Outgoing:
    """One message to one address: what a channel needs, nothing else."""

    request_id: str
    delivery_id: str
    address: str = field(repr=False)
    masked_address: str
    message: RenderedMessage = field(repr=False)
    idempotency_key: str = ""
    customer_id: str = ""
    contact_id: str = ""
    unsubscribe_url: str | None = None
    formal_demand: bool = False
    composed_at: datetime | None = None  # the message's date (e-mail ``Date:``)
    # Called with the provider's answer the moment it accepted the message, before anything
    # else (a channel that cannot deduplicate calls it: SMTP between 250 and QUIT).
    on_accepted: Callable[[str], Awaitable[None]] | None = field(
        default=None, repr=False, compare=False
    )

    @property
    def key(self) -> str:
        """The provider's idempotency key (``request:channel:contact:attempt``)."""
        return self.idempotency_key or self.delivery_id


class ChannelError(Exception):
    """The provider refused or could not take the message; ``permanent`` if retrying is futile."""

    def __init__(self, detail: str, *, permanent: bool) -> None:
        super().__init__(detail)
        self.permanent = permanent


class TransientChannelError(ChannelError):
    """The provider could not take the message now; the same message may succeed later."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail, permanent=False)


class PermanentChannelError(ChannelError):
    """The provider refused the message for good (bad address, rejected content)."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail, permanent=True)


class Channel(Protocol):
    """A way out (e-mail, SMS, letter, webhook, log). Returns the provider's result.

    ``dedupes`` is True when sending the same :attr:`Outgoing.key` twice has the effect of
    sending it once (the provider keeps idempotency keys, or the channel writes by key).
    """

    name: ChannelName
    dedupes: bool

    async def send(self, outgoing: Outgoing) -> str:
        """Deliver ``outgoing``; raise :class:`ChannelError` when it did not leave."""
        ...
