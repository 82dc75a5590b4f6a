"""A customer account driven by commands, for the ledger's unit tests."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from services.invoicing.adapters.rate_packs import load_packs
from services.invoicing.domain.ledger import Account, LedgerContext, decide, fold, new_account
from services.invoicing.domain.ledger.commands import (
    AccrueInterest,
    IssueInvoice,
    LedgerCommand,
    OpenAccount,
    ReceivePayment,
)
from services.invoicing.domain.ledger.facts import LedgerFact
from services.invoicing.domain.ledger.model import AccountSettings, Line
from services.invoicing.domain.ledger.terms import PaymentTerms
from shared.contracts.money import Money

PACKS = load_packs()
TODAY = dt.date(2026, 11, 28)
D = dt.date


def money(amount: str, currency: str = "CNY") -> Money:
    return Money(amount=Decimal(amount), currency=currency)


def line(item_id: str, amount: str) -> Line:
    return Line(item_id=item_id, amount=Decimal(amount))


def invoice(
    invoice_id: str,
    amount: str,
    issued: dt.date,
    due: dt.date | None = None,
    currency: str = "CNY",
    terms: str | None = None,
) -> IssueInvoice:
    return IssueInvoice(
        invoice_id=invoice_id,
        amount=money(amount, currency),
        issue_date=issued,
        due_date=due,
        terms=PaymentTerms.parse(terms) if terms else None,
    )


def pay(
    payment_id: str,
    amount: str,
    on: dt.date,
    currency: str = "CNY",
    allocations: tuple[Line, ...] | None = None,
    reference: str | None = None,
) -> ReceivePayment:
    return ReceivePayment(
        payment_id=payment_id,
        amount=money(amount, currency),
        value_date=on,
        allocations=allocations,
        reference=reference,
    )


class Ledger:
    """One customer's account: ``do`` decides a command and folds its facts in."""

    def __init__(
        self,
        jurisdiction: str = "cn",
        today: dt.date = TODAY,
        customer: str = "C-1001",
        **rules: Any,
    ) -> None:
        self.today = today
        self.account: Account = new_account(customer)
        self.facts: list[LedgerFact] = []
        settings = AccountSettings.model_validate({"jurisdiction": jurisdiction, **rules})
        self.do(OpenAccount(settings=settings, on=D(2025, 1, 1)))

    def context(self) -> LedgerContext:
        return LedgerContext(today=self.today, packs=PACKS)

    def decide(self, command: LedgerCommand) -> tuple[LedgerFact, ...]:
        return decide(self.account, command, self.context())

    def do(self, *commands: LedgerCommand) -> list[LedgerFact]:
        made: list[LedgerFact] = []
        for command in commands:
            facts = self.decide(command)
            self.account = fold(self.account, facts)
            self.facts.extend(facts)
            made.extend(facts)
        return made

    def accrue(self, through: dt.date) -> list[LedgerFact]:
        return self.do(AccrueInterest(through=through))

    def open(self, item_id: str) -> Decimal:
        return self.account.item(item_id).open

    def unapplied(self, currency: str = "CNY") -> Decimal:
        return self.account.unapplied(currency)

    def balance(self, currency: str = "CNY") -> Decimal:
        return self.account.balances().get(currency, Decimal(0))

    def replayed(self) -> Account:
        return fold(new_account(self.account.customer_id), self.facts)
