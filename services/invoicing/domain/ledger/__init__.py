"""The receivables ledger: one customer's account, as pure decisions over facts.

Invoicing is the ledger of record (DESIGN §9): every open item of a customer (invoices,
debit notes, fees, late interest, fixed compensation), every credit (payments, credit
notes, early-payment discounts), every allocation between them, refunds, reversals,
write-offs and waivers, with balances per currency. ``decide(account, command,
context) -> facts`` and ``evolve(account, fact) -> account``; no I/O, no clock, no ids
drawn at random (``context.today`` is given, document ids come with the commands).

Aggregate boundary: one **account aggregate per customer** (its own stream, keyed by the
customer id), next to the per-invoice history that exists today.

- Allocation is one atomic append. A payment, the allocations it makes across any
  number of invoices and charges, and the discount credit notes it earns are facts of
  ONE decision on ONE aggregate, appended by one script with one expected version. With
  per-invoice aggregates, paying three invoices would be three appends with no common
  version: a crash between them leaves half a payment.
- No double allocation under concurrent payments. Two payments decided on account
  version v both expect v; the store takes the first and refuses the second, which is
  decided again on v+1 and sees the items the first one paid (and the unapplied credit
  it used). The same holds for two applications of the same unapplied credit, a
  refund racing an application, or two interest runs.
- It stays in one slot. Aggregates map to partitions by the customer id, so the
  account's stream, the customer's invoice streams and its timers share a hash tag;
  one Lua script may append to the account and mirror per-invoice events.
- Its cost: every balance-changing write of one customer is serialised. Writes per
  customer are a handful a day; a conflict costs one re-decide. Long histories are
  bounded by snapshots (DESIGN §3); ``fold`` replays many facts with one copy.

The per-invoice stream keeps what is about one invoice and not about money: issuance
from the ERP (idempotency by number), the due-date timer and ``PaymentMissed``. Every
balance change is decided by the account; the account's append mirrors the integration
events consumers already read per invoice (``PaymentReceived``, ``InvoiceSettled``).

Modules: ``model`` (values), ``account`` (state and queries), ``facts`` and ``commands``,
``decide`` (dispatch to ``decide_documents``, ``decide_cash``, ``decide_corrections``,
``decide_interest``), ``allocation`` (rules and order), ``settlement`` (plans to facts),
``terms`` (payment terms, discounts), ``rates``, ``rate_plans`` and ``interest`` (late
interest as data, ``rates/*.yaml``), ``statement`` (对账单), ``evolve``/``draft``
(folding), ``context``, ``rules`` (shared checks) and ``errors``.
"""

from services.invoicing.domain.ledger.account import Account, new_account
from services.invoicing.domain.ledger.context import LedgerContext
from services.invoicing.domain.ledger.decide import decide
from services.invoicing.domain.ledger.evolve import evolve, fold
from services.invoicing.domain.ledger.facts import LedgerFact
from services.invoicing.domain.ledger.statement import Statement, build_statement

__all__ = [
    "Account",
    "LedgerContext",
    "LedgerFact",
    "Statement",
    "build_statement",
    "decide",
    "evolve",
    "fold",
    "new_account",
]
