"""``huikuan clock …`` and ``huikuan dlq …``: the simulated clock and the dead letters."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated

import redis.asyncio as aioredis
import typer

from shared.infra.clock import SimulatedClock, announced_clock
from shared.infra.deadletter import list_dead_letters, list_every_dead_letter, replay_dead_letter
from tooling.connect import fail, load_settings, with_redis

clock_app = typer.Typer(help="The simulated clock (never in production).", no_args_is_help=True)
dlq_app = typer.Typer(help="Dead-lettered stream entries: list and replay.", no_args_is_help=True)

Amount = Annotated[int, typer.Option(min=0)]


@clock_app.command("advance")
def clock_advance(days: Amount = 0, hours: Amount = 0, minutes: Amount = 0) -> None:
    """Move the shared simulated clock forward (only when the services run on it)."""
    settings = load_settings()
    if not settings.simulated_clock_allowed:
        raise fail("the simulated clock is refused in production; nothing changed")
    delta = timedelta(days=days, hours=hours, minutes=minutes)

    async def advance(redis: aioredis.Redis) -> tuple[str | None, datetime | None]:
        kind = await announced_clock(redis)
        if kind != "simulated":
            return kind, None  # checked before anything is written
        return kind, await SimulatedClock(redis).advance(delta)

    kind, now = with_redis(settings, advance)
    if kind is None:
        raise fail(
            f"no Huikuan service has started against {settings.redis_url} yet, so no clock to "
            "advance; nothing changed (start the system with `huikuan up --clock simulated`)"
        )
    if now is None:
        raise fail(
            f"the services on {settings.redis_url} run on the system clock "
            "(HUIKUAN_CLOCK=system), which cannot be advanced; nothing changed (restart them "
            "with `huikuan up --clock simulated` to simulate time)"
        )
    typer.echo(now.isoformat())


@dlq_app.command("list")
def dlq_list(
    service: Annotated[
        str | None, typer.Argument(help="One service's dead letters (default: every service).")
    ] = None,
    count: Annotated[
        int, typer.Option(min=1, max=1000, help="At most this many per service.")
    ] = 100,
) -> None:
    """Dead letters, oldest first: id, service, stream, deliveries, error."""
    settings = load_settings()
    if service is not None:
        letters = with_redis(settings, lambda redis: list_dead_letters(redis, service, count))
        rows = [(letter, service) for letter in letters]
    else:
        every = with_redis(settings, lambda redis: list_every_dead_letter(redis, count))
        rows = [(letter, letter.service) for letter in every]
    if not rows:
        typer.echo("no dead letters", err=True)
    for letter, name in rows:
        typer.echo(f"{letter.id}  {name:<14} {letter.stream}  x{letter.deliveries}  {letter.error}")


@dlq_app.command("replay")
def dlq_replay(service: str, dead_id: str) -> None:
    """Put a dead letter back on its stream (idempotent handlers make a repeat harmless)."""
    settings = load_settings()
    new_id = with_redis(settings, lambda redis: replay_dead_letter(redis, service, dead_id))
    if new_id is None:
        raise fail(f"no dead letter {dead_id} in {service}'s dead-letter stream")
    typer.echo(f"replayed as {new_id}")
