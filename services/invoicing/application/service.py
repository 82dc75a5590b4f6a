"""Use cases of invoicing: find the invoice's partition, decide, append.

Idempotency keys are the commands' natural keys (the invoice number, the payment
reference, the timer id), so a re-sent command or a redelivered entry appends nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from services.invoicing.application.ports import InvoiceIndex
from services.invoicing.application.views import InvoiceView
from services.invoicing.domain import decide
from services.invoicing.domain.commands import (
    CheckPaymentDue,
    IssueInvoice,
    RecordPayment,
    Source,
)
from services.invoicing.domain.due_watch import DueWatch
from services.invoicing.domain.errors import InvoiceNotFound, InvoiceNumberConflict
from services.invoicing.domain.state import InvoiceState
from shared.infra.clock import Clock
from shared.infra.eventstore import StreamRef
from shared.infra.repository import Outcome, Repository
from shared.kernel.ids import derived_id

SERVICE = "invoicing"


@dataclass(frozen=True)
class Changed:
    """The invoice after a command, and whether the command appended anything."""

    view: InvoiceView
    created: bool


@dataclass
class Invoicing:
    repository: Repository[InvoiceState]
    index: InvoiceIndex
    clock: Clock
    watch: DueWatch

    async def issue(self, cmd: IssueInvoice, source: Source = "api") -> Changed:
        owner = await self.index.locate(cmd.external_number)
        if owner is not None and owner != cmd.customer_id:
            raise InvoiceNumberConflict(
                f"invoice {cmd.external_number} was already issued to another customer"
            )
        ref = self.repository.ref(cmd.external_number, cmd.customer_id)
        decision = decide.issue_invoice(cmd, self.watch, source)
        outcome = await self._execute(ref, f"issue:{cmd.external_number}", decision)
        # After the append (a projection): a crash in between is repaired by `locate`.
        await self.index.remember(cmd.external_number, cmd.customer_id)
        return await self._changed(ref, outcome)

    async def record_payment(self, cmd: RecordPayment, source: Source = "api") -> Changed:
        ref = self.repository.ref(cmd.external_number, await self._owner(cmd.external_number))
        key = f"payment:{cmd.external_number}:{cmd.payment_id}"
        outcome = await self._execute(ref, key, decide.record_payment(cmd, source))
        return await self._changed(ref, outcome)

    async def check_payment_due(self, cmd: CheckPaymentDue) -> None:
        ref = self.repository.ref(cmd.external_number, cmd.customer_id)
        await self._execute(ref, f"timer:{cmd.timer_id}", decide.check_payment_due(cmd))

    async def find(self, external_number: str) -> InvoiceView:
        owner = await self._owner(external_number)
        state, version, _ = await self.repository.load(self.repository.ref(external_number, owner))
        return InvoiceView.of(decide.require_issued(state), version)

    async def _owner(self, external_number: str) -> str:
        owner = await self.index.locate(external_number)
        if owner is None:
            raise InvoiceNotFound(f"no invoice {external_number}")
        return owner

    async def _execute(
        self, ref: StreamRef, key: str, decision: decide.Decide
    ) -> Outcome[InvoiceState]:
        return await self.repository.execute(
            ref,
            decision,
            now=await self.clock.now(),
            producer=SERVICE,
            correlation_id=derived_id("invoice", ref.aggregate_id),
            causation_id=derived_id("command", key),
            idempotency_key=key,
        )

    async def _changed(self, ref: StreamRef, outcome: Outcome[InvoiceState]) -> Changed:
        state, version = outcome.state, outcome.version
        if outcome.duplicate:  # the outcome's version is the one of the first application
            state, version, _ = await self.repository.load(ref)
        view = InvoiceView.of(decide.require_issued(state), version)
        return Changed(view, created=bool(outcome.events))
