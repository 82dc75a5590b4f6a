"""Use cases of invoicing: every invoice and payment is booked on its customer's account.

Load the account → decide → one append (version-checked, retried on a conflict), so a
payment across many invoices is all or nothing and two concurrent payments never
allocate the same open amount twice. Re-sent commands decide nothing: the ledger knows
its documents by their ids (invoice number, payment reference, operation ids).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from services.invoicing.application.account_views import AccountView, InvoicePage, InvoiceView
from services.invoicing.application.ports import Claim, InvoiceIndex
from services.invoicing.application.reconcile import (
    CustomerTotals,
    Difference,
    Followed,
    FollowedBalances,
    OpenCharges,
    Report,
    compare,
    open_charges,
)
from services.invoicing.domain.account_commands import (
    AccountCommand,
    BookInvoice,
    BookRewardCredit,
    CheckInvoiceDue,
    ConfirmStatement,
    CreditOpenAmounts,
    DisputeStatementLines,
    IssueStatement,
    OnLedger,
    OpenForCustomer,
    PayInvoice,
    RunInterest,
    SetStatementSchedule,
    WriteOffEverything,
)
from services.invoicing.domain.account_state import (
    AGGREGATE_TYPE,
    AccountFactRecorded,
    AccountState,
)
from services.invoicing.domain.commands import CheckPaymentDue, IssueInvoice, RecordPayment, Source
from services.invoicing.domain.decide import AccountRules, decide
from services.invoicing.domain.errors import InvoiceNotFound, InvoiceNumberConflict
from services.invoicing.domain.ledger import commands as ledger
from services.invoicing.domain.ledger.model import DebitItem, money
from services.invoicing.domain.ledger.withheld import WithheldInterest, withheld_interest
from services.invoicing.domain.reward_points import NoteRewardPoints
from shared.contracts.customers import Jurisdiction
from shared.infra.repository import Cause, Outcome, Repository, Work
from shared.kernel.copying import validated
from shared.kernel.errors import DomainError

SERVICE = "invoicing"


def _check_claim(cmd: IssueInvoice, claim: Claim) -> None:
    if claim.owner != cmd.customer_id:
        raise InvoiceNumberConflict(
            f"invoice {cmd.external_number} was already issued to another customer"
        )


def as_followed(item: DebitItem) -> Followed:
    """An invoice of the ledger as reconcile compares it."""
    return Followed(outstanding=money(item.open, item.currency),
                    amount=money(item.amount, item.currency), due_date=item.due_date)  # fmt: skip


@dataclass(frozen=True)
class Changed:
    """The invoice after a command, and whether the command appended anything."""

    view: InvoiceView
    created: bool


@dataclass
class Invoicing:
    repository: Repository[AccountState]
    index: InvoiceIndex
    rules: AccountRules

    async def issue(self, cmd: IssueInvoice, source: Source = "api") -> Changed:
        claim = await self.index.claim(cmd.external_number, cmd.customer_id)
        _check_claim(cmd, claim)
        try:
            outcome = await self.repository.execute(*self._booking(cmd, source))
        except DomainError:
            if claim.fresh:  # refused: the number stays free for the command that is right
                await self.index.release(cmd.external_number, cmd.customer_id)
            raise
        return Changed(self._invoice(outcome, cmd.external_number), bool(outcome.events))

    async def issue_many(
        self, cmds: Sequence[IssueInvoice], source: Source = "api"
    ) -> list[BaseException | None]:
        """Invoices of distinct numbers at once (an ingest read batch): the numbers claimed
        in one pipeline, the accounts changed with one pipelined load and one pipeline of
        appends, the same rules as ``issue``; per command None when booked (or booked
        before), else the error it met. No view is built: nobody asked for one."""
        claims = await self.index.claim_many([(c.external_number, c.customer_id) for c in cmds])
        results: list[BaseException | None] = [None] * len(cmds)
        booking: list[tuple[int, Claim]] = []
        for index, (cmd, claim) in enumerate(zip(cmds, claims, strict=True)):
            try:
                if isinstance(claim, Exception):
                    raise claim
                _check_claim(cmd, claim)
            except Exception as exc:
                results[index] = exc
                continue
            booking.append((index, claim))
        work = [self._booking(cmds[index], source) for index, _ in booking]
        outcomes = await self.repository.execute_many(work)
        for (index, claim), outcome in zip(booking, outcomes, strict=True):
            if isinstance(outcome, Exception):
                cmd = cmds[index]
                if isinstance(outcome, DomainError) and claim.fresh:
                    await self.index.release(cmd.external_number, cmd.customer_id)
                results[index] = outcome
        return results

    def _booking(self, cmd: IssueInvoice, source: Source) -> Work[AccountState]:
        invoice = validated(ledger.IssueInvoice, {  # the class call, without pydantic's wrapper
            "invoice_id": cmd.external_number,
            "amount": cmd.amount,
            "issue_date": cmd.issue_date,
            "due_date": cmd.due_date,
        })  # fmt: skip
        booking = validated(BookInvoice, {"invoice": invoice, "source": source})
        return self._work(cmd.customer_id, booking, f"issue:{invoice.invoice_id}")

    async def record_payment(self, cmd: RecordPayment, source: Source = "api") -> Changed:
        owner = await self._owner(cmd.external_number)
        pay = PayInvoice(
            payment_id=cmd.payment_id,
            invoice_id=cmd.external_number,
            amount=cmd.amount,
            value_date=cmd.value_date,
            source=source,
            booked_by=cmd.booked_by,
        )
        outcome = await self.execute(owner, pay, f"payment:{cmd.payment_id}")
        return Changed(self._invoice(outcome, cmd.external_number), bool(outcome.events))

    async def on_ledger(
        self,
        customer_id: str,
        command: ledger.LedgerCommand,
        source: Source = "api",
        booked_by: str | None = None,
    ) -> tuple[AccountView, bool]:
        """Any ledger command on the customer's account; the view after it, and whether it
        appended anything."""
        cmd = OnLedger(command=command, source=source, booked_by=booked_by)
        key = f"{type(command).__name__}:{command.model_dump_json()}"
        outcome = await self.execute(customer_id, cmd, key)
        return AccountView.of(outcome.state, outcome.version), bool(outcome.events)

    async def open_for_customer(
        self, customer_id: str, jurisdiction: Jurisdiction, on: dt.date
    ) -> None:
        cmd = OpenForCustomer(jurisdiction=jurisdiction, on=on)
        await self.execute(customer_id, cmd, f"open:{customer_id}")

    async def post_back(
        self, customer_id: str, cmd: CreditOpenAmounts | BookRewardCredit | WriteOffEverything
    ) -> None:
        """Book an outcome collections decided or a reward customers granted (idempotent
        by its document id)."""
        key = cmd.write_off_id if isinstance(cmd, WriteOffEverything) else cmd.credit_note_id
        await self.execute(customer_id, cmd, f"post-back:{key}")

    async def note_reward_points(self, customer_id: str, cmd: NoteRewardPoints) -> None:
        """Keep a change of the customer's reward points for its statements (once)."""
        await self.execute(customer_id, cmd, f"points:{cmd.reference}")

    async def run_interest(
        self, customer_id: str, through: dt.date | None = None, timer_id: str | None = None
    ) -> int:
        """Book late interest through ``through``; returns how many charges were booked."""
        cmd = RunInterest(through=through, timer_id=timer_id)
        outcome = await self.execute(customer_id, cmd, f"interest:{customer_id}:{through}")
        return sum(
            1
            for e in outcome.events
            if isinstance(e, AccountFactRecorded) and e.fact.type == "InterestCharged"
        )

    async def issue_statement(
        self,
        customer_id: str,
        period_from: dt.date | None = None,
        period_to: dt.date | None = None,
        timer_id: str | None = None,
    ) -> bool:
        """Draw up and publish the customer's statement (last month by default), once;
        whether it was issued now."""
        cmd = IssueStatement(period_from=period_from, period_to=period_to, timer_id=timer_id)
        key = f"statement:{customer_id}:{period_from}:{period_to}:{timer_id}"
        outcome = await self.execute(customer_id, cmd, key)
        return any(e.type == "StatementIssued" for e in outcome.events)

    async def confirm_statement(
        self, customer_id: str, statement_id: str, by: str, channel: Literal["link", "signed_copy"]
    ) -> bool:
        """Record the customer's confirmation of a statement (once); whether it was new."""
        cmd = ConfirmStatement(statement_id=statement_id, by=by, channel=channel)
        outcome = await self.execute(customer_id, cmd, f"confirm:{statement_id}")
        return bool(outcome.events)

    async def dispute_statement(self, customer_id: str, cmd: DisputeStatementLines) -> bool:
        key = f"dispute:{cmd.statement_id}:{','.join(cmd.invoice_ids)}"
        outcome = await self.execute(customer_id, cmd, key)
        return bool(outcome.events)

    async def set_statement_day(self, customer_id: str, day: int, by: str) -> bool:
        outcome = await self.execute(
            customer_id, SetStatementSchedule(day=day, by=by), f"statement-day:{day}"
        )
        return bool(outcome.events)

    async def check_payment_due(self, cmd: CheckPaymentDue) -> None:
        check = CheckInvoiceDue(
            timer_id=cmd.timer_id, invoice_id=cmd.external_number, grace_days=cmd.grace_days
        )
        await self.execute(cmd.customer_id, check, f"timer:{cmd.timer_id}")

    async def find(self, external_number: str) -> InvoiceView:
        owner = await self._owner(external_number)
        state, version = await self.repository.load(self.repository.ref(owner))
        return self._view(state, version, external_number)

    async def account(self, customer_id: str, today: dt.date | None = None) -> AccountView:
        """The account; with ``today``, also the interest withheld for want of a rate."""
        state, version = await self.repository.load(self.repository.ref(customer_id))
        view = AccountView.of(state, version)
        if today is None:
            return view
        return view.model_copy(update={"interest_withheld": self._withheld(state, today)})

    async def withheld_interest(
        self, customer_id: str, today: dt.date
    ) -> tuple[WithheldInterest, ...]:
        state, _version = await self.repository.load(self.repository.ref(customer_id))
        return self._withheld(state, today)

    def _withheld(self, state: AccountState, today: dt.date) -> tuple[WithheldInterest, ...]:
        return withheld_interest(state.account, self.rules.ledger_pack, today)

    async def state(self, customer_id: str) -> tuple[AccountState, int]:
        return await self.repository.load(self.repository.ref(customer_id))

    async def invoices(
        self,
        customer_ids: list[str],
        status: str | None,
        due_before: dt.date | None,
        offset: int,
        limit: int,
    ) -> InvoicePage:
        found: list[InvoiceView] = []
        for customer_id in sorted(set(customer_ids)):
            state, version = await self.state(customer_id)
            found += [InvoiceView.held(state, i, version) for i in sorted(state.held)]
            found += [
                InvoiceView.of(state, item, version)
                for item in state.account.items.values()
                if item.kind == "invoice"
            ]
        chosen = [
            v
            for v in found
            if (status is None or v.status == status)
            and (due_before is None or (v.due_date is not None and v.due_date < due_before))
        ]
        chosen.sort(key=lambda v: (v.due_date or dt.date.max, v.customer_id, v.external_number))
        page = chosen[offset : offset + limit]
        more = offset + limit < len(chosen)
        return InvoicePage(
            invoices=page, total=len(chosen), next_offset=offset + limit if more else None
        )

    async def reconcile(self, followed: FollowedBalances, customer_ids: list[str]) -> Report:
        """Compare every invoice's outstanding amount with collections' (see ``reconcile``)."""
        differences: list[Difference] = []
        totals: list[CustomerTotals] = []
        charges: list[OpenCharges] = []
        invoices = 0
        for customer_id in sorted(set(customer_ids)):
            state, _ = await self.state(customer_id)
            items = state.account.items.values()
            ledger = {i.item_id: as_followed(i) for i in items if i.kind == "invoice"}
            invoices += len(ledger)
            found, sums = compare(customer_id, ledger, await followed.invoices(customer_id))
            differences += found
            totals += sums
            charges += open_charges(customer_id, [i for i in items if i.kind != "invoice"])
        return Report(
            customers=len(set(customer_ids)),
            invoices=invoices,
            differences=differences,
            totals=totals,
            charges_not_compared=charges,
        )

    async def execute(
        self, customer_id: str, cmd: AccountCommand, key: str
    ) -> Outcome[AccountState]:
        return await self.repository.execute(*self._work(customer_id, cmd, key))

    def _work(self, customer_id: str, cmd: AccountCommand, key: str) -> Work[AccountState]:
        return (
            self.repository.ref(customer_id),
            lambda state, now: decide(state, cmd, now, self.rules),
            Cause.command(AGGREGATE_TYPE, customer_id, key, idempotent=False),
        )

    async def owner(self, external_number: str) -> str:
        """The customer whose account holds invoice ``external_number``."""
        return await self._owner(external_number)

    async def _owner(self, external_number: str) -> str:
        owner = await self.index.locate(external_number)
        if owner is None:
            raise InvoiceNotFound(f"no invoice {external_number}")
        return owner

    def _invoice(self, outcome: Outcome[AccountState], invoice_id: str) -> InvoiceView:
        return self._view(outcome.state, outcome.version, invoice_id)

    @staticmethod
    def _view(state: AccountState, version: int, invoice_id: str) -> InvoiceView:
        if invoice_id in state.held:
            return InvoiceView.held(state, invoice_id, version)
        item = state.account.items.get(invoice_id)
        if item is None or item.kind != "invoice":
            raise InvoiceNotFound(f"no invoice {invoice_id}")
        return InvoiceView.of(state, item, version)
