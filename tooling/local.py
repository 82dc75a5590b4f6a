"""The local system ``huikuan up`` and ``huikuan demo`` run: Redis, a mailbox, keys, services.

``up`` runs against ``REDIS_URL`` (starting a persistent redis-server under ``var/redis``
when none answers there). ``demo`` runs in a store of its own: a fresh redis-server under
``var/demo/redis`` on a free port, so it never reads or moves another system's data or
clock. Both make an admin key and the services' internal key for the run — replacing the
ones an earlier run made — and revoke them when they stop.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import typer

from shared.infra.api_keys import KeyBook, Role
from shared.infra.settings import SERVICE_PORTS, Settings, without_password
from tooling.connect import with_keys
from tooling.devsystem import (
    CONSOLE,
    SERVICES,
    LocalSystem,
    SystemError_,
    free_port,
    port_open,
    redis_reachable,
    start_redis,
)

LOCAL_ADMIN = "local-admin"
CREDENTIALS = ("HUIKUAN_REDIS_USERNAME", "HUIKUAN_REDIS_PASSWORD", "HUIKUAN_REDIS_PASSWORD_FILE",
               "HUIKUAN_REDIS_URL")  # fmt: skip


@dataclass
class Booted:
    """A running local system and what stopping it must undo."""

    system: LocalSystem
    settings: Settings  # what the services run with
    admin_key: str
    made_keys: list[str]
    stoppers: list[Callable[[], None]] = field(default_factory=list)


def _mailbox(port: int, folder: Path) -> Callable[[], None]:
    """A development SMTP server writing every message it gets under ``folder``."""
    from aiosmtpd.controller import Controller
    from aiosmtpd.handlers import Mailbox

    folder.parent.mkdir(parents=True, exist_ok=True)  # Maildir makes tmp/new/cur itself
    controller = Controller(Mailbox(folder), hostname="127.0.0.1", port=port)
    controller.start()
    return controller.stop


def _stop_redis(proc: Any) -> Callable[[], None]:
    def stop() -> None:
        proc.terminate()  # redis-server flushes its AOF on SIGTERM
        proc.wait(timeout=15)

    return stop


async def _run_keys(book: KeyBook) -> tuple[str, str]:
    admin = await book.replace(LOCAL_ADMIN, Role.ADMIN)
    return admin, await book.rotate_internal()


def boot(
    settings: Settings,
    console: list[str] | None = None,
    drop_env: tuple[str, ...] = (),
    ports: dict[str, int] | None = None,
) -> Booted:
    """Redis if needed, a dev mailbox if needed, this run's keys, then the four services
    (and the console, when ``console`` is a list to receive what to print about it) on
    ``ports`` (default: the documented ones)."""
    var = Path(settings.var_dir).resolve()
    stoppers: list[Callable[[], None]] = []
    if not redis_reachable(settings.redis_connection_url()):
        where = urlsplit(settings.redis_url)
        if port_open(where.port or 6379, where.hostname or "127.0.0.1"):
            raise SystemError_(
                f"Redis at {without_password(settings.redis_url)} answers but does not let this "
                "user in: check HUIKUAN_REDIS_USERNAME / HUIKUAN_REDIS_PASSWORD(_FILE)"
            )
        typer.echo(f"no Redis answers at {settings.redis_url}: starting redis-server (AOF on)")
        stoppers.append(_stop_redis(start_redis(settings.redis_url, var / "redis")))
    if settings.email_enabled and not port_open(settings.smtp_port, settings.smtp_host):
        typer.echo(f"dev mailbox on smtp://127.0.0.1:{settings.smtp_port} → {var / 'mail'}")
        stoppers.append(_mailbox(settings.smtp_port, var / "mail"))
    admin_key, internal_key = with_keys(settings, _run_keys)
    ports = dict(ports or SERVICE_PORTS)
    env = {
        # Where each service answers (notifications calls customers; the console, all four).
        **{f"HUIKUAN_{s.upper()}_URL": f"http://127.0.0.1:{ports[s]}" for s in SERVICES},
        "HUIKUAN_CLOCK": settings.clock,
        "HUIKUAN_INTERNAL_API_KEY": internal_key,
        "REDIS_URL": settings.redis_url,
        "HUIKUAN_VAR_DIR": str(var),  # the same development secrets as this command
        # Posted letters as PDFs under var/ (a mailing house would take them in production).
        "HUIKUAN_LETTER_ENABLED": os.environ.get("HUIKUAN_LETTER_ENABLED", "true"),
        "HUIKUAN_CONSOLE_VAR_DIR": os.environ.get("HUIKUAN_CONSOLE_VAR_DIR", str(var / "console")),
    }
    if console is not None:
        from services.console.bootstrap import CONSOLE_PORT, console_lines

        console += console_lines(settings.redis_url, env["HUIKUAN_CONSOLE_VAR_DIR"])
        ports[CONSOLE] = CONSOLE_PORT
    system = LocalSystem(env=env, ports=ports, log_dir=var / "logs", drop_env=drop_env)
    booted = Booted(system, settings, admin_key, [admin_key, internal_key], stoppers)
    try:
        system.start()
    except BaseException:
        shutdown(booted)
        raise
    return booted


def demo_system(settings: Settings, ports: dict[str, int] | None = None) -> Booted:
    """The whole system on a fresh Redis of its own (``var/demo/redis``, a free port), on
    the simulated clock."""
    store = Path(settings.var_dir).resolve() / "demo" / "redis"
    shutil.rmtree(store, ignore_errors=True)
    own = settings.model_copy(update={
        "redis_url": f"redis://127.0.0.1:{free_port()}/0", "clock": "simulated",
        "redis_username": None, "redis_password": None,
    })  # fmt: skip
    typer.echo(f"demo store: a fresh redis-server in {store} ({own.redis_url})")
    redis = start_redis(own.redis_url, store)
    try:
        booted = boot(own, drop_env=CREDENTIALS, ports=ports)
    except BaseException:
        _stop_redis(redis)()
        raise
    booted.stoppers.insert(0, _stop_redis(redis))
    return booted


def shutdown(booted: Booted) -> None:
    """Stop the services, revoke the run's keys, stop what the run started."""
    booted.system.stop()

    async def revoke(book: KeyBook) -> None:
        for key in booted.made_keys:
            await book.revoke(key)

    try:
        with_keys(booted.settings, revoke)
    except (typer.Exit, SystemError_):
        typer.echo("note: this run's keys could not be revoked (Redis gone)", err=True)
    for stop in reversed(booted.stoppers):
        stop()
