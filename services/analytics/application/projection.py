"""The analytics projection: integration events folded into the receivables book.

Live, each followed event's facts are recorded in the book held in memory and stored with
the partition's checkpoint before the entry is acknowledged; at start the book is loaded
from the store (no stream is re-read). ``rebuild`` drops the store and folds every
recorded event again from the streams' first entries: the book is commutative and
idempotent by fact id, so the rebuilt reports equal the live ones. Events of different
debtors fold concurrently (their Redis writes overlap); loading and rebuilding wait for the
folds in flight and hold new ones back, so no event is folded into a book being replaced.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import structlog
from pydantic import BaseModel

from services.analytics.application.ports import Checkpoint, FactStore, RecordedEvents
from services.analytics.domain.book import Book
from services.analytics.domain.errors import ConflictingFact
from services.analytics.domain.facts import Fact
from services.analytics.domain.intake import facts_of, subject_of
from shared.contracts import Event

log = structlog.get_logger("analytics")


class NotLoaded(RuntimeError):
    """The projection is still being loaded or rebuilt; reports would be incomplete."""


class SharedOrAlone:
    """Many folds at once, or one load / rebuild alone."""

    def __init__(self) -> None:
        self._changed = asyncio.Condition()
        self._sharing = 0
        self._alone = False

    @asynccontextmanager
    async def shared(self) -> AsyncIterator[None]:
        async with self._changed:
            await self._changed.wait_for(lambda: not self._alone)
            self._sharing += 1
        try:
            yield
        finally:
            async with self._changed:
                self._sharing -= 1
                self._changed.notify_all()

    @asynccontextmanager
    async def alone(self) -> AsyncIterator[None]:
        async with self._changed:
            await self._changed.wait_for(lambda: not self._alone and self._sharing == 0)
            self._alone = True
        try:
            yield
        finally:
            async with self._changed:
                self._alone = False
                self._changed.notify_all()


class Rebuilt(BaseModel):
    events: int
    facts: int
    conflicts: int
    through: dict[str, str]


@dataclass
class Projection:
    store: FactStore
    recorded: RecordedEvents
    zone: ZoneInfo
    book: Book = field(default_factory=Book)
    loaded: bool = False
    conflicts: int = 0
    changes: int = 0
    """How often the book changed (a load, a rebuild, a fold that kept a fact): readers that
    keep something derived from it (the gauges) know whether it is still current."""
    lock: SharedOrAlone = field(default_factory=SharedOrAlone)

    async def load(self) -> int:
        """Fill the book from the store; the number of facts loaded."""
        async with self.lock.alone():
            book, count = Book(), 0
            async for batch in self.store.load():
                for fact in batch:
                    self._record(book, fact)
                count += len(batch)
            self.book, self.loaded = book, True
            self.changes += 1
            log.info("analytics_projection_loaded", facts=count)
            return count

    async def fold(self, event: Event) -> None:
        facts = facts_of(event, self.zone)
        if not facts:
            return
        async with self.lock.shared():
            kept = [fact for fact in facts if self._record(self.book, fact)]
            if kept:
                self.changes += 1
            await self.store.save(subject_of(event), event, kept)

    async def rebuild(self, now: dt.datetime) -> Rebuilt:
        """Drop the stored facts and fold every recorded event again."""
        async with self.lock.alone():
            self.loaded = False
            await self.store.drop()
            book, events, stored, before = Book(), 0, 0, self.conflicts
            async for batch in self.recorded.read():
                for event in batch:
                    events += 1
                    facts = [x for x in facts_of(event, self.zone) if self._record(book, x)]
                    if facts:
                        await self.store.save(subject_of(event), event, facts)
                        stored += len(facts)
            through = self.recorded.read_through()
            await self.store.mark_rebuilt(now, through)
            self.book, self.loaded = book, True
            self.changes += 1
            log.info("analytics_projection_rebuilt", events=events, facts=stored)
            return Rebuilt(
                events=events, facts=stored, conflicts=self.conflicts - before, through=through
            )

    async def checkpoints(self) -> list[Checkpoint]:
        return await self.store.checkpoints()

    def ready_book(self) -> Book:
        if not self.loaded:
            raise NotLoaded("the analytics projection is loading or being rebuilt; try again")
        return self.book

    def _record(self, book: Book, fact: Fact) -> bool:
        """Record ``fact``; a fact contradicting one already known is counted and kept out
        (two sources disagree: neither may silently win), True when it is to be stored."""
        try:
            book.record(fact)
        except ConflictingFact as conflict:
            self.conflicts += 1
            log.warning("analytics_fact_conflict", fact_id=fact.fact_id, reason=str(conflict))
            return False
        return True
