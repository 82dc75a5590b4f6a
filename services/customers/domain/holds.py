"""R8: a legal hold that keeps a customer's personal data, and the erasure that destroys it.

Erasure is crypto-shredding: the customer's data key is destroyed, so the encrypted record
can no longer be read by anyone. The events say who did what, when and why, never whose
data it was; after erasure names and addresses read :data:`ERASED`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints

from shared.contracts.customers import REFERENCE, ErasureBasis, LegalHoldReason
from shared.kernel.timer import Timer

ERASED = "[erased]"
SHRED_TIMER_KIND = "shred_personal_data"

Reference = Annotated[str, StringConstraints(pattern=REFERENCE)]


class LegalHold(BaseModel):
    """A standing legal hold: why, under which case, placed by whom and when."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    reason: LegalHoldReason
    reference: Reference = ""
    placed_by: str | None = None
    placed_at: datetime


class Erasure(BaseModel):
    """The customer's personal data was erased: on what basis, by whom and when."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    basis: ErasureBasis
    reference: Reference = ""
    erased_by: str | None = None
    erased_at: datetime


def shred_timer_id(customer_id: str) -> str:
    return f"shred:{customer_id}"


def shred_timer(customer_id: str, now: datetime) -> Timer:
    """Destroy the data key now: appended with ``PersonalDataErased`` in one script, so the
    shredding outlives a crash between the append and the vault."""
    return Timer(
        timer_id=shred_timer_id(customer_id),
        kind=SHRED_TIMER_KIND,
        aggregate_id=customer_id,
        due_at=now,
    )
