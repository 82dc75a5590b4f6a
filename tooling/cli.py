"""``huikuan``: run the system, drive the demo, manage keys, clock and dead letters."""

from __future__ import annotations

import asyncio
import os
import secrets
import signal
import time
from datetime import timedelta
from pathlib import Path

import redis.asyncio as aioredis
import typer

from shared.infra.clock import SimulatedClock
from shared.infra.deadletter import list_dead_letters, replay_dead_letter
from shared.infra.settings import SERVICE_PORTS, Settings
from shared.web.auth import Role, create_api_key
from tooling.cli_keys import keys_app
from tooling.cli_schemas import schemas_app
from tooling.devsystem import (
    CONSOLE,
    SERVICES,
    LocalSystem,
    SystemError_,
    redis_reachable,
    start_redis,
)

app = typer.Typer(help="Huikuan (回款): get B2B invoices paid.", no_args_is_help=True)
app.add_typer(keys_app, name="keys", help="API keys: create, list, revoke.")
clock_app = typer.Typer(help="The simulated clock (never in production).")
dlq_app = typer.Typer(help="Dead-lettered stream entries: list and replay.")
app.add_typer(clock_app, name="clock")
app.add_typer(dlq_app, name="dlq")
app.add_typer(schemas_app, name="schemas")

VAR = Path(os.environ.get("HUIKUAN_VAR_DIR", Path.cwd() / "var"))


def _mailbox(port: int, folder: Path) -> object:
    """A development SMTP server writing every message it gets under ``folder``."""
    from aiosmtpd.controller import Controller
    from aiosmtpd.handlers import Mailbox

    folder.parent.mkdir(parents=True, exist_ok=True)  # Maildir makes tmp/new/cur itself
    controller = Controller(Mailbox(folder), hostname="127.0.0.1", port=port)
    controller.start()
    return controller


def boot(clock: str, console: list[str] | None = None) -> tuple[LocalSystem, list[object], str]:
    """Redis if needed, a dev mailbox if needed, keys, then the four services (and the
    console, when ``console`` is a list to receive what to print about it)."""
    settings = Settings()
    stoppers: list[object] = []
    if not redis_reachable(settings.redis_url):
        typer.echo(f"no Redis answers at {settings.redis_url}: starting redis-server (AOF on)")
        stoppers.append(start_redis(settings.redis_url, VAR / "redis"))
    from tooling.devsystem import port_open

    if settings.email_enabled and not port_open(settings.smtp_port, settings.smtp_host):
        typer.echo(f"dev mailbox on smtp://127.0.0.1:{settings.smtp_port} → {VAR / 'mail'}")
        stoppers.append(_mailbox(settings.smtp_port, VAR / "mail"))
    admin_key, internal_key = asyncio.run(_make_keys(settings.redis_url))
    env = {
        "HUIKUAN_CLOCK": clock,
        "HUIKUAN_INTERNAL_API_KEY": internal_key,
        "REDIS_URL": settings.redis_url,
        # Posted letters as PDFs under var/ (a mailing house would take them in production).
        "HUIKUAN_LETTER_ENABLED": os.environ.get("HUIKUAN_LETTER_ENABLED", "true"),
        "HUIKUAN_CONSOLE_VAR_DIR": os.environ.get("HUIKUAN_CONSOLE_VAR_DIR", str(VAR / "console")),
    }
    ports = dict(SERVICE_PORTS)
    if console is not None:
        from services.console.bootstrap import CONSOLE_PORT, console_lines

        console += console_lines(settings.redis_url, env["HUIKUAN_CONSOLE_VAR_DIR"])
        ports[CONSOLE] = CONSOLE_PORT
    system = LocalSystem(env=env, ports=ports, log_dir=VAR / "logs")
    system.start()
    return system, stoppers, admin_key


async def _make_keys(url: str) -> tuple[str, str]:
    redis = aioredis.Redis.from_url(url)
    try:
        suffix = secrets.token_hex(3)
        admin = await create_api_key(redis, f"local-admin-{suffix}", Role.ADMIN)
        internal = await create_api_key(redis, f"internal-{suffix}", Role.INTEGRATION)
        return admin, internal
    finally:
        await redis.aclose()


