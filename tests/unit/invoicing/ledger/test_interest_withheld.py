"""Days after a rate table's ``published_through``: the interest job books each invoice's
interest up to the table's last day, books the fixed compensation (no rate needed), and
withholds the rest with a reason the account view shows; it never guesses a rate and never
books a silent zero. The eu table ends on 2026-06-30 (ECB rate of 1 January 2026: 2.15 %)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from services.invoicing.domain.ledger.commands import AccrueInterest
from services.invoicing.domain.ledger.errors import RateNotPublished
from services.invoicing.domain.ledger.facts import ChargeBooked, InterestCharged, LedgerFact
from services.invoicing.domain.ledger.withheld import WithheldInterest, withheld_interest
from tests.unit.invoicing.ledger.given import PACKS, D, Ledger, invoice

REASON = "no published reference rate after 2026-06-30"


def charged(facts: list[LedgerFact]) -> dict[str, Decimal]:
    return {
        f.charge_id: f.amount.amount for f in facts if isinstance(f, InterestCharged | ChargeBooked)
    }


def eur_invoice(due: tuple[int, int, int]) -> Ledger:
    ledger = Ledger(jurisdiction="eu", today=D(2026, 11, 29))
    ledger.do(invoice("INV-1", "10000.00", D(2026, 1, 1), D(*due), currency="EUR"))
    return ledger


def job(ledger: Ledger) -> list[LedgerFact]:
    return ledger.do(AccrueInterest(through=D(2026, 11, 29), up_to_published=True))


def test_the_job_books_up_to_the_tables_last_day_and_withholds_the_rest() -> None:
    # Due 31 May 2026; delay 1 June .. 30 June = 30 days at 2.15 + 8 = 10.15 %:
    # 10,000.00 x 10.15 % x 30 / 365 = 3,045,000 / 36,500 = 83.424... -> 83.42; plus EUR 40.
    ledger = eur_invoice((2026, 5, 31))
    assert charged(job(ledger)) == {
        "interest:INV-1:2026-06-01:2026-07-01": Decimal("83.42"),
        "compensation:INV-1": Decimal("40.00"),
    }
    assert job(ledger) == []  # run again: nothing more, and no zero charge
    assert withheld_interest(ledger.account, PACKS.__getitem__, D(2026, 11, 29)) == (
        WithheldInterest(invoice_id="INV-1", since=D(2026, 7, 1), reason=REASON),
    )


def test_an_invoice_late_only_after_the_table_gets_its_compensation_and_no_interest() -> None:
    ledger = eur_invoice((2026, 9, 30))
    assert charged(job(ledger)) == {"compensation:INV-1": Decimal("40.00")}
    [withheld] = withheld_interest(ledger.account, PACKS.__getitem__, D(2026, 11, 29))
    assert (withheld.since, withheld.reason) == (D(2026, 10, 1), REASON)


def test_an_explicit_request_past_the_table_is_still_refused() -> None:
    ledger = eur_invoice((2026, 5, 31))
    with pytest.raises(RateNotPublished, match="add it to the pack"):
        ledger.accrue(D(2026, 11, 29))


def test_nothing_is_withheld_while_the_table_covers_today_or_nothing_is_owed() -> None:
    ledger = eur_invoice((2026, 5, 31))
    assert withheld_interest(ledger.account, PACKS.__getitem__, D(2026, 6, 30)) == ()
    cny = Ledger(jurisdiction="cn", today=D(2026, 11, 29))  # cn: contract rate only, no table
    cny.do(invoice("INV-2", "100.00", D(2026, 1, 1), D(2026, 2, 1)))
    assert withheld_interest(cny.account, PACKS.__getitem__, D(2026, 11, 29)) == ()
