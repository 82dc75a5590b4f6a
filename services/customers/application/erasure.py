"""R8 use cases: legal hold and erasure by crypto-shredding.

Erasure appends ``PersonalDataErased`` first, with a due-now shred timer in the same
script, then destroys the data key at once. Should the process die between the two, the
timer fires on the next start of any customers process and destroys it then; the
profile and the contact book never read the vault of an erased customer meanwhile. The
other order (shred, then append) could lose the event after the data, leaving no record
of who erased it and why, and could race a legal hold placed in between.

A refused erasure (under legal hold) is appended as ``ErasureRefused``, logged with its
reason (ids and codes only) and answered with :class:`ErasureUnderLegalHold`.
"""

from __future__ import annotations

from dataclasses import dataclass

import structlog

from services.customers.application.ports import ShreddedLedger
from services.customers.application.service import Customers
from services.customers.application.views import ErasureView, LegalHoldView
from services.customers.domain.checks import require_registered
from services.customers.domain.commands import ErasePersonalData, LiftLegalHold, PlaceLegalHold
from services.customers.domain.errors import ErasureUnderLegalHold
from shared.contracts.customers import ErasureRefused

log = structlog.get_logger("customers.erasure")


@dataclass
class Erasures:
    customers: Customers
    ledger: ShreddedLedger | None = None  # off unless HUIKUAN_SHREDDED_LEDGER names a file

    async def place_legal_hold(
        self, cmd: PlaceLegalHold, requested_by: str | None = None
    ) -> LegalHoldView:
        key = f"hold:{cmd.customer_id}:{cmd.reason}:{cmd.reference}"
        return await self._hold_after(cmd, key, requested_by)

    async def lift_legal_hold(
        self, cmd: LiftLegalHold, requested_by: str | None = None
    ) -> LegalHoldView:
        key = f"hold-lifted:{cmd.customer_id}"
        return await self._hold_after(cmd, key, requested_by)

    async def legal_hold(self, customer_id: str) -> LegalHoldView:
        customer, _ = await self.customers.registered(customer_id)
        return LegalHoldView(customer_id=customer_id, legal_hold=customer.legal_hold)

    async def erase(self, cmd: ErasePersonalData, requested_by: str | None = None) -> ErasureView:
        key = f"erase:{cmd.customer_id}"
        outcome = await self.customers.decide(cmd, key, idempotent=False, requested_by=requested_by)
        for refused in (e for e in outcome.events if isinstance(e, ErasureRefused)):
            log.warning("erasure_refused", customer_id=cmd.customer_id, basis=cmd.basis,
                        hold_reason=refused.hold_reason, requested_by=requested_by)  # fmt: skip
            raise ErasureUnderLegalHold(cmd.customer_id, refused.hold_reason)
        erased = require_registered(outcome.state).erasure
        if erased is None:
            raise RuntimeError(f"erasure of {cmd.customer_id} decided neither erasure nor refusal")
        await self.shred(cmd.customer_id)
        if outcome.events:
            log.info("personal_data_erased", customer_id=cmd.customer_id, basis=cmd.basis,
                     requested_by=requested_by)  # fmt: skip
        return ErasureView(customer_id=cmd.customer_id, erasure=erased)

    async def shred(self, customer_id: str) -> None:
        """Destroy the data key of a customer whose erasure is recorded (idempotent)."""
        customer, _ = await self.customers.registered(customer_id)
        if customer.erasure is None:
            log.error("shred_without_erasure", customer_id=customer_id)
            return
        if self.ledger is not None:  # listed first: a failure here leaves the shred to retry
            await self.ledger.record(customer_id)
        await self.customers.vault.shred(customer_id)

    async def _hold_after(
        self, cmd: PlaceLegalHold | LiftLegalHold, key: str, requested_by: str | None
    ) -> LegalHoldView:
        outcome = await self.customers.decide(cmd, key, idempotent=False, requested_by=requested_by)
        customer = require_registered(outcome.state)
        return LegalHoldView(customer_id=cmd.customer_id, legal_hold=customer.legal_hold)
