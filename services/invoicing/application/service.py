"""Use cases of invoicing: find the invoice's partition, load it, decide, append.

Idempotency keys are the commands' natural keys (the invoice number, the payment
reference, the timer id), so a re-sent command or a redelivered entry appends nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from services.invoicing.application.ports import InvoiceIndex
from services.invoicing.application.views import InvoiceView
from services.invoicing.domain.commands import (
    CheckPaymentDue,
    Command,
    IssueInvoice,
    RecordPayment,
    Source,
)
from services.invoicing.domain.decide import decide, require_issued
from services.invoicing.domain.due_watch import DueWatch
from services.invoicing.domain.errors import InvoiceNotFound, InvoiceNumberConflict
from services.invoicing.domain.state import InvoiceState
from shared.infra.eventstore import StreamRef
from shared.infra.repository import Cause, Outcome, Repository

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
    watch: DueWatch

    async def issue(self, cmd: IssueInvoice, source: Source = "api") -> Changed:
        owner = await self.index.locate(cmd.external_number)
        if owner is not None and owner != cmd.customer_id:
            raise InvoiceNumberConflict(
                f"invoice {cmd.external_number} was already issued to another customer"
            )
        ref = self.repository.ref(cmd.external_number, cmd.customer_id)
        outcome = await self._decide(ref, cmd, f"issue:{cmd.external_number}", source)
        # After the append (a projection): a crash in between is repaired by `locate`.
        await self.index.remember(cmd.external_number, cmd.customer_id)
        return await self._changed(ref, outcome)

    async def record_payment(self, cmd: RecordPayment, source: Source = "api") -> Changed:
        ref = self.repository.ref(cmd.external_number, await self._owner(cmd.external_number))
        key = f"payment:{cmd.external_number}:{cmd.payment_id}"
        return await self._changed(ref, await self._decide(ref, cmd, key, source))

    async def check_payment_due(self, cmd: CheckPaymentDue) -> None:
        ref = self.repository.ref(cmd.external_number, cmd.customer_id)
        await self._decide(ref, cmd, f"timer:{cmd.timer_id}")

    async def find(self, external_number: str) -> InvoiceView:
        owner = await self._owner(external_number)
        state, version = await self.repository.load(self.repository.ref(external_number, owner))
        return InvoiceView.of(require_issued(state), version)

    async def _owner(self, external_number: str) -> str:
        owner = await self.index.locate(external_number)
        if owner is None:
            raise InvoiceNotFound(f"no invoice {external_number}")
        return owner

    async def _decide(
        self, ref: StreamRef, cmd: Command, key: str, source: Source = "api"
    ) -> Outcome[InvoiceState]:
        return await self.repository.execute(
            ref,
            lambda state, now: decide(state, cmd, now, self.watch, source),
            Cause.command("invoice", ref.aggregate_id, key),
        )

    async def _changed(self, ref: StreamRef, outcome: Outcome[InvoiceState]) -> Changed:
        state, version = outcome.state, outcome.version
        if outcome.duplicate:  # the outcome's version is the one of the first application
            state, version = await self.repository.load(ref)
        view = InvoiceView.of(require_issued(state), version)
        return Changed(view, created=bool(outcome.events))
