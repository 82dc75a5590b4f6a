"""``huikuan``: run the system, drive the demo, manage keys, clock, dead letters and Redis."""

from __future__ import annotations

import signal
import time
from typing import Annotated, Literal

import typer

from shared.infra.settings import SERVICE_PORTS, Settings
from tooling.cli_credit import credit_app
from tooling.cli_customers import customers_app
from tooling.cli_keys import keys_app
from tooling.cli_ledger import ledger_app
from tooling.cli_ops import clock_app, dlq_app
from tooling.cli_policy import policy_app
from tooling.cli_redis import redis_app
from tooling.cli_restore import erasures_app, verify
from tooling.cli_schemas import schemas_app
from tooling.connect import fail, load_settings
from tooling.devsystem import SERVICES, SystemError_, running_ports
from tooling.local import Booted, boot, demo_system, shutdown

app = typer.Typer(help="Huikuan (回款): get B2B invoices paid.", no_args_is_help=True)
app.add_typer(
    keys_app, name="keys", help="API keys: create, list, revoke, rotate-internal; rewrap-pii."
)
app.add_typer(clock_app, name="clock")
app.add_typer(customers_app, name="customers")
app.add_typer(credit_app, name="credit")
app.add_typer(dlq_app, name="dlq")
app.add_typer(redis_app, name="redis")
app.add_typer(schemas_app, name="schemas")
app.add_typer(ledger_app, name="ledger")
app.add_typer(erasures_app, name="erasures")
app.command()(verify)
app.add_typer(policy_app, name="policy")

ClockOption = Annotated[
    Literal["system", "simulated"] | None,
    typer.Option(
        "--clock",
        help="system | simulated (default: HUIKUAN_CLOCK, else system). The simulated clock "
        "moves only when told: `huikuan clock advance`.",
    ),
]


def _interrupt(*_: object) -> None:
    raise KeyboardInterrupt


def _refuse_when_a_system_runs() -> None:
    busy = running_ports(SERVICE_PORTS.values())
    if busy:
        raise fail(
            f"a Huikuan system already answers on 127.0.0.1:{', '.join(map(str, busy))} "
            "(`huikuan up`, or the containers): stop it first, or drive it with "
            "`huikuan demo --running` (it must run on the simulated clock)"
        )


def _serve_until_stopped(booted: Booted) -> None:
    signal.signal(signal.SIGTERM, _interrupt)
    signal.signal(signal.SIGINT, _interrupt)  # also when started in the background
    try:
        while all(p.poll() is None for p in booted.system.procs.values()):
            time.sleep(0.5)
        typer.echo(f"a service exited; see its log in {booted.system.log_dir}", err=True)
    except KeyboardInterrupt:
        typer.echo("stopping…")


def settings_for_up(clock: str | None) -> Settings:
    """One source of truth for the clock: ``--clock`` when given, else ``HUIKUAN_CLOCK``."""
    return load_settings(**({"clock": clock} if clock else {}))


@app.command()
def up(clock: ClockOption = None) -> None:
    """Start Redis (when none answers), a dev mailbox, the services (analytics too) and the console;
    Ctrl-C stops everything and revokes the keys this run made."""
    settings = settings_for_up(clock)
    _refuse_when_a_system_runs()
    console: list[str] = []
    try:
        booted = boot(settings, console)
    except SystemError_ as exc:
        raise fail(str(exc)) from exc
    try:
        typer.echo(f"clock: {settings.clock}")
        for service in SERVICES:
            typer.echo(f"  {service:<14} {booted.system.url(service)}   (API docs: /docs)")
        for line in console:
            typer.echo(line)
        typer.echo(f"admin API key (valid while this runs, shown once): {booted.admin_key}")
        typer.echo(f"logs: {booted.system.log_dir}   — Ctrl-C to stop")
        _serve_until_stopped(booted)
    finally:
        shutdown(booted)


@app.command()
def demo(
    running: bool = typer.Option(
        False, help="drive services already running on the documented ports (e.g. compose)"
    ),
) -> None:
    """Walk one debtor through the slice on the simulated clock and print the timeline.

    Without --running it starts its own system on its own, fresh Redis (under var/demo),
    so it never touches another system's data or clock."""
    from tooling.demo import DemoFailed, run_demo, run_demo_against

    settings = load_settings()
    if running:
        try:
            run_demo_against(settings)
        except DemoFailed as exc:
            raise fail(f"demo failed: {exc}") from exc
        return
    _refuse_when_a_system_runs()
    try:
        booted = demo_system(settings)
    except SystemError_ as exc:
        raise fail(str(exc)) from exc
    try:
        urls = {s: booted.system.url(s) for s in SERVICES}
        run_demo(urls, booted.admin_key, booted.settings)
    except DemoFailed as exc:
        raise fail(f"demo failed: {exc} (service logs: {booted.system.log_dir})") from exc
    finally:
        shutdown(booted)
