"""Calls made at the same time by concurrent handlers, sent to Redis together.

A :class:`Coalesced` wraps a function that does many items in one round trip (a pipeline).
Each ``await coalesced(item)`` joins the batch being gathered; one task sends the batch
once the callers of this moment have joined, up to ``max_batch`` items at a time, and
hands each caller its own reply or error.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")

RunMany = Callable[[Sequence[T]], Awaitable[Sequence[R | Exception]]]


@dataclass
class Coalesced(Generic[T, R]):
    """``run_many(items)`` returns one reply or exception per item, in order."""

    run_many: RunMany[T, R]
    max_batch: int = 200
    _queue: list[tuple[T, asyncio.Future[R | Exception]]] = field(
        init=False, default_factory=list, repr=False
    )
    _flusher: asyncio.Task[None] | None = field(init=False, default=None, repr=False)

    async def __call__(self, item: T) -> R:
        loop = asyncio.get_running_loop()
        flusher = self._flusher
        if flusher is not None and flusher.get_loop() is not loop:  # an earlier loop's: gone
            self._queue, flusher = [], None
        future: asyncio.Future[R | Exception] = loop.create_future()
        self._queue.append((item, future))
        if flusher is None or flusher.done():
            self._flusher = asyncio.create_task(self._flush())
        result = await future
        if isinstance(result, Exception):
            raise result
        return result

    async def _flush(self) -> None:
        while self._queue:
            batch = self._queue[: self.max_batch]
            del self._queue[: self.max_batch]
            try:
                results: Sequence[R | Exception] = await self.run_many([i for i, _ in batch])
            except Exception as exc:  # the round trip failed: each caller hears it
                results = [exc] * len(batch)
            except BaseException as exc:
                for _, future in [*batch, *self._queue]:
                    if not future.done():
                        future.set_exception(exc)
                self._queue.clear()
                raise
            for (_, future), result in zip(batch, results, strict=True):
                if not future.done():
                    future.set_result(result)
