from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import hypothesis
import pytest
import redis.asyncio as aioredis

from shared.infra.settings import Settings
from tests.support.redis_server import RedisServer

# The installation the tests are: its own var directory (development secrets such as the
# API-key records' secret are made there), never the checkout's var/. Set before anything
# reads settings, so every process the tests start (they inherit it) shares it.
TEST_VAR_DIR = tempfile.mkdtemp(prefix="huikuan-test-var-")
os.environ["HUIKUAN_VAR_DIR"] = TEST_VAR_DIR


# Property tests must pass on a loaded machine: no per-example deadline (hypothesis's default
# of 200 ms fails an example that merely waited for a CPU), no "too slow" health check.
hypothesis.settings.register_profile(
    "huikuan",
    deadline=None,
    suppress_health_check=[hypothesis.HealthCheck.too_slow],
)
hypothesis.settings.load_profile(os.environ.get("HUIKUAN_HYPOTHESIS_PROFILE", "huikuan"))


@pytest.fixture(scope="session", autouse=True)
def _test_var_dir() -> Iterator[Path]:
    yield Path(TEST_VAR_DIR)
    shutil.rmtree(TEST_VAR_DIR, ignore_errors=True)


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    server = RedisServer(Path(tmp_path_factory.mktemp("redis")))
    server.start()
    yield server
    server.stop()


@pytest.fixture
async def redis(redis_server: RedisServer) -> AsyncIterator[aioredis.Redis]:
    if redis_server.proc is None:
        redis_server.start()
    client = aioredis.Redis.from_url(redis_server.url)
    await client.flushall()
    yield client
    await client.aclose()


@pytest.fixture
def settings(redis_server: RedisServer) -> Settings:
    return Settings(
        redis_url=redis_server.url,
        environment="test",
        partitions=4,
        reclaim_idle_ms=300,
        poll_interval_ms=50,
        timer_poll_interval_ms=50,
        dead_letter_after=3,
        partition_lease_ms=3000,
    )
