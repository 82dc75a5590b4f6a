"""``huikuan up`` and ``huikuan demo`` tell the truth (issue 8, items 14, 15 and 16).

The local system is started the way the commands start it (``tooling.local.boot``), as
real processes against a real Redis, on free ports instead of the documented ones so the
tests never meet a system someone else is running on this machine.
"""

from __future__ import annotations

import datetime as dt
import socket
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import redis
from typer.testing import CliRunner

from shared.infra import keys
from shared.infra.api_keys import Role
from shared.infra.settings import SERVICE_PORTS
from tests.support.apps import keys_of
from tests.support.redis_server import RedisServer, free_port
from tooling.cli import app, settings_for_up
from tooling.demo import run_demo
from tooling.devsystem import SERVICES, SystemError_
from tooling.local import LOCAL_ADMIN, boot, demo_system, shutdown

pytestmark = pytest.mark.e2e


def free_ports() -> dict[str, int]:
    return {service: free_port() for service in SERVICES}


@pytest.fixture
def local_env(redis_server: RedisServer, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    if redis_server.proc is None:
        redis_server.start()
    client = redis.Redis.from_url(redis_server.url)
    client.flushall()
    client.close()
    monkeypatch.setenv("REDIS_URL", redis_server.url)
    monkeypatch.setenv("HUIKUAN_EMAIL_ENABLED", "false")  # no mailbox on the shared port
    yield


def run_keys(redis_url: str) -> list[tuple[str, Role]]:
    import asyncio

    async def listing() -> list[tuple[str, Role]]:
        import redis.asyncio as aioredis

        client = aioredis.Redis.from_url(redis_url)
        try:
            return [(r.name, r.role) for r in (await keys_of(client).listing()).values()]
        finally:
            await client.aclose()

    return asyncio.run(listing())


def test_up_runs_on_the_clock_huikuan_clock_names_and_revokes_the_keys_it_made(
    local_env: None, redis_server: RedisServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HUIKUAN_CLOCK", "simulated")
    settings = settings_for_up(None)  # `huikuan up` without --clock
    assert settings_for_up("system").clock == "system"  # the option, when given, wins

    crashed = boot(settings, ports=free_ports())
    crashed.system.stop()  # as if killed: nothing revoked its keys
    booted = boot(settings, ports=free_ports())
    try:
        url = booted.system.url("collections")
        clock = httpx.get(f"{url}/admin/clock", headers={"X-API-Key": booted.admin_key}).json()
        old = httpx.get(f"{url}/admin/clock", headers={"X-API-Key": crashed.admin_key})
        while_running = run_keys(redis_server.url)
    finally:
        shutdown(booted)

    assert clock["kind"] == "SimulatedClock"
    assert old.status_code == 401  # the earlier run's admin key was replaced, not piled up
    assert sorted(while_running) == [("internal", Role.INTERNAL), (LOCAL_ADMIN, Role.ADMIN)]
    assert run_keys(redis_server.url) == []  # stopping revoked both


def test_a_service_refusing_to_start_says_why_in_one_plain_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    unsafe = RedisServer(tmp_path / "redis", extra_args=("--appendonly", "no"))
    unsafe.start()
    monkeypatch.setenv("REDIS_URL", unsafe.url)
    monkeypatch.setenv("HUIKUAN_EMAIL_ENABLED", "false")
    try:
        with pytest.raises(SystemError_) as refused:
            boot(settings_for_up(None), ports=free_ports())
        left = run_keys(unsafe.url)
    finally:
        unsafe.stop()

    [line] = str(refused.value).splitlines()
    assert ": refusing to start: refusing to run against this Redis: appendonly is off" in line
    assert line.startswith("huikuan ") and "{" not in line.split(" (log: ")[0]
    assert left == []  # the keys made for the run are revoked when it fails


def test_the_demo_runs_in_a_store_of_its_own_and_leaves_another_systems_data_and_clock_alone(
    local_env: None, redis_server: RedisServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    import asyncio

    monkeypatch.setenv("HUIKUAN_EMAIL_ENABLED", "true")  # the demo's reminder goes by e-mail
    monkeypatch.setenv("HUIKUAN_SMTP_PORT", str(free_port()))  # to a mailbox of its own

    from shared.infra.clock import SimulatedClock

    async def seed() -> None:
        import redis.asyncio as aioredis

        client = aioredis.Redis.from_url(redis_server.url)
        await SimulatedClock(client).set(dt.datetime(2026, 11, 2, 9, tzinfo=dt.UTC))
        await client.xadd(keys.ingest("invoices"), {"__data__": "{}"})
        await client.aclose()

    asyncio.run(seed())
    client = redis.Redis.from_url(redis_server.url)
    before = {key: client.dump(key) for key in client.scan_iter()}
    lines: list[str] = []

    booted = demo_system(settings_for_up(None), ports=free_ports())
    try:
        urls = {s: booted.system.url(s) for s in SERVICES}
        view = run_demo(urls, booted.admin_key, booted.settings, lines.append)
    finally:
        shutdown(booted)

    after = {key: client.dump(key) for key in client.scan_iter()}
    client.close()
    assert view["state"] == "current" and any("timeline of debtor" in x for x in lines)
    assert after == before  # not one key of the other system touched, its clock unmoved
    assert booted.settings.redis_url != redis_server.url
    assert (Path(booted.settings.var_dir).resolve() / "demo" / "redis" / "redis.log").exists()


def test_the_demo_while_a_system_runs_says_what_to_do_instead() -> None:
    holder = socket.socket()
    try:
        holder.bind(("127.0.0.1", SERVICE_PORTS["invoicing"]))
        holder.listen()
    except OSError:
        pass  # something answers there already: the demo must refuse all the same
    try:
        result = CliRunner().invoke(app, ["demo"])
    finally:
        holder.close()

    assert result.exit_code == 1
    assert "already answers on 127.0.0.1:" in result.stderr
    assert "`huikuan demo --running`" in result.stderr
