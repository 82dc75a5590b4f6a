"""An ACL refusal (a service's Redis user missing a rule) is the environment's fault, not the
entry's: the bus retries it in place and alerts, and never dead-letters valid work for it."""

from __future__ import annotations

from redis import exceptions as redis_errors

from shared.infra.transient import is_transient


def test_a_redis_acl_refusal_is_transient_as_redis_py_raises_it() -> None:
    # What redis-py raises for "-NOPERM this user has no permissions to access one of the
    # keys used as arguments": the reply's code is gone from the message.
    refusal = redis_errors.NoPermissionError(
        "this user has no permissions to access one of the keys used as arguments"
    )
    assert is_transient(refusal)
    assert is_transient(redis_errors.AuthenticationError("invalid username-password pair"))
