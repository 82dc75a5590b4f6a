"""What invoicing follows of other services: customers' registrations open accounts, and
collections' outcomes that change a balance are posted back to the ledger of record.

- ``CustomerRegistered`` → the customer's account is opened (its invoices held as
  ``pending_customer`` are booked and published then).
- ``DisputeResolved`` credited → a credit note for what is open on the invoice.
- ``SettlementCompleted`` → a credit note for the settlement's discount on its invoices.
- ``DebtorWrittenOff`` → a bad-debt write-off of every open item in each currency.
- ``RewardCreditGranted`` (customers: reward points redeemed, a rebate) → a credit note
  on the account, applied by the account's allocation rule, the rest held as credit.
- ``RewardPointsChanged`` (points earned or spent) → noted on the account, so that its
  statements show the points balance as of their last day.

Each is keyed by the event or grant it came from, so a redelivery books nothing twice.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from services.invoicing.application.container import Container
from services.invoicing.domain.account_commands import (
    BookRewardCredit,
    CreditOpenAmounts,
    WriteOffEverything,
)
from services.invoicing.domain.reward_points import NoteRewardPoints
from shared.contracts import Event
from shared.contracts.collections import DebtorWrittenOff, DisputeResolved, SettlementCompleted
from shared.contracts.customers import (
    CustomerRegistered,
    RewardCreditGranted,
    RewardPointsChanged,
)


def on_followed(wired: Container) -> Callable[[Event], Awaitable[None]]:
    async def on_event(event: Event) -> None:
        invoicing = wired.invoicing
        on = event.occurred_at.date()
        match event:
            case CustomerRegistered():
                await invoicing.open_for_customer(event.customer_id, event.jurisdiction, on)
            case DisputeResolved(outcome="credited"):
                cmd = CreditOpenAmounts(
                    credit_note_id=f"dispute:{event.event_id}",
                    invoice_ids=(event.invoice_id,),
                    on=event.resolved_on or on,
                    reason="dispute resolved as credited in collections",
                )
                await invoicing.post_back(event.customer_id, cmd)
            case SettlementCompleted():
                cmd = CreditOpenAmounts(
                    credit_note_id=f"settlement:{event.offer_id}",
                    invoice_ids=event.invoice_ids,
                    limit=event.discount,
                    on=on,
                    reason=f"settlement {event.offer_id} paid: discount granted",
                )
                await invoicing.post_back(event.customer_id, cmd)
            case RewardCreditGranted():
                await invoicing.post_back(event.customer_id, reward_credit_note(event))
            case RewardPointsChanged():
                await invoicing.note_reward_points(event.customer_id, NoteRewardPoints.of(event))
            case DebtorWrittenOff():
                for amount in event.amounts:
                    write_off = WriteOffEverything(
                        write_off_id=f"writeoff:{event.event_id}:{amount.currency}",
                        currency=amount.currency,
                        on=on,
                        reason="debtor written off in collections",
                    )
                    await invoicing.post_back(event.customer_id, write_off)

    return on_event


def reward_credit_note(event: RewardCreditGranted) -> BookRewardCredit:
    if event.kind == "points_redeemed":
        why = f"reward points redeemed: {event.points} points ({event.programme_version})"
    else:
        why = f"rebate on {event.period} purchases ({event.programme_version})"
    return BookRewardCredit(
        credit_note_id=f"reward:{event.grant_id}",
        amount=event.credit,
        on=event.granted_on,
        reason=why,
    )
