"""HUIKUAN_APPEND_REPLICAS on a cluster: an append succeeds once its replica has it, and is
reported as not replicated (the write on the master all the same) while the replica is
down."""

from __future__ import annotations

import pytest

from shared.infra import connection
from shared.infra.eventstore import GENESIS, AppendRequest, StreamRef
from shared.infra.replicated import NotReplicated, ReplicatedEventStore
from shared.infra.transient import is_transient
from tests.support.factories import invoice_issued
from tests.support.redis_cluster import RedisClusterNodes

pytestmark = pytest.mark.cluster


def request(n: int) -> AppendRequest:
    ref = StreamRef("invoice", f"inv-R{n}", "C-R")
    event = invoice_issued(customer_id="C-R", number=f"R{n}")
    return AppendRequest(ref, 0, [event], GENESIS, idempotency_key=f"replicated-{n}")


async def test_appends_wait_for_their_replica(redis_cluster: RedisClusterNodes) -> None:
    client = connection.async_client(redis_cluster.url)
    store = ReplicatedEventStore(client, "invoicing", 4, redis_cluster.url, 1, 300)
    try:
        assert (await store.append(request(1))).version == 1
        [many] = await store.append_many([request(2)])
        assert not isinstance(many, Exception) and many.version == 1

        replica = redis_cluster.replica_of(
            redis_cluster.master_of(store.stream_key(request(3).ref))
        )
        replica.kill()
        try:
            with pytest.raises(NotReplicated, match="0 of 1 replicas confirmed") as refused:
                await store.append(request(3))
            assert is_transient(refused.value)
            assert await client.xlen(store.stream_key(request(3).ref)) == 1  # on the master
        finally:
            replica.start()
            redis_cluster.wait_until_ok()
        assert (await store.append(request(3))).duplicate  # the retry finds it stored
    finally:
        await client.aclose()
