"""R8 decisions: place and lift a legal hold; erase personal data unless a hold stands.

A hold placed again as it stands, a lift with no hold and a second erasure decide no
events. An erasure asked under hold decides :class:`ErasureRefused` (the refusal is a
fact worth keeping); the application answers it with
:class:`~services.customers.domain.errors.ErasureUnderLegalHold`.
"""

from __future__ import annotations

from datetime import datetime

from services.customers.domain.checks import require_registered
from services.customers.domain.commands import ErasePersonalData, LiftLegalHold, PlaceLegalHold
from services.customers.domain.holds import shred_timer
from services.customers.domain.state import CustomerState
from shared.contracts.customers import (
    ErasureRefused,
    LegalHoldLifted,
    LegalHoldPlaced,
    PersonalDataErased,
)
from shared.kernel import Decision, new_event


def place_legal_hold(
    state: CustomerState, cmd: PlaceLegalHold, now: datetime, requested_by: str | None
) -> Decision:
    """Place (or restate) a legal hold, unless the same one already stands."""
    hold = require_registered(state).legal_hold
    if hold is not None and (hold.reason, hold.reference) == (cmd.reason, cmd.reference):
        return Decision()
    placed = new_event(LegalHoldPlaced, now, **cmd.model_dump(), requested_by=requested_by)
    return Decision(events=[placed])


def lift_legal_hold(
    state: CustomerState, cmd: LiftLegalHold, now: datetime, requested_by: str | None
) -> Decision:
    """Lift the standing legal hold, if one stands."""
    hold = require_registered(state).legal_hold
    if hold is None:
        return Decision()
    lifted = new_event(
        LegalHoldLifted, now,
        customer_id=cmd.customer_id, reason=hold.reason, requested_by=requested_by,
    )  # fmt: skip
    return Decision(events=[lifted])


def erase_personal_data(
    state: CustomerState, cmd: ErasePersonalData, now: datetime, requested_by: str | None
) -> Decision:
    """Erase once, and never under legal hold (then the refusal is recorded).

    The data key is destroyed by a timer appended with the event, so the shredding
    cannot be lost between the append and the vault.
    """
    customer = require_registered(state)
    if customer.erasure is not None:
        return Decision()
    ids = {**cmd.model_dump(), "requested_by": requested_by}
    if customer.legal_hold is not None:
        refused = new_event(ErasureRefused, now, **ids, hold_reason=customer.legal_hold.reason)
        return Decision(events=[refused])
    erased = new_event(PersonalDataErased, now, **ids)
    return Decision(events=[erased], schedule=[shred_timer(cmd.customer_id, now)])
