"""How a contact wants (not) to be reached: a written cease-contact request (R4), channels
others may see (R6), times and channels named inconvenient (R9).

Values are normalised on construction (sorted, without repeats), so the same preferences
stated twice compare equal and a repeat decides nothing. None of it is personal data.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Self, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from shared.contracts.customers import (
    HOUR_MINUTE,
    SOURCE_CODE,
    Channel,
    ContactPreferencesChanged,
    InconvenientSlot,
    Weekday,
)

MAX_SLOTS = 20
MINUTES_PER_DAY = 24 * 60
ALL_CHANNELS: tuple[Channel, ...] = ("email", "sms", "letter", "webhook", "log")
EVERY_DAY: tuple[Weekday, ...] = (0, 1, 2, 3, 4, 5, 6)


T = TypeVar("T", str, int)


def _sorted_unique(values: tuple[T, ...]) -> tuple[T, ...]:
    return tuple(sorted(set(values)))


HourMinute = Annotated[str, Field(pattern=HOUR_MINUTE, examples=["22:00"])]
Channels = Annotated[tuple[Channel, ...], AfterValidator(_sorted_unique)]
Weekdays = Annotated[tuple[Weekday, ...], Field(min_length=1), AfterValidator(_sorted_unique)]
SourceCode = Annotated[str, Field(pattern=SOURCE_CODE, examples=["letter", "email"])]


def minutes(hour_minute: str) -> int:
    hours, mins = hour_minute.split(":")
    return int(hours) * 60 + int(mins)


class Slot(BaseModel):
    """A time of the week the contact named inconvenient, in the contact's local time.

    ``start`` inclusive, ``end`` exclusive; an ``end`` before ``start`` runs past midnight
    into the next day; ``weekdays`` (0 = Monday) are the days the slot starts on; no
    ``channels`` means every channel.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    start: HourMinute
    end: HourMinute
    weekdays: Weekdays = EVERY_DAY
    channels: Channels = ()

    @model_validator(mode="after")
    def check_slot_is_not_empty_nor_the_whole_day(self) -> Self:
        if self.start == self.end:
            raise ValueError("a slot must end at another time than it starts")
        return self

    def minutes_of_week(self) -> set[int]:
        """The minutes of the week (0 = Monday 00:00) the slot covers."""
        start, end = minutes(self.start), minutes(self.end)
        length = end - start if end > start else end + MINUTES_PER_DAY - start
        week = 7 * MINUTES_PER_DAY
        return {
            (day * MINUTES_PER_DAY + start + m) % week
            for day in self.weekdays
            for m in range(length)
        }

    def applies_to(self, channel: Channel) -> bool:
        return not self.channels or channel in self.channels


def _sort_key(slot: Slot) -> tuple[str, str, tuple[int, ...], tuple[str, ...]]:
    return slot.start, slot.end, slot.weekdays, slot.channels


def _sorted_slots(slots: tuple[Slot, ...]) -> tuple[Slot, ...]:
    return tuple(sorted(set(slots), key=_sort_key))


class ContactPreferences(BaseModel):
    """Shared channels (R6) and inconvenient times and channels (R9), all in full."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    shared_channels: Channels = ()
    inconvenient: Annotated[
        tuple[Slot, ...], Field(max_length=MAX_SLOTS), AfterValidator(_sorted_slots)
    ] = ()
    inconvenient_channels: Channels = ()

    @model_validator(mode="after")
    def check_slots_leave_a_convenient_time_on_each_channel(self) -> Self:
        """A whole week named inconvenient on a channel is an inconvenient channel: say so."""
        week = 7 * MINUTES_PER_DAY
        covers = [(slot, slot.minutes_of_week()) for slot in self.inconvenient]
        for channel in ALL_CHANNELS:
            covered = set().union(*(c for slot, c in covers if slot.applies_to(channel)))
            if len(covered) == week:
                raise ValueError(
                    f"the slots cover the whole week on {channel}: "
                    "name it in inconvenient_channels instead"
                )
        return self


NO_PREFERENCES = ContactPreferences()


def preferences_of(event: ContactPreferencesChanged) -> ContactPreferences:
    """The preferences an event states (checked again: a stream replays only what held)."""
    return ContactPreferences(
        shared_channels=event.shared_channels,
        inconvenient=tuple(Slot.model_validate(s.model_dump()) for s in event.inconvenient),
        inconvenient_channels=event.inconvenient_channels,
    )


def wire_slots(preferences: ContactPreferences) -> tuple[InconvenientSlot, ...]:
    """The integration event's view of the inconvenient slots."""
    return tuple(InconvenientSlot.model_validate(s.model_dump()) for s in preferences.inconvenient)


class CeaseRequest(BaseModel):
    """R4: the contact asked in writing that contact cease; when it arrived and how."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    received_on: date
    source: SourceCode
