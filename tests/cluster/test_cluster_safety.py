"""Start-up safety on a cluster asks every master, not the one node a client's INFO reaches."""

from __future__ import annotations

import pytest
import redis

from shared.infra import connection
from shared.infra.runtime import UnsafeRedis, check_redis_is_safe
from tests.support.redis_cluster import RedisClusterNodes

pytestmark = pytest.mark.cluster


@pytest.mark.parametrize(
    ("setting", "unsafe", "named"),
    [("appendonly", "no", "appendonly is off"),
     ("maxmemory-policy", "allkeys-lru", "maxmemory-policy is 'allkeys-lru'")],
)  # fmt: skip
async def test_one_unsafe_master_refuses_the_start(
    redis_cluster: RedisClusterNodes, setting: str, unsafe: str, named: str
) -> None:
    client = connection.async_client(redis_cluster.url)
    await check_redis_is_safe(client)  # all six nodes start safe
    last_master = redis.Redis(port=redis_cluster.masters()[-1].port)
    safe = last_master.config_get(setting)[setting]
    last_master.config_set(setting, unsafe)
    try:
        with pytest.raises(UnsafeRedis, match=named):
            await check_redis_is_safe(client)
    finally:
        last_master.config_set(setting, safe)
        await client.aclose()
