"""Backup and restore as docs/operations.md says: an RDB snapshot copied, more written, a
customer erased, the snapshot restored into a fresh Redis, erasures re-applied from the
ledger kept outside Redis, every hash chain verified. The erased customer stays erased."""

from __future__ import annotations

import asyncio
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import redis
import redis.asyncio as aioredis
from typer.testing import CliRunner

from shared.infra import keys
from tests.e2e.conftest import System, running_system
from tests.e2e.journey_helpers import registration
from tests.support.apps import dump
from tests.support.redis_server import RedisServer
from tooling.cli import app

pytestmark = pytest.mark.e2e
runner = CliRunner()
KEPT, ERASED, LATER = "C-BK-KEPT", "C-BK-ERASED", "C-BK-LATER"


@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("shredded") / "shredded.jsonl"


@pytest.fixture(scope="module")
def system(
    redis_server: RedisServer, tmp_path_factory: pytest.TempPathFactory, ledger: Path
) -> Iterator[System]:
    env = {"HUIKUAN_SHREDDED_LEDGER": str(ledger)}
    with running_system(redis_server, tmp_path_factory, more_env=env) as started:
        yield started


def snapshot(server: RedisServer, into: Path) -> Path:
    """BGSAVE, wait for it to finish, copy the RDB file (the documented backup)."""
    client = redis.Redis(port=server.port)
    before = client.lastsave()
    client.bgsave()
    deadline = time.monotonic() + 60
    while client.lastsave() == before or client.info("persistence")["rdb_bgsave_in_progress"]:
        assert time.monotonic() < deadline, "BGSAVE did not finish"
        time.sleep(0.1)
    into.mkdir(parents=True)
    return Path(shutil.copy(server.data_dir / "dump.rdb", into / "dump.rdb"))


def restored_from(rdb: Path, data_dir: Path) -> RedisServer:
    """A fresh Redis that loads the RDB (AOF off while loading), then turns AOF on."""
    data_dir.mkdir(parents=True)
    shutil.copy(rdb, data_dir / "dump.rdb")
    server = RedisServer(data_dir, extra_args=("--appendonly", "no"))
    server.start()
    client = redis.Redis(port=server.port)
    client.config_set("appendonly", "yes")  # rewrites the AOF from the loaded data
    deadline = time.monotonic() + 60
    while int(client.info("persistence")["aof_rewrite_in_progress"]):
        assert time.monotonic() < deadline, "the AOF rewrite did not finish"
        time.sleep(0.1)
    return server


def huikuan(url: str, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args), env={"REDIS_URL": url})
    return result.exit_code, result.stdout + result.stderr


async def register(http: httpx.AsyncClient, system: System, customer_id: str) -> None:
    body = registration(customer_id, f"{customer_id.lower()}@buyer-example.cn")
    answer = await http.post(f"{system.urls()['customers']}/customers", json=body)
    assert answer.status_code in (200, 201), answer.text


async def test_a_restored_backup_keeps_an_erased_customer_erased_and_every_chain_verifies(
    system: System, redis_server: RedisServer, ledger: Path, tmp_path: Path
) -> None:
    async with httpx.AsyncClient(headers={"X-API-Key": system.admin_key}, timeout=10) as http:
        for customer_id in (KEPT, ERASED):
            await register(http, system, customer_id)
        backup = await asyncio.to_thread(snapshot, redis_server, tmp_path / "backup")

        await register(http, system, LATER)  # written after the backup
        erased = await http.post(f"{system.urls()['customers']}/customers/{ERASED}/erasure",
                                 json={"basis": "data_subject_request"})  # fmt: skip
        assert erased.status_code == 200, erased.text
    assert ERASED in ledger.read_text()

    restored = restored_from(backup, tmp_path / "restored")
    try:
        brought_back = redis.Redis(port=restored.port).exists(f"hk:customers:pii:{ERASED}")
        assert brought_back == 1, "the backup held no data key to resurrect: nothing shown"

        reapply = ("erasures", "reapply", "--ledger", str(ledger))
        code, said = await asyncio.to_thread(huikuan, restored.url, *reapply)
        assert code == 0, said
        assert "1 data keys restored from the backup destroyed again" in said
        code, said = await asyncio.to_thread(huikuan, restored.url, "verify", "--all")
        assert code == 0, said
        assert "BROKEN" not in said and " of " in said

        client = redis.Redis(port=restored.port)
        assert client.exists(f"hk:customers:pii:{ERASED}") == 0
        assert client.exists(f"hk:customers:pii:{KEPT}") == 1  # only the erased one
        assert client.exists(f"hk:customers:pii:{LATER}") == 0  # after the backup: not in it
        blob = await dump(aioredis.Redis(port=restored.port))
        assert f"{ERASED.lower()}@buyer-example.cn".encode() not in blob
        assert client.exists(keys.PARTITION_COUNT) == 1
    finally:
        restored.stop()


def test_verify_all_names_a_stream_whose_chain_is_broken(
    system: System, redis_server: RedisServer
) -> None:
    client = redis.Redis(port=redis_server.port)
    [stream] = [k for k in client.scan_iter(match=f"*:es:customer:{KEPT}", _type="stream")]
    [(_, fields)] = client.xrange(stream, count=1)
    fields[b"__data__"] = fields[b"__data__"].replace(KEPT.encode(), b"C-BK-XXXX")
    copy = stream.decode() + ":copy"  # the first event, its content changed, its hash kept
    client.xadd(copy, fields, id="1-1")
    code, said = huikuan(redis_server.url, "verify", "--all")
    client.delete(copy)
    assert code == 1
    assert f"BROKEN {copy} at version 1: content does not match its hash" in said
