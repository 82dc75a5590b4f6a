"""Re-wrapping every customer's data key with the first master key (master-key rotation).

A rotation puts the new master key first in ``HUIKUAN_PII_MASTER_KEY`` (the old one after
it, so existing data keys still open), then runs :func:`rewrap_data_keys`: each wrapped
data key that does not open with the first key alone is opened with the configured keys
and wrapped again with the first. The data key itself is unchanged, so the sealed personal
data is not touched. When a run reports nothing left to re-wrap, the old master key can be
dropped from the setting.

Idempotent and resumable: a key already wrapped with the first master key is left as it
is, so a run that stopped part-way is simply run again. Each record is replaced only if its
wrapped key is still the one read (a check-and-set script on that one hash: one slot, safe
on Redis Cluster), so a customer erased meanwhile is never given a key back: the erasure's
DEL wins, and an erased customer's record stays absent.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import redis.asyncio as aioredis
from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from services.customers.adapters.vault import PII_PREFIX

# Replace the wrapped key only if it is still the one read: 1 replaced, 0 changed or gone.
SWAP_IF_UNCHANGED = """
if redis.call('HGET', KEYS[1], 'dek') == ARGV[1] then
  redis.call('HSET', KEYS[1], 'dek', ARGV[2])
  return 1
end
return 0
"""


@dataclass
class RewrapReport:
    """What one run did: re-wrapped, already under the first key, changed under it, unreadable."""

    rewrapped: int = 0
    already: int = 0
    changed_meanwhile: int = 0
    unreadable: list[str] = field(default_factory=list)

    @property
    def left(self) -> int:
        """Records still not wrapped with the first key (run again, or look at them)."""
        return self.changed_meanwhile + len(self.unreadable)


async def rewrap_data_keys(
    redis: aioredis.Redis, keys: list[Fernet], *, scan_count: int = 500
) -> RewrapReport:
    """Wrap every customer's data key with ``keys[0]``; ``keys`` are the configured ones."""
    first, every = keys[0], MultiFernet(keys)
    swap = redis.register_script(SWAP_IF_UNCHANGED)
    report = RewrapReport()
    async for key in redis.scan_iter(match=f"{PII_PREFIX}:*", count=scan_count):
        wrapped = await redis.hget(key, "dek")
        if not isinstance(wrapped, bytes):
            continue  # erased (or gone) since the scan saw it: nothing to wrap
        try:
            first.decrypt(wrapped)
            report.already += 1
            continue
        except InvalidToken:
            pass
        try:
            data_key = every.decrypt(wrapped)
        except InvalidToken:
            name = key.decode() if isinstance(key, bytes) else str(key)
            report.unreadable.append(name.removeprefix(f"{PII_PREFIX}:"))
            continue
        if await swap(keys=[key], args=[wrapped, first.encrypt(data_key)]):
            report.rewrapped += 1
        elif isinstance(await redis.hget(key, "dek"), bytes):
            report.changed_meanwhile += 1
    return report
