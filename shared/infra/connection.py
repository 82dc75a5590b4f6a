"""Connecting to Redis: one server, or a Redis Cluster named by ``redis+cluster://``.

``REDIS_URL=redis+cluster://host1:7000,host2:7000/`` (credentials as in any Redis URL, or
``HUIKUAN_REDIS_USERNAME`` / ``_PASSWORD``) makes every client of the process a cluster
client: redis-py's ``RedisCluster`` and FastStream's ``RedisClusterBroker``. Neither
parses a ``redis+cluster://`` URL itself, so this module turns it into startup nodes.

Every key of a partition carries its hash tag (``{p07}``, ``shared.infra.keys``) and every
multi-key script or transaction stays within one tag, so the code that runs on one server
runs unchanged on a cluster. ``RedisCluster`` is not a subclass of ``redis.asyncio.Redis``
but offers the same commands, pipelines (transactions within one slot) and scripts; the
rest of the code is typed against ``Redis`` and :func:`async_client` says so once.

TLS: a ``rediss://`` URL verifies the server against the system's CA store, or against the
CA bundle its ``ssl_ca_certs`` query names (``HUIKUAN_REDIS_CA_FILE`` puts it there). A
single server's client and FastStream's brokers read it from the URL; the cluster clients
built here get it from :func:`tls_options`.
"""

from __future__ import annotations

import asyncio
import math
import weakref
from collections.abc import Sequence
from typing import Any, NamedTuple, cast
from urllib.parse import parse_qs, urlsplit, urlunsplit

import redis
import redis.asyncio as aioredis
from faststream.redis import RedisBroker, RedisClusterBroker
from redis._parsers.hiredis import NOT_ENOUGH_DATA, _AsyncHiredisParser
from redis.asyncio.cluster import ClusterNode as AsyncClusterNode
from redis.asyncio.cluster import RedisCluster as AsyncRedisCluster
from redis.cluster import ClusterNode, RedisCluster
from redis.crc import key_slot
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import NoScriptError, ResponseError
from redis.exceptions import TimeoutError as RedisTimeoutError

from shared.infra.redis_wire import pack_in_c

CLUSTER_SCHEMES = ("redis+cluster", "rediss+cluster")


def is_cluster(url: str) -> bool:
    """Whether ``url`` names a Redis Cluster (``redis+cluster://`` or ``rediss+cluster://``)."""
    return urlsplit(url).scheme in CLUSTER_SCHEMES


def cluster_nodes(url: str) -> list[tuple[str, int]]:
    """The startup nodes of a ``redis+cluster://h1:p1,h2:p2/`` URL (port 6379 by default)."""
    netloc = urlsplit(url).netloc.rpartition("@")[2]
    nodes = []
    for hostport in netloc.split(","):
        host, _, port = hostport.rpartition(":") if ":" in hostport else (hostport, "", "")
        nodes.append((host.strip("[]") or "127.0.0.1", int(port or 6379)))
    return nodes


def node_url(url: str) -> str:
    """``url`` as a plain ``redis://`` URL of its first node (credentials kept, no database:
    a cluster has only database 0)."""
    parts = urlsplit(url)
    if not is_cluster(url):
        return url
    credentials, _, _ = parts.netloc.rpartition("@")
    host, port = cluster_nodes(url)[0]
    netloc = f"{credentials}@{host}:{port}" if credentials else f"{host}:{port}"
    scheme = parts.scheme.removesuffix("+cluster")
    return urlunsplit((scheme, netloc, "", parts.query, ""))


def tls_options(url: str) -> dict[str, Any]:
    """The TLS options a cluster client takes from ``url``: whether to use TLS, and the CA
    bundle (``ssl_ca_certs``) verifying the nodes' certificates."""
    parts = urlsplit(url)
    options: dict[str, Any] = {"ssl": parts.scheme in ("rediss", "rediss+cluster")}
    ca_files = parse_qs(parts.query).get("ssl_ca_certs")
    if options["ssl"] and ca_files:
        options["ssl_ca_certs"] = ca_files[0]
    return options


