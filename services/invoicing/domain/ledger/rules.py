"""Checks several deciders share; each raises the named error of the rule it checks."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from services.invoicing.domain.ledger.account import Account
from services.invoicing.domain.ledger.context import LedgerContext
from services.invoicing.domain.ledger.errors import (
    AmountBeyondMinorUnit,
    AmountNotPositive,
    CurrencyMismatch,
    DatedBeforeDocument,
    DocumentIdConflict,
    DuplicateAllocationTarget,
    ValueDateInFuture,
)
from services.invoicing.domain.ledger.model import Line, rounded
from shared.contracts.money import Money


def check_positive(amount: Money, what: str) -> Decimal:
    if not amount.is_positive():
        raise AmountNotPositive(f"{what} must be more than zero, got {amount}")
    return amount.amount


def check_lines(lines: tuple[Line, ...], currency: str) -> None:
    """Each line at the currency's minor unit and each item named once."""
    for line in lines:
        if rounded(line.amount, currency) != line.amount:
            raise AmountBeyondMinorUnit(
                f"{line.amount} for {line.item_id} has more decimal places than {currency} allows"
            )
    ids = [line.item_id for line in lines]
    if len(set(ids)) != len(ids):
        raise DuplicateAllocationTarget(f"the list names an item twice: {', '.join(ids)}")


def check_same_currency(expected: str, found: str, what: str) -> None:
    if expected != found:
        raise CurrencyMismatch(f"{what} is in {found}, not {expected}")


def check_not_in_future(day: dt.date, context: LedgerContext, what: str) -> None:
    latest = context.today + dt.timedelta(days=context.value_date_tolerance_days)
    if day > latest:
        raise ValueDateInFuture(f"{what} {day} is after {latest}: book it when it has happened")


def check_not_before(day: dt.date, earliest: dt.date, what: str) -> None:
    if day < earliest:
        raise DatedBeforeDocument(f"{what} is dated {day}, before {earliest}")


def resent(same: bool, document_id: str) -> bool:
    """A document id seen before: True if sent again as it was, else refused."""
    if not same:
        raise DocumentIdConflict(f"{document_id} is already booked with other data")
    return True


def done_before(account: Account, key: str, subject: str) -> bool:
    """An operation id seen before: True if it acted on ``subject``, else refused."""
    done = account.operations.get(key)
    if done is None:
        return False
    if done != subject:
        raise DocumentIdConflict(f"{key.replace(':', ' ')} already acted on {done}")
    return True
