"""Script calls sent together (``run_scripts``): one pipelined round trip of EVALSHAs, with
no SCRIPT EXISTS before it; a server that lost its scripts is given them again."""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

import pytest
import redis.asyncio as aioredis
from redis.asyncio.connection import Connection
from redis.exceptions import TimeoutError as RedisTimeoutError

from shared.infra.connection import run_scripts
from shared.infra.transient import is_transient

ECHO = "return {KEYS[1], ARGV[1]}"
INCR = "return redis.call('INCRBY', KEYS[1], ARGV[1])"


class CountedConnection(Connection):
    """A real connection that counts its writes to the socket (a pipeline is one) and the
    replies read through redis-py's ``read_response``."""

    writes = 0
    reads = 0

    async def send_packed_command(self, command: Any, check_health: bool = True) -> None:
        CountedConnection.writes += 1
        await super().send_packed_command(command, check_health)

    async def read_response(self, *args: Any, **kwargs: Any) -> Any:
        CountedConnection.reads += 1
        return await super().read_response(*args, **kwargs)


async def script_exists_calls(redis: aioredis.Redis) -> int:
    stats = await redis.info("commandstats")
    return int(stats.get("cmdstat_script|exists", {}).get("calls", 0))


async def test_script_calls_sent_together_are_one_round_trip(redis: aioredis.Redis) -> None:
    kwargs = redis.connection_pool.connection_kwargs
    pool = aioredis.ConnectionPool(connection_class=CountedConnection, **kwargs)
    counted = aioredis.Redis(connection_pool=pool)
    echo, incr = counted.register_script(ECHO), counted.register_script(INCR)
    await run_scripts(counted, [(echo, ["a"], ["0"]), (incr, ["n"], [0])])  # known to Redis
    await redis.config_resetstat()
    CountedConnection.writes = 0

    replies = await run_scripts(counted, [(echo, ["a"], ["1"]), (incr, ["n"], [5]),
                                          (echo, ["b"], ["2"]), (incr, ["n"], [2])])  # fmt: skip

    assert replies == [[b"a", b"1"], 5, [b"b", b"2"], 7]
    assert CountedConnection.writes == 1
    assert await script_exists_calls(redis) == 0
    await counted.aclose()


async def test_a_server_that_lost_its_scripts_is_given_them_again(redis: aioredis.Redis) -> None:
    incr = redis.register_script(INCR)
    assert await run_scripts(redis, [(incr, ["n"], [1])]) == [1]
    await redis.script_flush()

    replies = await run_scripts(redis, [(incr, ["n"], [2]), (incr, ["m"], [3])])

    assert replies == [3, 3]  # each ran exactly once after the reload
    assert await redis.get("n") == b"3"


async def test_a_failing_call_is_its_own_reply_and_the_others_run(redis: aioredis.Redis) -> None:
    incr = redis.register_script(INCR)
    await redis.set("text", "not a number")

    replies = await run_scripts(redis, [(incr, ["text"], [1]), (incr, ["n"], [4])])

    assert isinstance(replies[0], Exception)
    assert replies[1] == 4


async def test_a_server_that_does_not_answer_in_time_fails_the_batch_as_transient(
    redis: aioredis.Redis,
) -> None:
    kwargs = {**redis.connection_pool.connection_kwargs, "socket_timeout": 0.2}
    impatient = aioredis.Redis(connection_pool=aioredis.ConnectionPool(max_connections=1, **kwargs))
    echo = impatient.register_script(ECHO)
    while True:  # the script given to the server (a loaded machine may need a second try)
        with contextlib.suppress(RedisTimeoutError):
            await run_scripts(impatient, [(echo, ["a"], ["0"])])
            break

    # the server holds every other client's commands for 3 s: no reply within 0.2 s
    await redis.execute_command("CLIENT", "PAUSE", 3000, "ALL")
    with pytest.raises(RedisTimeoutError) as raised:
        await run_scripts(impatient, [(echo, ["a"], ["1"]), (echo, ["b"], ["1"])])

    assert is_transient(raised.value)
    await redis.execute_command("CLIENT", "UNPAUSE")
    # the connection was dropped, not left holding the late replies: the next batch, on the
    # same single-connection pool, reads its own
    replies = await run_scripts(impatient, [(echo, ["x"], ["2"]), (echo, ["y"], ["3"])])
    assert replies == [[b"x", b"2"], [b"y", b"3"]]
    await impatient.aclose()


