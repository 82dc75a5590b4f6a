"""A local Redis Cluster for the session (3 masters, 3 replicas) and the whole system on it.

The fixtures ``system`` and ``driver`` carry the names of the single-server ones in
``tests/e2e/conftest.py``, so the same end-to-end tests run here against the cluster.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest

from shared.infra import connection
from tests.e2e.conftest import GRACE_DAYS, System, running_system
from tests.support.redis_cluster import RedisClusterNodes
from tooling.demo import Demo


@pytest.fixture(scope="session")
def redis_cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisClusterNodes]:
    cluster = RedisClusterNodes(Path(tmp_path_factory.mktemp("redis-cluster")))
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture(scope="module")
def system(
    redis_cluster: RedisClusterNodes, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[System]:
    with running_system(redis_cluster, tmp_path_factory) as started:
        yield started


@pytest.fixture
async def driver(system: System) -> AsyncIterator[Demo]:
    client = connection.async_client(system.redis_url)
    async with httpx.AsyncClient(headers={"X-API-Key": system.admin_key}, timeout=10) as http:
        yield Demo(system.urls(), http, client, lambda _line: None, GRACE_DAYS)
    await client.aclose()
