"""The first administrator, for ``huikuan up``: created once, with a one-time password."""

from __future__ import annotations

import asyncio

import redis.asyncio as aioredis

from services.console.app import build_console
from services.console.settings import CONSOLE_PORT, ConsoleSettings

FIRST_ADMIN = "admin"


async def ensure_first_admin(settings: ConsoleSettings) -> str | None:
    """Create ``admin`` with a one-time password when the console has no account yet;
    the password (shown once), or None when accounts exist already."""
    redis = aioredis.Redis.from_url(settings.redis_url)
    try:
        console = build_console(settings, redis)
        if await console.accounts.store.all():
            return None
        _, password = await console.accounts.create(FIRST_ADMIN, "admin", "zh-CN")
        await console.api.aclose()  # type: ignore[attr-defined]
        return password
    finally:
        await redis.aclose()


def first_admin_lines(settings: ConsoleSettings | None = None) -> list[str]:
    """What ``huikuan up`` prints about the console."""
    settings = settings or ConsoleSettings()
    url = f"http://127.0.0.1:{settings.port or CONSOLE_PORT}"
    password = asyncio.run(ensure_first_admin(settings))
    if password is None:
        return [f"  {'console':<14} {url}   (sign in with your console account)"]
    return [
        f"  {'console':<14} {url}",
        f"console: user {FIRST_ADMIN!r}, one-time password (shown once): {password}",
    ]
