"""Personal data at rest in Redis, encrypted with a data key per customer.

One hash per customer, ``hk:customers:pii:<customer_id>``: ``dek`` is the customer's
Fernet data key wrapped by the master key, ``data`` the personal data as JSON encrypted
with the data key. Deleting ``dek`` makes ``data`` unreadable (crypto-shredding);
:meth:`RedisPersonalDataVault.shred` deletes the whole hash.
"""

from __future__ import annotations

from typing import Any

import redis.asyncio as aioredis
from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from services.customers.domain.personal import PersonalData
from shared.infra import keys

PII_PREFIX = f"{keys.PREFIX}:customers:pii"


def pii_key(customer_id: str) -> str:
    return f"{PII_PREFIX}:{customer_id}"


class PersonalDataUnreadable(RuntimeError):
    """A record exists but cannot be decrypted (wrong master key, or tampered data)."""


class RedisPersonalDataVault:
    """:class:`~services.customers.application.ports.PersonalDataVault` on Redis hashes."""

    def __init__(self, redis: aioredis.Redis, master: MultiFernet) -> None:
        self.redis = redis
        self.master = master

    async def keep(self, data: PersonalData) -> None:
        key = pii_key(data.customer_id)
        existing = await self.redis.hget(key, "dek")
        # One data key per customer for its lifetime: a replaced record keeps the key.
        wrapped = existing if isinstance(existing, bytes) else self._new_data_key()
        sealed = self._data_key(data.customer_id, wrapped).encrypt(data.model_dump_json().encode())
        await self.redis.hset(key, mapping={"dek": wrapped, "data": sealed})

    async def read(self, customer_id: str) -> PersonalData | None:
        record: dict[Any, Any] = await self.redis.hgetall(pii_key(customer_id))
        wrapped, sealed = record.get(b"dek"), record.get(b"data")
        if wrapped is None or sealed is None:
            return None
        try:
            plain = self._data_key(customer_id, wrapped).decrypt(sealed)
        except InvalidToken as exc:
            raise PersonalDataUnreadable(f"personal data of {customer_id} is unreadable") from exc
        data = PersonalData.model_validate_json(plain)
        if data.customer_id != customer_id:
            raise PersonalDataUnreadable(f"personal data under {customer_id} belongs elsewhere")
        return data

    async def shred(self, customer_id: str) -> None:
        # One DEL takes the wrapped key and the sealed data together.
        await self.redis.delete(pii_key(customer_id))

    def _new_data_key(self) -> bytes:
        return self.master.encrypt(Fernet.generate_key())

    def _data_key(self, customer_id: str, wrapped: bytes) -> Fernet:
        try:
            return Fernet(self.master.decrypt(wrapped))
        except InvalidToken as exc:
            raise PersonalDataUnreadable(
                f"the data key of {customer_id} does not open with the master key"
            ) from exc
