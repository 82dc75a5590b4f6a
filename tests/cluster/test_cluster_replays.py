"""Replays on a cluster: a dead letter goes back to its stream in another slot, once."""

from __future__ import annotations

import pytest
from redis.crc import key_slot

from shared.infra import connection, keys
from shared.infra.deadletter import list_dead_letters, replay_dead_letter, write_dead_letter
from tests.support.redis_cluster import RedisClusterNodes

pytestmark = pytest.mark.cluster


async def test_a_dead_letter_replays_into_a_stream_of_another_slot(
    redis_cluster: RedisClusterNodes,
) -> None:
    client = connection.async_client(redis_cluster.url)
    stream, dlq = keys.outbox(3, "invoicing"), keys.dead_letter("collections")
    assert key_slot(stream.encode()) != key_slot(dlq.encode())
    await client.delete(stream, dlq)
    await write_dead_letter(client, "collections", stream, b"1-1", b'{"x":1}', "boom", 5)
    [letter] = await list_dead_letters(client, "collections")

    new_id = await replay_dead_letter(client, "collections", letter.id)

    assert new_id is not None
    [(entry_id, fields)] = await client.xrange(stream)
    assert entry_id.decode() == new_id and fields == {b"__data__": b'{"x":1}'}
    assert await list_dead_letters(client, "collections") == []
    await client.aclose()