def shutdown(system: LocalSystem, stoppers: list[object]) -> None:
    system.stop()
    for item in reversed(stoppers):
        if hasattr(item, "terminate"):
            item.terminate()  # redis-server flushes its AOF on SIGTERM
            item.wait(timeout=15)  # type: ignore[attr-defined]
        elif hasattr(item, "stop"):
            item.stop()


def _interrupt(*_: object) -> None:
    raise KeyboardInterrupt


@app.command()
def up(clock: str = typer.Option("system", help="system | simulated")) -> None:
    """Start Redis (when none answers), a dev mailbox and the four services; Ctrl-C stops."""
    console: list[str] = []
    try:
        system, stoppers, admin_key = boot(clock, console)
    except SystemError_ as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from exc
    for service in SERVICES:
        typer.echo(f"  {service:<14} {system.url(service)}   (API docs: /docs)")
    for line in console:
        typer.echo(line)
    typer.echo(f"admin API key (shown once): {admin_key}")
    typer.echo(f"logs: {VAR / 'logs'}   — Ctrl-C to stop")
    signal.signal(signal.SIGTERM, _interrupt)
    signal.signal(signal.SIGINT, _interrupt)  # also when started in the background
    try:
        while all(p.poll() is None for p in system.procs.values()):
            time.sleep(0.5)
        typer.echo("a service exited; see its log", err=True)
    except KeyboardInterrupt:
        typer.echo("stopping…")
    finally:
        shutdown(system, stoppers)


@app.command()
def demo(
    running: bool = typer.Option(
        False, help="drive services already running on the documented ports (e.g. compose)"
    ),
) -> None:
    """Walk one debtor through the slice on the simulated clock and print the timeline."""
    from tooling.demo import DemoFailed, run_demo

    settings = Settings()
    if running:
        urls = {s: f"http://127.0.0.1:{SERVICE_PORTS[s]}" for s in SERVICES}
        admin_key = asyncio.run(_make_keys(settings.redis_url))[0]
        system, stoppers = None, list[object]()
    else:
        try:
            system, stoppers, admin_key = boot("simulated")
        except SystemError_ as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(1) from exc
        urls = {s: system.url(s) for s in SERVICES}
    try:
        run_demo(urls, admin_key, settings.redis_url)
    except DemoFailed as exc:
        typer.echo(f"demo failed: {exc} (service logs: {VAR / 'logs'})", err=True)
        raise typer.Exit(1) from exc
    finally:
        if system is not None:
            shutdown(system, stoppers)


@clock_app.command("advance")
def clock_advance(days: int = 0, hours: int = 0, minutes: int = 0) -> None:
    """Move the shared simulated clock forward."""
    settings = Settings()
    if not settings.simulated_clock_allowed:
        raise typer.BadParameter("the simulated clock is refused in production")

    async def go() -> str:
        redis = aioredis.Redis.from_url(settings.redis_url)
        try:
            delta = timedelta(days=days, hours=hours, minutes=minutes)
            return (await SimulatedClock(redis).advance(delta)).isoformat()
        finally:
            await redis.aclose()

    typer.echo(asyncio.run(go()))


@dlq_app.command("list")
def dlq_list(service: str) -> None:
    async def go() -> None:
        redis = aioredis.Redis.from_url(Settings().redis_url)
        for letter in await list_dead_letters(redis, service):
            typer.echo(f"{letter.id}  {letter.stream}  x{letter.deliveries}  {letter.error}")
        await redis.aclose()

    asyncio.run(go())


@dlq_app.command("replay")
def dlq_replay(service: str, dead_id: str) -> None:
    async def go() -> str | None:
        redis = aioredis.Redis.from_url(Settings().redis_url)
        try:
            return await replay_dead_letter(redis, service, dead_id)
        finally:
            await redis.aclose()

    new_id = asyncio.run(go())
    if new_id is None:
        typer.echo(f"no dead letter {dead_id}", err=True)
        raise typer.Exit(1)
    typer.echo(f"replayed as {new_id}")
