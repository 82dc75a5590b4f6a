"""``huikuan keys ...``: create, list, revoke API keys, rotate the services' internal key and
re-wrap customers' data keys with a new PII master key."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from typing import Annotated

import typer

from services.customers.adapters.master_key import MasterKeyInvalid, MasterKeyMissing, master_keys
from services.customers.adapters.rewrap import rewrap_data_keys
from shared.infra.api_keys import ApiKeyRecord, KeyBook, Role
from shared.infra.settings import Settings
from tooling.connect import fail, load_settings, with_keys, with_redis

HASH_PREFIX_LEN = 12
MIN_REVOKE_PREFIX_LEN = 6

keys_app = typer.Typer(help="Create, list and revoke API keys; rotate keys.", no_args_is_help=True)

RedisUrl = Annotated[
    str | None,
    typer.Option("--redis-url", help="Redis URL (default: HUIKUAN settings / REDIS_URL)."),
]


def _settings(redis_url: str | None) -> Settings:
    return load_settings(redis_url=redis_url) if redis_url else load_settings()


@keys_app.command()
def create(
    name: Annotated[str, typer.Option("--name", help="Who or what uses the key.")],
    role: Annotated[Role, typer.Option("--role", help="The key's role.")],
    redis_url: RedisUrl = None,
) -> None:
    """Create a key and print it once."""
    if role is Role.INTERNAL:
        typer.echo("the internal key is made by `huikuan keys rotate-internal`", err=True)
        raise typer.Exit(code=2)
    key = with_keys(_settings(redis_url), lambda book: book.create(name, role))
    typer.echo(key)
    typer.echo("Store this key now: it will not be shown again.", err=True)


@keys_app.command("list")
def list_keys(redis_url: RedisUrl = None) -> None:
    """List keys: digest prefix, role, creation time, name (never the key); records that
    do not verify with the server secret are listed as refused."""

    async def both(book: KeyBook) -> tuple[dict[str, ApiKeyRecord], list[str]]:
        return await book.listing(), await book.unverified()

    records, refused = with_keys(_settings(redis_url), both)
    if not records and not refused:
        typer.echo("no API keys", err=True)
    for digest, record in records.items():
        created = record.created_at.isoformat(timespec="seconds")
        until = ""
        if record.expires_at is not None:
            until = f"  (valid until {record.expires_at.isoformat(timespec='seconds')})"
        line = f"{digest[:HASH_PREFIX_LEN]}  {record.role:<11}  {created}  {record.name}"
        typer.echo(line + until)
    for digest in refused:
        typer.echo(
            f"{digest[:HASH_PREFIX_LEN]}  REFUSED: this record does not verify with the "
            "server secret (written by someone without it); revoke it"
        )


@keys_app.command()
def revoke(
    hash_prefix: Annotated[str, typer.Argument(help="Digest prefix as shown by `list`.")],
    redis_url: RedisUrl = None,
) -> None:
    """Revoke the key whose digest starts with HASH_PREFIX (it must be unambiguous)."""
    if len(hash_prefix) < MIN_REVOKE_PREFIX_LEN:
        typer.echo(f"give at least {MIN_REVOKE_PREFIX_LEN} characters of the digest", err=True)
        raise typer.Exit(code=2)

    async def revoke_matching(book: KeyBook) -> list[str]:
        every = [*await book.listing(), *await book.unverified()]
        matches = [h for h in every if h.startswith(hash_prefix.lower())]
        if len(matches) == 1:
            await book.revoke(matches[0])
        return matches

    matches = with_keys(_settings(redis_url), revoke_matching)
    if len(matches) != 1:
        problem = "no key matches" if not matches else f"{len(matches)} keys match"
        typer.echo(f"{problem} {hash_prefix!r}; nothing revoked", err=True)
        raise typer.Exit(code=1)
    typer.echo(f"revoked {matches[0][:HASH_PREFIX_LEN]}")


@keys_app.command("rotate-internal")
def rotate_internal(
    previous_valid_for: Annotated[
        int,
        typer.Option(
            "--previous-valid-for",
            min=0,
            help="Minutes the previous internal key keeps working (for a rolling restart).",
        ),
    ] = 0,
    write: Annotated[
        Path | None,
        typer.Option("--write", help="Write the new key to this file instead of stdout."),
    ] = None,
    file_mode: Annotated[
        str, typer.Option("--file-mode", help="Octal mode of the --write file.")
    ] = "600",
    keep_valid: Annotated[
        bool,
        typer.Option(
            "--keep-valid",
            help="Keep the key already in the --write file while it is an internal key Redis "
            "accepts with no end date (a start-up step that may run again).",
        ),
    ] = False,
    redis_url: RedisUrl = None,
) -> None:
    """Make a new internal key (the services' calls to each other) and revoke the previous
    ones; give it to every service as HUIKUAN_INTERNAL_API_KEY(_FILE), then restart them."""
    if keep_valid and write is None:
        typer.echo("--keep-valid needs --write (the file holding the key to keep)", err=True)
        raise typer.Exit(code=2)
    grace = timedelta(minutes=previous_valid_for)
    current = _key_in(write) if keep_valid and write is not None else None

    async def keep_or_rotate(book: KeyBook) -> str | None:
        if current is not None and await _still_internal(book, current):
            return None
        return await book.rotate_internal(grace)

    key = with_keys(_settings(redis_url), keep_or_rotate)
    if key is None:
        typer.echo(f"the internal key in {write} is still valid: kept", err=True)
        return
    if write is None:
        typer.echo(key)
    else:
        write.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(write, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(key + "\n")
        write.chmod(int(file_mode, 8))
        typer.echo(f"new internal key written to {write}", err=True)
    when = f"in {previous_valid_for} min" if previous_valid_for else "now"
    typer.echo(f"the previous internal keys stop working {when}", err=True)


def _key_in(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8").strip() or None
    except (OSError, UnicodeDecodeError):
        return None


async def _still_internal(book: KeyBook, key: str) -> bool:
    """Whether Redis accepts ``key`` as the internal key, with no end date set."""
    principal = await book.lookup(key)
    record = (await book.listing()).get(book.ring.digest(key))
    return (
        principal is not None
        and principal.role is Role.INTERNAL
        and record is not None
        and record.expires_at is None
    )


@keys_app.command("rewrap-pii")
def rewrap_pii(redis_url: RedisUrl = None) -> None:
    """Wrap every customer's data key with the FIRST key of HUIKUAN_PII_MASTER_KEY(_FILE)
    (new key first, old after). Safe to run again; when it reports nothing left, drop the
    old key from the setting. An erased customer's key stays absent."""
    settings = _settings(redis_url)
    try:
        keys = master_keys(settings)
    except (MasterKeyMissing, MasterKeyInvalid) as exc:
        raise fail(str(exc)) from None
    report = with_redis(settings, lambda redis: rewrap_data_keys(redis, keys))
    typer.echo(f"{report.rewrapped} data keys re-wrapped with the first master key; "
               f"{report.already} already were")  # fmt: skip
    if report.changed_meanwhile:
        typer.echo(f"{report.changed_meanwhile} changed while being re-wrapped: run again",
                   err=True)  # fmt: skip
    for customer_id in report.unreadable:
        typer.echo(f"UNREADABLE {customer_id}: its data key opens with no configured master key",
                   err=True)  # fmt: skip
    if report.left:
        typer.echo(f"{report.left} left: keep the old master key until this reports 0", err=True)
        raise typer.Exit(1)
    typer.echo("nothing left to re-wrap: the old master key may be dropped")
