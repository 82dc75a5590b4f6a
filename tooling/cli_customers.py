"""``huikuan customers import FILE``: the ERP's customer master from a CSV file.

The file is checked here (docs/credit-import.md): every malformed row is printed with its
line number and reason, and its customer is left out. Every good customer goes to the
ingest stream ``hk:ingest:customers`` as one ``UpsertCustomer`` entry, which the customers
service imports idempotently by customer number; the command waits until it has (or
``--timeout`` passes) and says how many a business rule refused
(``hk:ingest:customers:rejected``). The same file again changes nothing.
"""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path
from typing import Annotated, Any

import redis.asyncio as aioredis
import typer

from services.customers.domain.credit.csv_import import parse_customers_csv
from services.customers.domain.credit.csv_rows import ImportedCustomer
from shared.infra import keys
from tooling.connect import fail, load_settings, with_redis

customers_app = typer.Typer(help="The customer master: bulk import.", no_args_is_help=True)
INGEST = keys.ingest("customers")
REJECTED = f"{INGEST}:rejected"
GROUP = "customers"
PIPELINE = 500


def record(customer: ImportedCustomer) -> dict[str, Any]:
    """The ingest entry of one customer (plain JSON, as an ERP would write it)."""
    basic = customer.basic.model_dump(mode="json", exclude_none=True)
    contacts = [c.model_dump(mode="json", exclude_none=True) for c in customer.contacts]
    return {"type": "UpsertCustomer", **basic, "contacts": contacts}


async def send(redis: aioredis.Redis, customers: tuple[ImportedCustomer, ...]) -> bytes | None:
    """XADD every customer (pipelined); the last entry's id."""
    last: bytes | None = None
    for start in range(0, len(customers), PIPELINE):
        async with redis.pipeline(transaction=False) as pipe:
            for customer in customers[start : start + PIPELINE]:
                pipe.xadd(INGEST, {"__data__": json.dumps(record(customer), ensure_ascii=False)})
            ids = await pipe.execute()
        last = ids[-1] if ids else last
    return last


async def handled(redis: aioredis.Redis, last: bytes) -> bool:
    """Whether the customers group has read and acknowledged everything up to ``last``."""
    try:
        groups = await redis.xinfo_groups(INGEST)
    except aioredis.ResponseError:
        return False
    group = next((g for g in groups if g["name"] in (GROUP, GROUP.encode())), None)
    if group is None:
        return False
    delivered = group["last-delivered-id"]
    delivered = delivered.decode() if isinstance(delivered, bytes) else str(delivered)
    return _id(delivered) >= _id(last.decode()) and int(group["pending"]) == 0


def _id(entry_id: str) -> tuple[int, int]:
    ms, _, seq = entry_id.partition("-")
    return int(ms), int(seq or 0)


@customers_app.command("import")
def import_file(
    path: Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True)],
    timeout: Annotated[float, typer.Option(min=0, help="seconds to wait for customers")] = 600,
) -> None:
    """Import customers and contacts from a CSV file (docs/credit-import.md)."""
    settings = load_settings()
    parsed = parse_customers_csv(path.read_bytes())
    for error in parsed.errors:
        typer.echo(f"{path}:{error}", err=True)
    if not parsed.customers:
        raise fail(f"no customer in {path} could be imported; nothing sent")

    async def run(redis: aioredis.Redis) -> tuple[bool, int]:
        rejected_before = await redis.xlen(REJECTED)
        last = await send(redis, parsed.customers)
        deadline = time.monotonic() + timeout
        done = last is None
        while not done and time.monotonic() < deadline:
            await asyncio.sleep(0.5)
            done = await handled(redis, last)  # type: ignore[arg-type]
        return done, await redis.xlen(REJECTED) - rejected_before

    done, rejected = with_redis(settings, run)
    typer.echo(f"{len(parsed.customers)} customers sent to {INGEST}; "
               f"{len(parsed.errors)} malformed rows left out (listed above)")  # fmt: skip
    if not done:
        raise fail(f"the customers service has not handled them all within {timeout:.0f} s "
                   "(is it running?); they stay queued and are imported when it runs")  # fmt: skip
    typer.echo(f"imported; {rejected} refused by a business rule (see {REJECTED})")