def async_client(url: str, max_connections: int = 128, **options: Any) -> aioredis.Redis:
    """An asyncio client for ``url``. On one server its pool WAITS for a free connection
    instead of failing (handlers in flight are bounded below its size, so waits are short);
    on a cluster, ``max_connections`` applies per node."""
    if is_cluster(url):
        nodes = [AsyncClusterNode(host, port) for host, port in cluster_nodes(url)]
        parts = urlsplit(node_url(url))
        cluster = AsyncRedisCluster(
            startup_nodes=nodes,
            username=parts.username,
            password=parts.password,
            max_connections=max_connections,
            **tls_options(url),
            **options,
        )
        return cast(aioredis.Redis, cluster)  # same command API; see the module doc
    pool = aioredis.BlockingConnectionPool.from_url(
        url, max_connections=max_connections, timeout=30, **options
    )
    return aioredis.Redis(connection_pool=pack_in_c(pool))  # commands packed in C


def sync_client(url: str, **options: Any) -> redis.Redis:
    """A synchronous client for ``url`` (a cluster client for ``redis+cluster://``)."""
    if is_cluster(url):
        nodes = [ClusterNode(host, port) for host, port in cluster_nodes(url)]  # type: ignore[no-untyped-call]
        parts = urlsplit(node_url(url))
        cluster = RedisCluster(
            startup_nodes=nodes,
            username=parts.username,
            password=parts.password,
            **tls_options(url),
            **options,
        )
        return cast(redis.Redis, cluster)
    return redis.Redis.from_url(url, **options)


def broker(url: str, **options: Any) -> RedisBroker:
    """FastStream's broker for ``url``: ``RedisClusterBroker`` for a cluster."""
    if is_cluster(url):
        return RedisClusterBroker(node_url(url), startup_nodes=cluster_nodes(url)[1:], **options)
    return RedisBroker(url, **options)


async def every_master(client: aioredis.Redis, section: str) -> list[dict[str, Any]]:
    """``INFO section`` of every master: one entry on a single server, one per primary on a
    cluster (a cluster client's plain INFO reaches one node only)."""
    return list((await masters_info(client, section)).values())


async def masters_info(client: aioredis.Redis, section: str) -> dict[str, dict[str, Any]]:
    """``INFO section`` of every master by its ``host:port``."""
    if isinstance(client, AsyncRedisCluster):
        replies = await client.info(section, target_nodes=AsyncRedisCluster.PRIMARIES)
        return cast(dict[str, dict[str, Any]], replies)
    options = client.connection_pool.connection_kwargs
    node = f"{options.get('host', 'localhost')}:{options.get('port', 6379)}"
    return {node: await client.info(section)}


async def move_entry(
    client: aioredis.Redis, fields: dict[Any, Any], target: str, source: str, entry_id: str
) -> bytes:
    """Append ``fields`` to ``target`` and delete ``entry_id`` from ``source`` (a replay).

    One MULTI where both streams share a slot (always on one server); on a cluster with the
    streams in different slots, append first, then delete: a crash in between leaves the
    entry to be replayed again, never lost (handlers are idempotent)."""
    if not isinstance(client, AsyncRedisCluster) or key_slot(target.encode()) == key_slot(
        source.encode()
    ):
        async with client.pipeline(transaction=True) as pipe:
            pipe.xadd(target, fields)
            pipe.xdel(source, entry_id)
            new_id, _ = await pipe.execute()
        return bytes(new_id)
    new_id = await client.xadd(target, fields)
    await client.xdel(source, entry_id)
    return bytes(new_id)


ScriptCall = tuple[Any, list[str], list[Any]]
"""A registered script (``register_script``), its keys and its arguments."""


