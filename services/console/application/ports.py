"""What the console's use cases need from the outside world."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, Protocol

from services.console.domain.accounts import Account, PersonRole

Clock = Callable[[], dt.datetime]
"""The current aware instant (the system clock in production; tests pass their own)."""


class AccountStore(Protocol):
    """The console's accounts (Redis ``hk:console:*``)."""

    async def get(self, username: str) -> Account | None: ...

    async def add(self, account: Account) -> bool:
        """Store a new account; False when the username is taken."""
        ...

    async def update(self, username: str, change: Callable[[Account], Account]) -> Account | None:
        """Apply ``change`` to the stored account atomically; None when there is none."""
        ...

    async def all(self) -> list[Account]: ...


class PasswordHasher(Protocol):
    def hash(self, password: str) -> str: ...

    def verify(self, password_hash: str, password: str) -> bool: ...


class KeyIssuer(Protocol):
    """Issues and revokes the services' API keys that act for console users."""

    async def issue(self, name: str, role: PersonRole) -> str: ...

    async def revoke(self, key: str) -> None: ...


class KeySealer(Protocol):
    def seal(self, key: str) -> str: ...

    def open(self, sealed: str) -> str | None: ...


class SessionStore(Protocol):
    """Server-side sessions: the cookie only carries a signed session id."""

    async def start(self, username: str, lifetime: dt.timedelta) -> tuple[str, str]:
        """A new session for ``username``: (session id, CSRF token)."""
        ...

    async def get(self, session_id: str) -> dict[str, Any] | None: ...

    async def end(self, session_id: str) -> None: ...

    async def end_all(self, username: str) -> None: ...


class ServicesApi(Protocol):
    """The other services' HTTP APIs; raises :class:`~services.console.application.errors.
    ApiError` for any refusal."""

    async def json(self, key: str, method: str, service: str, path: str, **kw: Any) -> Any: ...

    async def call(self, key: str, method: str, service: str, path: str, **kw: Any) -> Any: ...

    async def aclose(self) -> None:
        """Close the connections (when the console stops)."""
        ...


class KeyRegistry(KeyIssuer, Protocol):
    """The keys page: every key the services accept, by digest."""

    async def listing(self) -> dict[str, Any]: ...


class Charts(Protocol):
    """Server-side SVG charts."""

    def bars(self, title: str, labels: list[str], series: dict[str, list[float]]) -> str: ...

    def over_time(self, title: str, series: dict[str, list[tuple[dt.datetime, float]]]) -> str: ...
