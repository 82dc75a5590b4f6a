"""A process that refuses to start says why in one plain line on its terminal (stderr).

Its structured logs carry the details (JSON, escaped); the person who ran it — or
``huikuan up``, which reads the line back from the service's log — needs the reason
itself: ``huikuan invoicing: refusing to start: <reason>``.
"""

from __future__ import annotations

import sys

from pydantic import ValidationError
from redis import exceptions as redis_errors

from shared.infra.settings import without_password

REFUSAL_MARK = ": refusing to start: "


def refusal_reason(exc: BaseException, redis_url: str | None = None) -> str:
    """One line saying why start-up failed, without secrets."""
    first = str(exc).splitlines()[0][:300] if str(exc) else type(exc).__name__
    where = f" at {without_password(redis_url)}" if redis_url else ""
    if isinstance(exc, redis_errors.AuthenticationError | redis_errors.NoPermissionError):
        return f"Redis{where} refused this service's user ({first}): check its ACL user"
    if isinstance(exc, redis_errors.ConnectionError | redis_errors.TimeoutError | OSError):
        return f"Redis is not reachable{where} ({first})"
    if isinstance(exc, ValidationError):
        return "settings refused: " + "; ".join(
            f"{'.'.join(map(str, e['loc'])) or 'settings'}: {e['msg']}" for e in exc.errors()
        )
    return first


def say_refusal(process: str, exc: BaseException, redis_url: str | None = None) -> None:
    sys.stderr.write(f"huikuan {process}{REFUSAL_MARK}{refusal_reason(exc, redis_url)}\n")
    sys.stderr.flush()
