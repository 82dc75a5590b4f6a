"""``huikuan keys ...``: create, list and revoke API keys in Redis."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Annotated, TypeVar

import redis.asyncio as aioredis
import typer

from shared.infra.settings import Settings
from shared.web.auth import Role, create_api_key, list_api_keys, revoke_api_key

T = TypeVar("T")
HASH_PREFIX_LEN = 12
MIN_REVOKE_PREFIX_LEN = 6

keys_app = typer.Typer(help="Create, list and revoke API keys.", no_args_is_help=True)

RedisUrl = Annotated[
    str | None,
    typer.Option("--redis-url", help="Redis URL (default: HUIKUAN settings / REDIS_URL)."),
]


def _run(redis_url: str | None, action: Callable[[aioredis.Redis], Awaitable[T]]) -> T:
    async def main() -> T:
        client = aioredis.Redis.from_url(redis_url or Settings().redis_url)
        try:
            return await action(client)
        finally:
            await client.aclose()

    # A private loop: the caller's current event loop (if any) is left untouched.
    with asyncio.Runner(loop_factory=asyncio.new_event_loop) as runner:
        return runner.run(main())


@keys_app.command()
def create(
    name: Annotated[str, typer.Option("--name", help="Who or what uses the key.")],
    role: Annotated[Role, typer.Option("--role", help="The key's role.")],
    redis_url: RedisUrl = None,
) -> None:
    """Create a key and print it once."""
    key = _run(redis_url, lambda redis: create_api_key(redis, name, role))
    typer.echo(key)
    typer.echo("Store this key now: it will not be shown again.", err=True)


@keys_app.command("list")
def list_keys(redis_url: RedisUrl = None) -> None:
    """List keys: name, role, creation time and digest prefix (never the key)."""
    records = _run(redis_url, list_api_keys)
    if not records:
        typer.echo("no API keys", err=True)
    for digest, record in records.items():
        created = record.created_at.isoformat(timespec="seconds")
        typer.echo(f"{digest[:HASH_PREFIX_LEN]}  {record.role:<11}  {created}  {record.name}")


@keys_app.command()
def revoke(
    hash_prefix: Annotated[str, typer.Argument(help="Digest prefix as shown by `list`.")],
    redis_url: RedisUrl = None,
) -> None:
    """Revoke the key whose digest starts with HASH_PREFIX (it must be unambiguous)."""
    if len(hash_prefix) < MIN_REVOKE_PREFIX_LEN:
        typer.echo(f"give at least {MIN_REVOKE_PREFIX_LEN} characters of the digest", err=True)
        raise typer.Exit(code=2)

    async def revoke_matching(redis: aioredis.Redis) -> list[str]:
        matches = [h for h in await list_api_keys(redis) if h.startswith(hash_prefix.lower())]
        if len(matches) == 1:
            await revoke_api_key(redis, matches[0])
        return matches

    matches = _run(redis_url, revoke_matching)
    if len(matches) != 1:
        problem = "no key matches" if not matches else f"{len(matches)} keys match"
        typer.echo(f"{problem} {hash_prefix!r}; nothing revoked", err=True)
        raise typer.Exit(code=1)
    typer.echo(f"revoked {matches[0][:HASH_PREFIX_LEN]}")
