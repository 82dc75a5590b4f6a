"""Instants as whole epoch milliseconds: how timers and streams store time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MILLISECOND = timedelta(milliseconds=1)


def to_epoch_ms(instant: datetime) -> int:
    """Whole epoch milliseconds of an aware datetime (exact, no float rounding)."""
    if instant.tzinfo is None:
        raise ValueError(f"naive datetime not allowed: {instant!r}")
    return (instant - EPOCH) // MILLISECOND


def from_epoch_ms(ms: int) -> datetime:
    """Aware UTC datetime of epoch milliseconds."""
    return EPOCH + timedelta(milliseconds=int(ms))
