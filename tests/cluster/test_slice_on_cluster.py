"""The slice end to end on a 3-master Redis Cluster: the same walk as on one server
(``tests/e2e/test_slice.py``), every service a cluster client (``REDIS_URL=redis+cluster://``).
"""

from __future__ import annotations

import pytest

from shared.infra import connection
from tests.e2e import test_slice as on_one_server
from tests.e2e.conftest import System
from tooling.demo import Demo

pytestmark = [pytest.mark.e2e, pytest.mark.cluster]


async def test_slice_walks_from_invoice_to_reminder_to_payment_on_a_cluster(
    system: System, driver: Demo
) -> None:
    assert "redis+cluster://" in system.redis_url
    await on_one_server.test_slice_walks_from_invoice_to_reminder_to_payment(system, driver)
    keyspaces = await connection.every_master(driver.redis, "keyspace")
    holding = [space for space in keyspaces if space.get("db0", {}).get("keys")]
    assert len(keyspaces) == 3 and len(holding) >= 2, f"keys on one master only: {keyspaces}"
    logs = system.logs()
    assert "RedisClusterException" not in logs and "CROSSSLOT" not in logs


async def test_planted_personal_data_is_nowhere_on_any_cluster_node(
    system: System, driver: Demo
) -> None:
    await on_one_server.test_planted_personal_data_is_nowhere_outside_the_customers_store(
        system, driver
    )