async def run_scripts(client: aioredis.Redis, calls: Sequence[ScriptCall]) -> list[Any]:
    """Each call's reply, or the exception it raised, in order: one pipelined round trip on
    one server (two more when the server lost its scripts); on a cluster, where redis-py
    refuses scripts in a pipeline, all at once, each to the master of its keys' slot."""
    if isinstance(client, AsyncRedisCluster):
        replies = list(await asyncio.gather(
            *(script(keys=keys, args=args) for script, keys, args in calls),
            return_exceptions=True,
        ))  # fmt: skip
        # redis-py 8.1's cluster client can lose a connection it is opening while many
        # calls open connections at once (AttributeError on its writer, the command never
        # sent, seen in bench/replicated_append.py): such calls run again, one by one.
        for i, (script, keys, args) in enumerate(calls):
            if isinstance(replies[i], AttributeError):
                try:
                    replies[i] = await script(keys=keys, args=args)
                except Exception as exc:
                    replies[i] = exc
        return replies
    await _load_once(client, calls)
    replies = await _evalsha_pipelined(client, calls)
    missing = [i for i, reply in enumerate(replies) if isinstance(reply, NoScriptError)]
    if missing:  # the server lost its script cache (restart, SCRIPT FLUSH): load, run again
        for script in {id(calls[i][0]): calls[i][0] for i in missing}.values():
            script.sha = await client.script_load(script.script)
        again = await _evalsha_pipelined(client, [calls[i] for i in missing])
        for i, reply in zip(missing, again, strict=True):
            replies[i] = reply
    return replies


_LOADED: set[tuple[int, str]] = set()  # (connection pool, sha) given to the server


async def _load_once(client: aioredis.Redis, calls: Sequence[ScriptCall]) -> None:
    # Each script is given to the server once per pool, so a first batch is not all refused.
    pool = id(client.connection_pool)
    for script in {call[0].sha: call[0] for call in calls}.values():
        if (pool, script.sha) not in _LOADED:
            script.sha = await client.script_load(script.script)
            _LOADED.add((pool, script.sha))


async def _evalsha_pipelined(client: aioredis.Redis, calls: Sequence[ScriptCall]) -> list[Any]:
    """Every call's EVALSHA written at once and the replies read back in order.

    Not redis-py's pipeline: its own script support sends a SCRIPT EXISTS first (one more
    round trip every time), and it arms and disarms a timeout per reply (a timer handle on
    the event loop each: measured a twentieth of invoicing's ingest CPU). Here one timeout
    covers the replies, renewed every ``_RENEW_EVERY`` of them, so a server that stops
    answering still fails the read within the connection's ``socket_timeout``. A connection
    error retries the whole batch on a fresh connection under the connection's retry policy,
    as redis-py's pipeline does (each script is atomic and our appends version-checked, so a
    batch sent twice changes nothing twice)."""
    commands = [("EVALSHA", script.sha, len(keys), *keys, *args) for script, keys, args in calls]
    pool = client.connection_pool
    held = _HELD.setdefault(pool, [])
    connection = held.pop() if held else await pool.get_connection()  # type: ignore[no-untyped-call]
    try:
        replies = await connection.retry.call_with_retry(
            lambda: _write_and_read(connection, commands),
            lambda error: connection.disconnect(),
        )
    except BaseException:
        await pool.release(connection)  # the pool checks it before anyone uses it again
        raise
    if len(held) < _KEEP_AT_MOST:
        held.append(connection)
    else:  # a burst of batches at once: the rest go back, the pool keeps its headroom
        await pool.release(connection)
    return cast(list[Any], replies)


