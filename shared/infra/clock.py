"""The ``Clock`` port: every "now" in Huikuan comes from one of these.

``SimulatedClock`` keeps one simulated instant for all processes in the Redis string
``keys.SIM_CLOCK`` (epoch milliseconds), so advancing it from an admin endpoint moves
time for every service at once. It only moves forward.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Protocol

from redis.asyncio import Redis

from shared.infra import keys
from shared.infra.settings import Settings
from shared.kernel.time import MILLISECOND, from_epoch_ms, to_epoch_ms

# Set KEYS[1] to ARGV[1] unless the stored value is later. Returns {ok, current_ms}.
_SET_FORWARD_LUA = """
local cur = redis.call('GET', KEYS[1])
if cur and tonumber(cur) > tonumber(ARGV[1]) then
  return {0, cur}
end
redis.call('SET', KEYS[1], ARGV[1])
return {1, ARGV[1]}
"""


class ClockCannotGoBack(ValueError):
    """Raised when asked to move a clock to an earlier instant."""


class SimulatedClockForbidden(RuntimeError):
    """Raised when a simulated clock is requested where it is not allowed (production)."""


def _delta_ms(delta: timedelta) -> int:
    if delta < timedelta(0):
        raise ClockCannotGoBack(f"cannot advance by a negative delta: {delta}")
    return delta // MILLISECOND


class Clock(Protocol):
    """Source of the current instant."""

    async def now(self) -> datetime:
        """The current instant, aware, in UTC."""
        ...


class SystemClock:
    """The machine's real clock."""

    async def now(self) -> datetime:
        """Real current time in UTC."""
        return datetime.now(UTC)


class FixedClock:
    """A clock standing still at ``instant`` until moved; for unit tests."""

    def __init__(self, instant: datetime) -> None:
        if instant.tzinfo is None:
            raise ValueError(f"naive datetime not allowed: {instant!r}")
        self._instant = instant.astimezone(UTC)

    async def now(self) -> datetime:
        """The fixed instant."""
        return self._instant

    def advance(self, delta: timedelta) -> datetime:
        """Move forward by ``delta``; returns the new instant."""
        _delta_ms(delta)
        self._instant += delta
        return self._instant

    def set(self, instant: datetime) -> datetime:
        """Move to ``instant`` (not earlier than now); returns it."""
        if instant.tzinfo is None:
            raise ValueError(f"naive datetime not allowed: {instant!r}")
        if instant < self._instant:
            raise ClockCannotGoBack(f"{instant.isoformat()} is before {self._instant.isoformat()}")
        self._instant = instant.astimezone(UTC)
        return self._instant


class SimulatedClock:
    """A simulated instant shared by every process through Redis (``keys.SIM_CLOCK``).

    Unset, it starts at the real current time (truncated to milliseconds).
    """

    def __init__(self, redis: Redis, key: str = keys.SIM_CLOCK) -> None:
        self._redis = redis
        self._key = key

    @staticmethod
    def _real_now_ms() -> int:
        return to_epoch_ms(datetime.now(UTC))

    async def now(self) -> datetime:
        """The shared simulated instant (initialised with SET NX if missing)."""
        raw = await self._redis.get(self._key)
        if raw is None:
            async with self._redis.pipeline(transaction=True) as pipe:
                pipe.set(self._key, self._real_now_ms(), nx=True)
                pipe.get(self._key)
                _, raw = await pipe.execute()
        return from_epoch_ms(int(raw))

    async def advance(self, delta: timedelta) -> datetime:
        """Atomically move the shared instant forward by ``delta``; returns the new one."""
        ms = _delta_ms(delta)
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.set(self._key, self._real_now_ms(), nx=True)
            pipe.incrby(self._key, ms)
            _, new_ms = await pipe.execute()
        return from_epoch_ms(int(new_ms))

    async def set(self, instant: datetime) -> datetime:
        """Move the shared instant to ``instant``; refuses an earlier one."""
        target = to_epoch_ms(instant)
        ok, current = await self._redis.eval(_SET_FORWARD_LUA, 1, self._key, target)
        if not int(ok):
            now = from_epoch_ms(int(current)).isoformat()
            raise ClockCannotGoBack(f"{instant.isoformat()} is before the simulated {now}")
        return from_epoch_ms(target)


async def announce_clock(redis: Redis, settings: Settings) -> None:
    """Say in Redis which clock the services run on, so tools that would move the shared
    simulated instant (``huikuan clock advance``) can refuse when nothing runs on it."""
    await redis.set(keys.CLOCK_KIND, settings.clock)


async def announced_clock(redis: Redis) -> str | None:
    """The clock the services last started against this Redis announced (None: none yet)."""
    raw = await redis.get(keys.CLOCK_KIND)
    return raw.decode() if isinstance(raw, bytes) else raw


def clock_from_settings(settings: Settings, redis: Redis | None) -> Clock:
    """The clock this process should use (``settings.clock``).

    A simulated clock needs ``redis`` and is refused when
    ``settings.simulated_clock_allowed`` is false (production).
    """
    if settings.clock == "system":
        return SystemClock()
    if not settings.simulated_clock_allowed:
        raise SimulatedClockForbidden(
            f"clock='simulated' is not allowed in environment {settings.environment!r}; "
            "use HUIKUAN_CLOCK=system"
        )
    if redis is None:
        raise ValueError("a simulated clock needs a Redis client")
    return SimulatedClock(redis)
