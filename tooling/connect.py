"""How every ``huikuan`` command reaches Redis, and says in one line when it cannot.

A command that meets a Redis that does not answer, refuses its credentials or settings
that cannot be used prints one line on stderr — what is wrong, at which URL (never with
its password), and how to fix it — and exits 1, instead of a traceback.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TypeVar

import redis.asyncio as aioredis
import typer
from pydantic import ValidationError
from redis import exceptions as redis_errors

from shared.infra import connection
from shared.infra.api_keys import KeyBook, KeyRing, KeySecretMissing, api_key_secret
from shared.infra.secret_files import SettingsRefused
from shared.infra.settings import Settings
from shared.infra.settings import without_password as shown_url

T = TypeVar("T")


def fail(message: str) -> typer.Exit:
    """Print ``message`` as the one line of an error; the exit to raise."""
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(1)


def load_settings(**overrides: object) -> Settings:
    """The settings from the environment (and ``overrides``), or one line saying why not."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except SettingsRefused as exc:
        raise fail(str(exc)) from None
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(map(str, e['loc'])) or 'settings'}: {e['msg']}" for e in exc.errors()
        )
        raise fail(f"settings refused: {problems}") from None


def unreachable(settings: Settings, exc: BaseException) -> typer.Exit:
    reason = str(exc).splitlines()[0][:160] if str(exc) else type(exc).__name__
    if isinstance(exc, redis_errors.AuthenticationError | redis_errors.NoPermissionError):
        return fail(
            f"Redis at {shown_url(settings.redis_url)} refused this user ({reason}); check "
            "HUIKUAN_REDIS_USERNAME / HUIKUAN_REDIS_PASSWORD(_FILE)"
        )
    return fail(
        f"Redis is not reachable at {shown_url(settings.redis_url)} ({reason}); start it with "
        "`huikuan up` (or set REDIS_URL to a Redis that runs)"
    )


def with_redis(settings: Settings, action: Callable[[aioredis.Redis], Awaitable[T]]) -> T:
    """Run ``action`` with a Redis client for ``settings`` in a private event loop."""

    async def main() -> T:
        client = connection.async_client(
            settings.redis_connection_url(), socket_connect_timeout=3, socket_timeout=10
        )
        try:
            return await action(client)
        finally:
            await client.aclose()

    try:
        with asyncio.Runner(loop_factory=asyncio.new_event_loop) as runner:
            return runner.run(main())
    except (redis_errors.AuthenticationError, redis_errors.NoPermissionError) as exc:
        raise unreachable(settings, exc) from None
    except (redis_errors.ConnectionError, redis_errors.TimeoutError, OSError) as exc:
        raise unreachable(settings, exc) from None


def with_keys(settings: Settings, action: Callable[[KeyBook], Awaitable[T]]) -> T:
    """Run ``action`` with the installation's key book (needs the API-key secret)."""
    try:
        ring = KeyRing(api_key_secret(settings))
    except KeySecretMissing as exc:
        raise fail(str(exc)) from None
    return with_redis(settings, lambda redis: action(KeyBook(redis, ring)))
