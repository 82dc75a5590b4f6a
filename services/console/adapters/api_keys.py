"""The services' API keys, issued and revoked the way ``huikuan keys`` does it.

Each console account gets a key of its own role named ``console:<username>``, so the
services name the person in every event a write through the console makes. The keys
page lists, creates and revokes keys with the same key book (``shared.infra.api_keys``):
records authenticated with the installation's API-key secret.
"""

from __future__ import annotations

from services.console.domain.accounts import PersonRole
from shared.infra.api_keys import ApiKeyRecord, KeyBook, Role


class ApiKeys:
    def __init__(self, book: KeyBook) -> None:
        self.book = book

    async def issue(self, name: str, role: PersonRole | str) -> str:
        return await self.book.create(name, Role(role))

    async def revoke(self, key: str) -> None:
        await self.book.revoke(key)

    async def listing(self) -> dict[str, ApiKeyRecord]:
        return await self.book.listing()
