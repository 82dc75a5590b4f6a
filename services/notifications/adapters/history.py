"""The send-history projection: when each message left, per debtor, in Redis.

Fed from ``NotificationSent`` on this service's own outbound streams and collections'
``ConversationRecorded`` (followed in ``entrypoints/subscribe.py``); read when the gate is
asked (T3 frequency caps and rest after a conversation, T4 spacing, R3 one confirmation,
T5 once per person).
A sorted set per debtor, in the debtor's partition (``hk:{pNN}:sent:notifications:<id>``),
scored by send time; members hold ids only (request, channel, contact, template), never a
name or an address. Entries older than the retention are trimmed on every write.
"""

from __future__ import annotations

import asyncio
import json
from datetime import timedelta

import redis.asyncio as aioredis

from services.notifications.application.ports import ContactBook, ContactDirectory
from services.notifications.domain.history import SendHistory, SentRecord
from shared.contracts.collections import ConversationRecorded
from shared.contracts.notifications import NotificationSent
from shared.infra import keys
from shared.kernel.time import from_epoch_ms, to_epoch_ms

RETENTION = timedelta(days=35)
CONVERSATION_CHANNELS = frozenset(
    {"phone", "video", "visit"}
)  # spoken, as Reg F means it  # longer than any window or spacing a pack uses


def history_key(customer_id: str, partitions: int) -> str:
    partition = keys.partition_of(customer_id, partitions)
    return f"{keys.PREFIX}:{keys.tag(partition)}:sent:notifications:{customer_id}"


class RedisSendHistory:
    """:class:`~services.notifications.application.ports.SendLog` in Redis, read back for
    the gate (one round trip each)."""

    def __init__(self, redis: aioredis.Redis, partitions: int) -> None:
        self.redis, self.partitions = redis, partitions

    async def record(self, sent: NotificationSent) -> None:
        """Add one send (idempotent: a redelivered event rewrites the same member)."""
        member = json.dumps({"r": sent.request_id, "c": sent.channel,
                             "k": sent.contact_id or "", "t": sent.template},
                            separators=(",", ":"), sort_keys=True)  # fmt: skip
        await self._add(sent.customer_id, member, to_epoch_ms(sent.sent_at))

    async def record_conversation(self, spoken: ConversationRecorded) -> None:
        """Add one conversation held with the debtor (a call answered, a video call, a
        visit; a missed call or a written message is none). Its member holds its id only."""
        if not spoken.reached or spoken.channel not in CONVERSATION_CHANNELS:
            return
        member = json.dumps({"conversation": spoken.conversation_id}, separators=(",", ":"))
        await self._add(spoken.customer_id, member, to_epoch_ms(spoken.held_at))

    async def _add(self, customer_id: str, member: str, at: int) -> None:
        key = history_key(customer_id, self.partitions)
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.zadd(key, {member: at})
            pipe.zremrangebyscore(key, "-inf", at - int(RETENTION.total_seconds() * 1000))
            pipe.pexpire(key, int(RETENTION.total_seconds() * 1000))
            await pipe.execute()

    async def history_of(self, customer_id: str) -> SendHistory:
        rows: list[tuple[bytes, float]] = await self.redis.zrange(  # type: ignore[assignment]
            history_key(customer_id, self.partitions), 0, -1, withscores=True
        )
        parsed = [(json.loads(member), score) for member, score in rows]
        return SendHistory(
            records=tuple(_record(data, score) for data, score in parsed
                          if "conversation" not in data),
            conversations=tuple(from_epoch_ms(int(score)) for data, score in parsed
                                if "conversation" in data),
        )  # fmt: skip


def _record(data: dict[str, str], score: float) -> SentRecord:
    return SentRecord(at=from_epoch_ms(int(score)), request_id=data["r"], channel=data["c"],
                      contact_id=data["k"], template=data["t"])  # fmt: skip


class WithSendHistory:
    """A contact directory whose books carry the debtor's send history (for the gate)."""

    def __init__(self, inner: ContactDirectory, history: RedisSendHistory) -> None:
        self.inner, self.history = inner, history

    async def contacts_of(self, customer_id: str) -> ContactBook | None:
        book, past = await asyncio.gather(
            self.inner.contacts_of(customer_id), self.history.history_of(customer_id)
        )
        return book.model_copy(update={"history": past}) if book else None
