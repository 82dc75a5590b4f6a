"""Packing commands in C: redis-py's asyncio connection packs every command in Python.

An event-store append is one EVALSHA with a dozen arguments, some of them a few hundred
bytes of JSON; redis-py's pure-Python packer and argument encoder cost more per call than
the rest of the client (measured with bench/collections_drain.py). hiredis (already the reply
parser) packs the same bytes in C: for arguments of the types Huikuan sends (str, bytes,
int, float) ``hiredis.pack_command`` gives byte for byte what redis-py would (a test holds
it so); anything else — a bool, None, a memoryview, a command name with a space such as
``"CONFIG GET"`` — goes through redis-py's own packer, which also raises its usual errors.
"""

from __future__ import annotations

from typing import Any

import hiredis
import redis.asyncio as aioredis
from redis.asyncio.connection import AbstractConnection

_FAST = frozenset({str, bytes, int, float})


class CPackedCommands:
    """Mixin for a redis-py asyncio connection class: ``pack_command`` in C when it can."""

    def pack_command(self, *args: Any) -> list[bytes]:
        first = args[0] if args else None
        if type(first) is str and " " not in first and _FAST.issuperset(map(type, args)):
            return [hiredis.pack_command(args)]
        return AbstractConnection.pack_command(self, *args)  # type: ignore[arg-type]


def pack_in_c(pool: aioredis.ConnectionPool) -> aioredis.ConnectionPool:
    """Make the pool's connections pack commands in C (whatever their transport: TCP, TLS,
    unix socket); returns the pool."""
    base = pool.connection_class
    if not issubclass(base, CPackedCommands):
        pool.connection_class = type(f"CPacked{base.__name__}", (CPackedCommands, base), {})
    return pool
