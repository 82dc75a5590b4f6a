"""The durable timer value a decision schedules (the poller in ``shared.infra.timers``
fires it at ``due_at``)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, field_validator

from shared.kernel.time import to_epoch_ms


class Timer(BaseModel):
    """A durable timer: fires once at ``due_at`` for ``aggregate_id``."""

    model_config = ConfigDict(frozen=True)

    timer_id: str = Field(min_length=1)
    kind: str = Field(min_length=1)
    aggregate_id: str
    due_at: AwareDatetime
    payload: dict[str, Any] = Field(default_factory=dict)

    @field_validator("due_at")
    @classmethod
    def _utc(cls, value: datetime) -> datetime:
        return value.astimezone(UTC)

    @property
    def due_ms(self) -> int:
        """Due instant as integer epoch milliseconds (the ZSET score)."""
        return to_epoch_ms(self.due_at)
