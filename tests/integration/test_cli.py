"""An honest CLI (issue 8, items 13, 16 and 18): it refuses what it cannot do and says why
in one line, and shows every service's dead letters in one list."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
import redis.asyncio as aioredis
from typer.testing import CliRunner

from services.collections.app import build as build_collections
from shared.infra import keys
from shared.infra.clock import SimulatedClock
from shared.infra.deadletter import write_dead_letter
from shared.infra.settings import Settings
from shared.web.auth import Role
from tests.support.apps import running_app
from tests.support.redis_server import RedisServer, free_port
from tooling.cli import app
from tooling.devsystem import SystemError_
from tooling.local import boot

runner = CliRunner()


@pytest.fixture
def redis_env(redis_server: RedisServer, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("REDIS_URL", redis_server.url)
    yield


def huikuan_now(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


async def huikuan(*args: str) -> tuple[int, str, str]:
    """The CLI as a person runs it: in its own thread, with its own event loop."""
    return await asyncio.to_thread(huikuan_now, *args)


async def test_clock_advance_against_services_on_the_system_clock_refuses_and_writes_nothing(
    redis: aioredis.Redis, settings: Settings, redis_env: None
) -> None:
    async with running_app(build_collections, settings.model_copy(update={"clock": "system"}),
                           redis):  # fmt: skip
        code, out, err = await huikuan("clock", "advance", "--days", "3")

    assert code == 1 and out == ""
    assert "run on the system clock" in err and "nothing changed" in err
    assert len(err.strip().splitlines()) == 1
    assert await redis.get(keys.SIM_CLOCK) is None  # the next simulated run starts unmoved


async def test_clock_advance_with_no_service_ever_started_refuses(
    redis: aioredis.Redis, redis_env: None
) -> None:
    code, _, err = await huikuan("clock", "advance", "--hours", "1")

    assert code == 1 and "no Huikuan service has started" in err
    assert await redis.get(keys.SIM_CLOCK) is None


async def test_clock_advance_moves_the_clock_the_services_run_on(
    redis: aioredis.Redis, settings: Settings, redis_env: None
) -> None:
    simulated = settings.model_copy(update={"clock": "simulated"})
    async with running_app(build_collections, simulated, redis) as svc:
        before = (await svc.client.get("/admin/clock", headers=svc.as_(Role.AUDITOR))).json()
        code, out, _ = await huikuan("clock", "advance", "--days", "2")
        after = (await svc.client.get("/admin/clock", headers=svc.as_(Role.AUDITOR))).json()

    assert code == 0 and out.strip() == after["now"]
    start = await SimulatedClock(redis).now() - timedelta(days=2)
    assert before["now"] == start.isoformat()


@pytest.mark.parametrize(
    "command",
    [
        ("keys", "list"),
        ("keys", "create", "--name", "ops", "--role", "admin"),
        ("keys", "rotate-internal"),
        ("dlq", "list"),
        ("dlq", "replay", "invoicing", "1-0"),
        ("clock", "advance", "--days", "1"),
    ],
)
def test_with_redis_down_a_command_says_so_in_one_line_with_the_url_and_how_to_start_it(
    command: tuple[str, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"redis://ops:s3cret@127.0.0.1:{free_port()}/0"  # nothing listens there
    monkeypatch.setenv("REDIS_URL", url)

    code, out, err = huikuan_now(*command)

    assert code == 1 and out == ""
    [line] = err.strip().splitlines()
    assert line.startswith("error: Redis is not reachable at redis://ops:***@127.0.0.1:")
    assert "`huikuan up`" in line and "s3cret" not in line and "Traceback" not in err


async def test_dlq_list_without_a_service_shows_every_services_dead_letters(
    redis: aioredis.Redis, settings: Settings, redis_env: None
) -> None:
    await write_dead_letter(redis, "invoicing", "hk:ingest:invoices", b"1-0", b"{", "bad JSON", 1)
    await write_dead_letter(redis, "notifications", "hk:{p01}:out:collections", b"2-0", b"{}",
                            "ValidationError: type", 3)  # fmt: skip

    code, out, _ = await huikuan("dlq", "list")
    one_code, one, _ = await huikuan("dlq", "list", "notifications")
    async with running_app(build_collections, settings, redis) as svc:
        every = await svc.client.get("/admin/dead-letters/all", headers=svc.as_(Role.AUDITOR))
        own = await svc.client.get("/admin/dead-letters", headers=svc.as_(Role.AUDITOR))

    assert code == one_code == 0
    lines = out.strip().splitlines()
    assert len(lines) == 2
    assert "invoicing" in lines[0] and "bad JSON" in lines[0]
    assert "notifications" in lines[1] and "x3" in lines[1]
    assert len(one.strip().splitlines()) == 1 and "notifications" in one
    assert [(d["service"], d["deliveries"]) for d in every.json()] == [
        ("invoicing", 1), ("notifications", 3)]  # fmt: skip
    assert own.json() == []  # collections' own list is still its own


def test_up_against_a_redis_that_refuses_its_login_says_so_instead_of_starting_another(
    tmp_path: Path,
) -> None:
    acl = tmp_path / "users.acl"
    acl.write_text("user default off\nuser ops on >right-password ~* &* +@all\n")
    locked = RedisServer(tmp_path / "redis", extra_args=("--aclfile", str(acl)))
    locked.ping_as = ("ops", "right-password")
    locked.start()
    try:
        wrong = Settings(redis_url=locked.url, redis_username="ops", redis_password="wrong")
        with pytest.raises(SystemError_, match="answers but does not let this user in"):
            boot(wrong, ports={})
    finally:
        locked.stop()
