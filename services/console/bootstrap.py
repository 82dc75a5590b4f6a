"""The console's start-up pieces for ``huikuan up``: its port, and a first administrator
created once with a one-time password."""

from __future__ import annotations

import asyncio

from services.console.adapters.api_keys import ApiKeys
from services.console.adapters.passwords import Argon2Passwords
from services.console.adapters.redis_accounts import RedisAccounts, RedisSessions
from services.console.adapters.secrets import SealedKeys, console_secret
from services.console.app import system_clock
from services.console.application.accounts import Accounts
from services.console.domain.accounts import LockoutRule
from services.console.settings import CONSOLE_PORT, ConsoleSettings
from shared.infra.api_keys import key_book
from shared.infra.runtime import redis_client

__all__ = ["CONSOLE_PORT", "FIRST_ADMIN", "console_lines", "ensure_first_admin"]

FIRST_ADMIN = "admin"


async def ensure_first_admin(settings: ConsoleSettings) -> str | None:
    """Create ``admin`` with a one-time password when the console has no account yet;
    the password (to be shown once), or None when accounts exist already."""
    redis = redis_client(settings)
    try:
        accounts = Accounts(
            RedisAccounts(redis), Argon2Passwords(), ApiKeys(key_book(redis, settings)),
            SealedKeys(console_secret(settings)), RedisSessions(redis, system_clock),
            system_clock, LockoutRule(),
        )  # fmt: skip
        if await accounts.store.all():
            return None
        _, password = await accounts.create(FIRST_ADMIN, "admin", "zh-CN")
        return password
    finally:
        await redis.aclose()


def console_lines(redis_url: str, var_dir: str) -> list[str]:
    """What ``huikuan up`` prints about the console (the secret is created under
    ``var_dir`` first, so the console process finds the same one)."""
    settings = ConsoleSettings(redis_url=redis_url, console_var_dir=var_dir)
    password = asyncio.run(ensure_first_admin(settings))
    url = f"http://127.0.0.1:{CONSOLE_PORT}"
    if password is None:
        return [f"  {'console':<14} {url}   (sign in with your console account)"]
    return [
        f"  {'console':<14} {url}   (collectors' console)",
        f"console: first user {FIRST_ADMIN!r}, one-time password (shown once): {password}",
    ]


if __name__ == "__main__":  # `python -m services.console.bootstrap`, e.g. in a container
    settings = ConsoleSettings()
    for line in console_lines(settings.redis_url, settings.console_var_dir):
        print(line)
