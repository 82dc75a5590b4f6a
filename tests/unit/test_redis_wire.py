"""Commands packed in C are byte for byte what redis-py packs; other arguments fall back."""

from __future__ import annotations

import pytest
import redis.asyncio as aioredis
from redis.asyncio.connection import Connection
from redis.exceptions import DataError

from shared.infra.redis_wire import CPackedCommands, pack_in_c


class Packed(CPackedCommands, Connection):
    pass


ARGS = [
    ("EVALSHA", "a" * 40, 2, "hk:{p01}:es:debtor:C-1", "k2", 0, "0" * 64, "", 1, 2.5),
    ("HSET", "key", "中文", b"\x00\xff\r\n", 10**30, -0.0, 1 / 3, float("inf")),
    ("XADD", "s", "*", "__data__", "x" * 100_000),
]


@pytest.mark.parametrize("args", ARGS)
def test_packed_in_c_as_redis_py_packs(args: tuple[object, ...]) -> None:
    fast, slow = Packed(), Connection()
    assert b"".join(fast.pack_command(*args)) == b"".join(slow.pack_command(*args))


def test_what_c_does_not_take_goes_through_redis_py() -> None:
    fast = Packed()
    assert b"".join(fast.pack_command("CONFIG GET", "maxmemory")) == b"".join(
        Connection().pack_command("CONFIG GET", "maxmemory")
    )
    with pytest.raises(DataError):
        fast.pack_command("SET", "k", True)
    with pytest.raises(DataError):
        fast.pack_command("SET", "k", None)


def test_a_pool_made_to_pack_in_c_keeps_its_transport() -> None:
    tls = pack_in_c(aioredis.ConnectionPool.from_url("rediss://127.0.0.1:1/0"))
    plain = pack_in_c(aioredis.ConnectionPool.from_url("redis://127.0.0.1:1/0"))
    assert issubclass(tls.connection_class, CPackedCommands)
    assert tls.connection_class.__mro__[2].__name__ == "SSLConnection"
    assert issubclass(plain.connection_class, Connection)
    assert pack_in_c(plain).connection_class is plain.connection_class  # once