async def test_a_batch_cancelled_anywhere_leaves_no_reply_for_the_next_one(
    redis: aioredis.Redis,
) -> None:
    kwargs = redis.connection_pool.connection_kwargs
    single = aioredis.Redis(connection_pool=aioredis.ConnectionPool(max_connections=1, **kwargs))
    echo = single.register_script(ECHO)
    await run_scripts(single, [(echo, ["a"], ["0"])])

    for steps in range(30):  # cancelled after 0, 1, 2, … turns of the event loop
        batch = asyncio.create_task(
            run_scripts(single, [(echo, [f"k{i}"], [f"old-{i}"]) for i in range(300)])
        )
        for _ in range(steps):
            await asyncio.sleep(0)
        batch.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await batch
        fresh = [(echo, [f"k{i}"], [f"new-{steps}-{i}"]) for i in range(5)]
        assert await run_scripts(single, fresh) == [
            [f"k{i}".encode(), f"new-{steps}-{i}".encode()] for i in range(5)
        ]
    await single.aclose()


class CountedPool(aioredis.BlockingConnectionPool):
    """A real blocking pool that counts how often a connection is taken from it."""

    takes = 0

    async def get_connection(self, *args: Any, **kwargs: Any) -> Any:
        CountedPool.takes += 1
        return await super().get_connection(*args, **kwargs)


async def test_script_batches_keep_their_connection_and_give_it_back_after_a_failure(
    redis: aioredis.Redis,
) -> None:
    kwargs = {**redis.connection_pool.connection_kwargs, "socket_timeout": 0.2}
    pool = CountedPool(max_connections=4, **kwargs)
    client = aioredis.Redis(connection_pool=pool)
    echo = client.register_script(ECHO)
    while True:  # the script given to the server (a loaded machine may need a second try)
        with contextlib.suppress(RedisTimeoutError):
            await run_scripts(client, [(echo, ["a"], ["0"])])
            break
    CountedPool.takes = 0

    for n in range(5):
        assert await run_scripts(client, [(echo, ["a"], [str(n)])]) == [[b"a", str(n).encode()]]
    assert CountedPool.takes == 0  # one connection, kept back between batches

    await redis.execute_command("CLIENT", "PAUSE", 3000, "ALL")
    with pytest.raises(RedisTimeoutError):
        await run_scripts(client, [(echo, ["a"], ["late"])])
    await redis.execute_command("CLIENT", "UNPAUSE")
    assert await run_scripts(client, [(echo, ["b"], ["1"])]) == [[b"b", b"1"]]
    assert CountedPool.takes == 1  # the failed one went back to the pool; the next was taken
    await client.aclose()


async def test_after_a_burst_of_batches_at_once_the_pool_keeps_its_headroom(
    redis: aioredis.Redis,
) -> None:
    kwargs = redis.connection_pool.connection_kwargs
    pool = aioredis.BlockingConnectionPool(max_connections=12, timeout=2, **kwargs)
    client = aioredis.Redis(connection_pool=pool)
    echo = client.register_script(ECHO)
    await run_scripts(client, [(echo, ["a"], ["0"])])

    # the server holds every other client for a moment, so the twelve batches are all in
    # flight at once, each on a connection of its own
    await redis.execute_command("CLIENT", "PAUSE", 500, "ALL")
    burst = await asyncio.gather(*(run_scripts(client, [(echo, [f"k{i}"], ["1"])])
                                   for i in range(12)))  # fmt: skip
    assert burst == [[[f"k{i}".encode(), b"1"]] for i in range(12)]

    # at most eight were kept back: four plain commands at once still get a connection
    # (with none left, the pool would refuse them after its 2 s wait)
    await client.set("n", "1")
    assert await asyncio.gather(*(client.get("n") for _ in range(4))) == [b"1"] * 4
    await client.aclose()


async def test_replies_already_buffered_are_taken_from_the_reader_errors_and_all(
    redis: aioredis.Redis,
) -> None:
    """A batch's replies mostly arrive in a few socket reads: redis-py's ``read_response``
    reads from the socket, the replies it left in the buffer are taken straight from the
    hiredis reader, each the same as ``read_response`` gives (a refused call's error in its
    place, with redis-py's own error class)."""
    kwargs = redis.connection_pool.connection_kwargs
    pool = aioredis.ConnectionPool(connection_class=CountedConnection, **kwargs)
    counted = aioredis.Redis(connection_pool=pool)
    echo, incr = counted.register_script(ECHO), counted.register_script(INCR)
    await counted.set("text", "not a number")
    await run_scripts(counted, [(echo, ["a"], ["0"])])  # given to the server
    CountedConnection.reads = 0
    calls = [(echo, [f"k{i}"], [str(i)]) for i in range(300)]
    calls[150] = (incr, ["text"], [1])  # refused: its error in its place

    replies = await run_scripts(counted, calls)

    assert replies[:150] == [[f"k{i}".encode(), str(i).encode()] for i in range(150)]
    assert type(replies[150]).__name__ == "ResponseError" and "not an integer" in str(replies[150])
    assert replies[151:] == [[f"k{i}".encode(), str(i).encode()] for i in range(151, 300)]
    assert 1 <= CountedConnection.reads < 30  # one per socket read, not one per reply
    assert await run_scripts(counted, [(incr, ["n"], [2])]) == [2]  # the connection is clean
    await counted.aclose()
