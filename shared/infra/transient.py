"""Transient versus poison: which failures would recur on the same input.

A consumer retries a *transient* failure in place, with capped backoff, for as long as it
lasts, and never dead-letters an entry for it: the entry is valid, the world around it
was not (Redis unreachable or out of memory, a pool exhausted, a dependency down). Only a
failure that would recur on the same input — validation, a business rule, an unknown
type, a bug — counts toward dead-lettering.

Adapters that call a dependency raise :class:`TransientError` (or a subclass) when the
dependency is unavailable; everything else is classified here by type.
"""

from __future__ import annotations

import asyncio

import httpx
from redis import exceptions as redis_errors

# Redis replies that say "not now", whatever the command: out of memory under
# noeviction, loading the dataset, a replica or cluster in failover, a busy script.
_TRANSIENT_REPLIES = ("OOM", "LOADING", "MASTERDOWN", "READONLY", "NOREPLICAS", "BUSY",
                      "TRYAGAIN", "CLUSTERDOWN", "NOPERM")  # fmt: skip

# The same replies as redis-py's own types (it strips their prefix from the message).
_CLUSTER_NOT_NOW = (redis_errors.ClusterDownError, redis_errors.TryAgainError,
                    redis_errors.MasterDownError, redis_errors.SlotNotCoveredError,
                    redis_errors.ReadOnlyError)  # fmt: skip


# What the cluster client raises while the cluster's layout is changing under it (a master
# down, a replica being promoted): redirections or reconnections exhausted ("TTL exhausted.")
# and a slot map it could not rebuild yet. Its other RedisClusterExceptions (cross-slot keys,
# a command it cannot route) are bugs and stay poison.
_CLUSTER_LAYOUT_CHANGING = ("Redis Cluster cannot be connected", "All slots are not covered",
                            "startup_nodes could not agree", "No targets were found")  # fmt: skip


class TransientError(Exception):
    """A dependency could not serve the request now; the same input may succeed later."""


def is_transient(exc: BaseException) -> bool:
    """True when retrying the same input later may succeed (see the module doc).

    An ACL refusal (NOPERM) or failed authentication is an environment fault, not a fault
    of the entry: it is retried (and alerted on through the metrics), never dead-lettered.
    """
    if isinstance(exc, TransientError | TimeoutError | asyncio.TimeoutError | OSError):
        return True
    if isinstance(exc, redis_errors.ConnectionError | redis_errors.TimeoutError):
        return True  # includes pool exhaustion (MaxConnectionsError) and busy loading
    if isinstance(exc, _CLUSTER_NOT_NOW):
        return True  # a failover in progress; redis-py drops these replies' prefixes too
    if type(exc) is redis_errors.ClusterError:
        return True  # "TTL exhausted.": redirections or reconnections ran out mid-failover
    if isinstance(exc, redis_errors.RedisClusterException):
        return str(exc).startswith(_CLUSTER_LAYOUT_CHANGING)
    if isinstance(exc, redis_errors.NoPermissionError):
        return True  # redis-py drops the NOPERM prefix: told by its type
    if isinstance(exc, redis_errors.ResponseError):
        reply = str(exc).lstrip("-").upper()
        return reply.startswith(_TRANSIENT_REPLIES) or "MAXMEMORY" in reply
    if isinstance(exc, httpx.TransportError):
        return True
    if isinstance(exc, httpx.HTTPStatusError):
        return exc.response.status_code >= 500 or exc.response.status_code == 429
    return bool(getattr(exc, "transient", False))
