"""What the domain may know of a contact: ids, role, consent, zone — never who they are."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, time, timedelta

from pydantic import BaseModel, ConfigDict, Field

from services.notifications.domain.history import NO_HISTORY, SendHistory
from shared.contracts.notifications import Channel


class Slot(BaseModel):
    """A time the debtor named inconvenient (R9), in the recipient's local time.

    ``start`` inclusive, ``end`` exclusive (``end`` ≤ ``start`` runs past midnight);
    ``weekdays`` 0 = Monday; empty ``channels`` means every channel.
    """

    model_config = ConfigDict(frozen=True)

    start: time
    end: time
    weekdays: frozenset[int] = frozenset(range(7))
    channels: frozenset[Channel] = frozenset()

    def covers(self, local: datetime, channel: str) -> bool:
        if self.channels and channel not in self.channels:
            return False
        clock = local.time().replace(tzinfo=None)
        if self.start < self.end:
            return local.weekday() in self.weekdays and self.start <= clock < self.end
        if clock >= self.start:
            return local.weekday() in self.weekdays
        return (local.weekday() - 1) % 7 in self.weekdays and clock < self.end

    def end_after(self, local: datetime) -> datetime:
        """Where a slot covering ``local`` ends (local time, in ``local``'s zone)."""
        end = datetime.combine(local.date(), self.end, tzinfo=local.tzinfo)
        return end if end > local else end + timedelta(days=1)


class Recipient(BaseModel):
    """A registered contact as the gate sees it.

    ``reachable`` lists the channels for which an address is on file; ``timezone`` is an
    IANA zone or ``None`` when unknown (then the jurisdiction's candidate zones apply).
    ``shared_channels`` are channels others may see (a shared phone: R6 limited content);
    ``inconvenient`` / ``inconvenient_channels`` are what the debtor named (R9).
    """

    model_config = ConfigDict(frozen=True)

    contact_id: str
    role: str
    language: str = "en"
    timezone: str | None = None
    consent: Mapping[str, bool] = Field(default_factory=dict)
    represented_by_lawyer: bool = False
    reachable: frozenset[Channel] = frozenset()
    cease_contact: bool = False
    shared_channels: frozenset[Channel] = frozenset()
    inconvenient: tuple[Slot, ...] = ()
    inconvenient_channels: frozenset[Channel] = frozenset()


class Audience(BaseModel):
    """The debtor's registered contacts at the moment of sending, their jurisdiction and
    what was recently sent to the debtor (ids and times only)."""

    model_config = ConfigDict(frozen=True)

    customer_id: str
    jurisdiction: str
    recipients: tuple[Recipient, ...] = ()
    history: SendHistory = NO_HISTORY

    def find(self, contact_id: str) -> Recipient | None:
        return next((r for r in self.recipients if r.contact_id == contact_id), None)

    @property
    def represented(self) -> bool:
        """R2: a contact of the debtor said a lawyer represents the debtor."""
        return any(r.represented_by_lawyer for r in self.recipients)

    @property
    def cease_contact(self) -> bool:
        """R4: the debtor asked in writing that contact cease."""
        return any(r.cease_contact for r in self.recipients)
