"""What was already sent to a debtor: times and ids only, never who or what was said."""

from __future__ import annotations

from datetime import datetime

from pydantic import AwareDatetime, BaseModel, ConfigDict

from shared.contracts.notifications import Channel


class SentRecord(BaseModel):
    """One message that left: when, which request, channel, contact id and template."""

    model_config = ConfigDict(frozen=True)

    at: AwareDatetime
    request_id: str
    channel: Channel
    contact_id: str
    template: str


class SendHistory(BaseModel):
    """A debtor's recent sends (the frequency cap's and the spacing rule's memory)."""

    model_config = ConfigDict(frozen=True)

    records: tuple[SentRecord, ...] = ()
    conversations: tuple[AwareDatetime, ...] = ()  # when a collector spoke with the debtor

    def last_conversation(self, now: datetime) -> datetime | None:
        """The latest conversation up to ``now`` (Reg F's seven days run from it)."""
        return max((t for t in self.conversations if t <= now), default=None)

    def before(self, now: datetime, excluding_request: str) -> tuple[SentRecord, ...]:
        """Sends up to ``now`` of other requests, on channels that reach a person."""
        return tuple(
            r for r in self.records
            if r.at <= now and r.request_id != excluding_request and r.channel != "log"
        )  # fmt: skip

    def has(self, template: str, contact_id: str, channel: Channel | None = None) -> bool:
        """Whether ``template`` already went to ``contact_id`` (on ``channel`` if given)."""
        return any(
            r.template == template and r.contact_id == contact_id
            and (channel is None or r.channel == channel)
            for r in self.records
        )  # fmt: skip


NO_HISTORY = SendHistory()
