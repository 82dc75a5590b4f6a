"""``huikuan verify --all`` and ``huikuan erasures reapply``: after a restore or a failover."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import redis.asyncio as aioredis
import typer

from services.customers.adapters.shredded_ledger import shredded_customers
from services.customers.adapters.vault import pii_key
from shared.infra.chains import verify_all
from tooling.connect import fail, load_settings, with_redis

erasures_app = typer.Typer(help="Erasures and backups.", no_args_is_help=True)


def verify(
    every: Annotated[bool, typer.Option("--all", help="every aggregate stream in Redis")] = False,
) -> None:
    """Verify the hash chain of every aggregate stream; exit 1 naming each broken one."""
    if not every:
        raise fail("say what to verify: --all (every aggregate stream)")
    reports = with_redis(load_settings(), verify_all)
    broken = [(key, report) for key, report in reports if not report.ok]
    for key, report in broken:
        typer.echo(f"BROKEN {key} at version {report.first_bad_version}: {report.problem}")
    events = sum(report.checked for _, report in reports)
    typer.echo(f"{len(reports) - len(broken)} of {len(reports)} aggregate streams verify "
               f"({events} events)")  # fmt: skip
    if broken:
        raise typer.Exit(1)


@erasures_app.command("reapply")
def reapply(
    ledger: Annotated[Path, typer.Option(help="the shredded-customers ledger (JSON lines)")],
) -> None:
    """Destroy again the data keys of every customer the ledger lists (after a restore)."""
    if not ledger.exists():
        raise fail(f"no ledger at {ledger}: it is the HUIKUAN_SHREDDED_LEDGER file of customers")
    ids = shredded_customers(ledger)

    async def shred(redis: aioredis.Redis) -> int:
        return sum([int(await redis.delete(pii_key(customer_id))) for customer_id in ids])

    destroyed = with_redis(load_settings(), shred)
    typer.echo(f"{len(ids)} shredded customers listed; {destroyed} data keys restored from the "
               "backup destroyed again")  # fmt: skip