# Connections kept back for script batches, by pool. Taking one from the pool costs more
# than a batch of fifty appends' Python (redis-py 8.1's blocking pool: a condition, a
# timeout, a connect check, a readability poll and two metrics each time). A connection is
# kept back only after a batch whose every reply was read, so none holds an unread reply;
# after any failure it goes back to the pool instead. The pool counts kept connections as
# in use, so its bound still holds; at most ``_KEEP_AT_MOST`` are kept back, so however
# many batches once ran at once, the pool's headroom for everything else shrinks by 8 at
# most (handlers in flight stay bounded well below the pool's size, `Consumer.max_in_flight`).
_HELD: weakref.WeakKeyDictionary[Any, list[Any]] = weakref.WeakKeyDictionary()
_KEEP_AT_MOST = 8


_RENEW_EVERY = 64
_NOT_ENOUGH: Any = NOT_ENOUGH_DATA  # what the reader gives when no whole reply is buffered


def _hiredis_parser(connection: Any) -> Any:
    """The connection's hiredis parser, or None when it parses otherwise (see ``_buffered``)."""
    parser = getattr(connection, "_parser", None)
    if type(parser) is not _AsyncHiredisParser or getattr(parser, "_reader", None) is None:
        return None
    return parser


def _buffered(parser: Any) -> Any:
    """The connection's next reply when it is already in the hiredis reader's buffer, as
    ``read_response`` would give it; else ``_NOT_ENOUGH`` (then ``read_response`` reads
    from the socket, and everything that can go wrong doing so stays redis-py's).

    A batch's replies mostly arrive together: one socket read buffers dozens. redis-py's
    ``read_response`` takes each through three coroutines, its timeout and its error
    wrappers; a buffered one is taken straight from the reader. What redis-py's hiredis
    parser does with a reply is done the same (``_aside``): a push message (RESP3:
    invalidations, maintenance notices) goes to the parser's own handler and the next reply
    is read; a connection error disconnects and is raised. A refused call's error (the
    reader builds it with redis-py's own error parser) is the reply."""
    if not parser._connected:
        return _NOT_ENOUGH  # read_response says what happened
    reply = parser._reader.gets()
    if reply is _NOT_ENOUGH:
        return _NOT_ENOUGH
    push = parser._hiredis_PushNotificationType
    failed = reply[0] if type(reply) is list and reply else reply
    if (push is not None and isinstance(reply, push)) or isinstance(failed, RedisConnectionError):
        return _Aside(reply)
    return reply


class _Aside(NamedTuple):
    """A buffered reply that is not a command's: a push message or a connection error."""

    reply: Any


async def _aside(connection: Any, parser: Any, reply: Any) -> None:
    push = parser._hiredis_PushNotificationType
    if push is not None and isinstance(reply, push):
        await parser.handle_push_response(reply)
        return
    await connection.disconnect(nowait=True)  # as read_response does
    raise reply[0] if type(reply) is list else reply


async def _write_and_read(connection: Any, commands: list[tuple[Any, ...]]) -> list[Any]:
    await connection.send_packed_command(connection.pack_commands(commands))
    limit = connection.socket_timeout
    replies: list[Any] = []
    parser = _hiredis_parser(connection)
    try:
        async with asyncio.timeout(limit) as deadline:
            for index in range(len(commands)):
                if limit is not None and index and index % _RENEW_EVERY == 0:
                    deadline.reschedule(asyncio.get_running_loop().time() + limit)
                if parser is not None:
                    reply = _buffered(parser)
                    while type(reply) is _Aside:  # a push message or a broken connection
                        await _aside(connection, parser, reply.reply)
                        reply = _buffered(parser)
                    if reply is not _NOT_ENOUGH:
                        replies.append(reply)  # a reply, or this call's error (ResponseError)
                        continue
                try:
                    # math.inf: no timeout of its own (the one above covers it); an error
                    # or a cancel while reading disconnects, so no reply is left unread
                    replies.append(await connection.read_response(timeout=math.inf))
                except ResponseError as refused:  # this call's error; the others go on
                    replies.append(refused)
    except TimeoutError:
        raise RedisTimeoutError(
            f"Timeout reading script replies from {getattr(connection, 'host', 'Redis')}"
        ) from None
    return replies
