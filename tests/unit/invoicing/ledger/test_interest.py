"""Late interest and fixed compensation, checked against figures worked out by hand.

Every figure below is principal x rate x days / 365, rounded half-up to the cent once,
when booked. Days of delay run from the day after the due date to the day before
``through`` (the run books whole days); a payment counts from the day after its value
date, so an invoice paid 60 days late bears 60 days of interest.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from services.invoicing.domain.ledger.commands import (
    AccrueInterest,
    ChangeAccountSettings,
    ChangeDueDate,
    IssueCreditNote,
    ReversePayment,
    WaiveInterest,
)
from services.invoicing.domain.ledger.errors import (
    InterestAlreadyWaived,
    InterestThroughInFuture,
    RateNotPublished,
)
from services.invoicing.domain.ledger.facts import (
    ChargeBooked,
    InterestCharged,
    InterestCorrected,
)
from services.invoicing.domain.ledger.model import AccountSettings
from services.invoicing.domain.ledger.rates import ContractInterest
from tests.unit.invoicing.ledger.given import D, Ledger, invoice, line, pay


def charged(facts: list[object]) -> dict[str, Decimal]:
    found: dict[str, Decimal] = {}
    for fact in facts:
        if isinstance(fact, InterestCharged | ChargeBooked):
            found[fact.charge_id] = fact.amount.amount
    return found


def eur_invoice(due: tuple[int, int, int], amount: str = "10000.00") -> Ledger:
    ledger = Ledger(jurisdiction="eu")
    ledger.do(invoice("INV-1", amount, D(2020, 1, 1), D(*due), currency="EUR"))
    return ledger


def test_eur_10000_sixty_days_late_at_10_15_percent_books_166_85_and_40() -> None:
    # ECB rate on 1 July 2025: 2.15 %; + 8 points = 10.15 % (2011/7/EU).
    # Due 30 Sep 2025; days of delay 1 Oct .. 29 Nov = 31 + 29 = 60.
    # 10,000.00 x 10.15 % x 60 / 365 = 6,090,000 / 36,500 = 166.849315... -> 166.85
    # plus the fixed EUR 40 (art. 6): 206.85 in all.
    ledger = eur_invoice((2025, 9, 30))
    facts = ledger.accrue(D(2025, 11, 30))
    assert charged(facts) == {
        "interest:INV-1:2025-10-01:2025-11-30": Decimal("166.85"),
        "compensation:INV-1": Decimal("40.00"),
    }
    interest = next(f for f in facts if isinstance(f, InterestCharged))
    assert [(s.days, s.principal, s.quote.percent) for s in interest.segments] == [
        (60, Decimal("10000.00"), Decimal("10.15"))
    ]


def test_the_compliance_worked_example_eur_10000_sixty_days_at_12_50_percent() -> None:
    # COMPLIANCE.md T7: ECB 4.50 % on 1 January 2024 + 8 = 12.50 %.
    # Due 31 Jan 2024; 1 Feb .. 31 Mar 2024 = 29 (leap year) + 31 = 60 days.
    # 10,000.00 x 12.50 % x 60 / 365 = 7,500,000 / 36,500 = 205.479... -> 205.48
    # (act/365 even in a leap year: the divisor stays 365).
    ledger = eur_invoice((2024, 1, 31))
    assert charged(ledger.accrue(D(2024, 4, 1))) == {
        "interest:INV-1:2024-02-01:2024-04-01": Decimal("205.48"),
        "compensation:INV-1": Decimal("40.00"),
    }


def test_the_rate_changes_at_the_half_year_boundary_inside_one_period() -> None:
    # Due 15 Jun 2025. 16..30 Jun = 15 days at 3.15 + 8 = 11.15 %;
    # 1..15 Jul = 15 days at 2.15 + 8 = 10.15 %.
    # 10,000 x (11.15 x 15 + 10.15 x 15) / 36,500 = 10,000 x 319.5 / 36,500 = 87.534... -> 87.53
    ledger = eur_invoice((2025, 6, 15))
    facts = ledger.accrue(D(2025, 7, 16))
    interest = next(f for f in facts if isinstance(f, InterestCharged))
    assert interest.amount.amount == Decimal("87.53")
    assert [(s.start, s.days, s.quote.percent) for s in interest.segments] == [
        (D(2025, 6, 16), 15, Decimal("11.15")),
        (D(2025, 7, 1), 15, Decimal("10.15")),
    ]


def test_a_partial_payment_mid_period_lowers_the_principal_from_the_next_day() -> None:
    # Due 30 Sep 2025; EUR 4,000 paid value 20 Oct.
    # 1..20 Oct: 20 days on 10,000; 21 Oct .. 29 Nov: 11 + 29 = 40 days on 6,000.
    # (10,000 x 20 + 6,000 x 40) x 10.15 / 36,500 = 440,000 x 10.15 / 36,500 = 122.356... -> 122.36
    ledger = eur_invoice((2025, 9, 30))
    ledger.do(pay("P-1", "4000.00", D(2025, 10, 20), currency="EUR"))
    facts = ledger.accrue(D(2025, 11, 30))
    interest = next(f for f in facts if isinstance(f, InterestCharged))
    assert interest.amount.amount == Decimal("122.36")
    assert [(s.days, s.principal) for s in interest.segments] == [
        (20, Decimal("10000.00")),
        (40, Decimal("6000.00")),
    ]


def test_uk_gbp_5000_thirty_days_at_13_25_percent_books_54_45_and_70() -> None:
    # COMPLIANCE.md T7. Interest starts 2 Mar 2024: Bank Rate on 31 Dec 2023 was 5.25 %;
    # + 8 = 13.25 %. 2..31 Mar = 30 days.
    # 5,000 x 13.25 x 30 / 36,500 = 1,987,500 / 36,500 = 54.452... -> 54.45; GBP 70 (< 10,000).
    ledger = Ledger(jurisdiction="uk")
    ledger.do(invoice("INV-1", "5000.00", D(2024, 2, 1), D(2024, 3, 1), currency="GBP"))
    assert charged(ledger.accrue(D(2024, 4, 1))) == {
        "interest:INV-1:2024-03-02:2024-04-01": Decimal("54.45"),
        "compensation:INV-1": Decimal("70.00"),
    }


def test_uk_gbp_12000_earns_the_100_pound_band_and_a_rate_fixed_on_31_december() -> None:
    # Interest starts 16 Jan 2026: Bank Rate on 31 Dec 2025 was 3.75 %; + 8 = 11.75 %.
    # 16 Jan .. 14 Feb = 30 days: 12,000 x 11.75 x 30 / 36,500 = 4,230,000 / 36,500
    # = 115.890... -> 115.89; the debt is GBP 10,000 or more: GBP 100.
    ledger = Ledger(jurisdiction="uk")
    ledger.do(invoice("INV-1", "12000.00", D(2025, 12, 16), D(2026, 1, 15), currency="GBP"))
    assert charged(ledger.accrue(D(2026, 2, 15))) == {
        "interest:INV-1:2026-01-16:2026-02-15": Decimal("115.89"),
        "compensation:INV-1": Decimal("100.00"),
    }


def test_a_uk_rate_stays_fixed_for_the_debt_when_bank_rate_changes_later() -> None:
    # Interest starts 1 Dec 2025: reference 30 Jun 2025, Bank Rate 4.25 % -> 12.25 %, for
    # every day, although Bank Rate fell to 3.75 % on 18 Dec 2025.
    # 1 Dec 2025 .. 30 Jan 2026 = 31 + 30 = 61 days:
    # 1,000 x 12.25 x 61 / 36,500 = 747,250 / 36,500 = 20.472... -> 20.47
    ledger = Ledger(jurisdiction="uk")
    ledger.do(invoice("INV-1", "1000.00", D(2025, 11, 1), D(2025, 11, 30), currency="GBP"))
    facts = ledger.accrue(D(2026, 1, 31))
    interest = next(f for f in facts if isinstance(f, InterestCharged))
    assert interest.amount.amount == Decimal("20.47")
    assert {s.quote.percent for s in interest.segments} == {Decimal("12.25")}
    assert charged(facts)["compensation:INV-1"] == Decimal("70.00")  # 1,000 is not < 1,000


def test_a_contract_daily_rate_replaces_the_statutory_one() -> None:
    # 违约金 每日万分之五 = 0.05 % a day. Due 31 Mar 2026, through 1 May: 30 days.
    # 200,000 x 0.05 % x 30 = 3,000.00
    ledger = Ledger(
        contract={"daily_percent": "0.05", "clause": "合同第8条 违约金"},
    )
    ledger.do(invoice("INV-1", "200000.00", D(2026, 3, 1), D(2026, 3, 31)))
    assert charged(ledger.accrue(D(2026, 5, 1))) == {
        "interest:INV-1:2026-04-01:2026-05-01": Decimal("3000.00")
    }


def test_a_new_contract_rate_applies_from_its_date_and_not_to_the_days_before() -> None:
    # 200,000 due 31 Mar 2026. 1..15 Apr at 0.05 % a day: 200,000 x 0.05 % x 15 = 1,500.00;
    # the contract changes to 0.03 % from 16 Apr: 200,000 x 0.03 % x 15 = 900.00. Total 2,400.00.
    ledger = Ledger(contract={"daily_percent": "0.05"})
    ledger.do(invoice("INV-1", "200000.00", D(2026, 3, 1), D(2026, 3, 31)))
    ledger.accrue(D(2026, 4, 16))
    amended = AccountSettings(
        jurisdiction="cn", contract=ContractInterest(daily_percent=Decimal("0.03"))
    )
    ledger.do(ChangeAccountSettings(settings=amended, on=D(2026, 4, 16)))
    ledger.accrue(D(2026, 5, 1))
    total = sum(f.amount.amount for f in ledger.facts if isinstance(f, InterestCharged))
    assert total == Decimal("2400.00")


def test_without_a_contract_rate_a_cn_or_us_customer_is_charged_nothing() -> None:
    for pack in ("cn", "us"):
        ledger = Ledger(jurisdiction=pack)
        ledger.do(invoice("INV-1", "1000.00", D(2026, 1, 1), D(2026, 1, 31)))
        assert ledger.accrue(D(2026, 5, 1)) == []


def test_running_the_job_again_for_the_same_period_books_nothing() -> None:
    ledger = eur_invoice((2025, 9, 30))
    first = ledger.accrue(D(2025, 11, 30))
    assert ledger.accrue(D(2025, 11, 30)) == []
    assert ledger.accrue(D(2025, 11, 1)) == []  # an older period is not booked again either
    assert len(first) == 2


def test_two_concurrent_runs_decide_the_same_period_key_so_one_charge_is_stored() -> None:
    ledger = eur_invoice((2025, 9, 30))
    run_a = ledger.decide(AccrueInterest(through=D(2025, 11, 30)))
    run_b = ledger.decide(AccrueInterest(through=D(2025, 11, 30)))
    assert run_a == run_b  # same ids: the store's version check (or id) keeps one of them
    ledger.do(AccrueInterest(through=D(2025, 11, 30)))
    assert ledger.decide(AccrueInterest(through=D(2025, 11, 30))) == ()  # the loser, re-decided


def test_interest_booked_daily_adds_up_to_interest_booked_once() -> None:
    # Rounding happens once on the running total: 60 daily bookings lose no cent.
    daily = eur_invoice((2025, 9, 30))
    for day in range(2, 62):
        daily.accrue(D(2025, 9, 30).fromordinal(D(2025, 9, 30).toordinal() + day))
    once = eur_invoice((2025, 9, 30))
    once.accrue(D(2025, 11, 30))
    total = sum(f.amount.amount for f in daily.facts if isinstance(f, InterestCharged))
    assert total == Decimal("166.85")
    assert len([f for f in daily.facts if isinstance(f, InterestCharged)]) == 60


def test_interest_is_not_lost_when_the_principal_was_paid_before_the_run() -> None:
    ledger = eur_invoice((2025, 9, 30))
    ledger.do(pay("P-1", "10000.00", D(2025, 11, 29), currency="EUR"))
    assert ledger.open("INV-1") == 0
    assert charged(ledger.accrue(D(2025, 12, 31))) == {
        "interest:INV-1:2025-10-01:2025-12-31": Decimal("166.85"),  # still 60 days
        "compensation:INV-1": Decimal("40.00"),
    }
    assert ledger.balance("EUR") == Decimal("206.85")


def test_a_bounced_payment_counts_as_never_made_for_interest() -> None:
    ledger = eur_invoice((2025, 9, 30))
    ledger.do(pay("P-1", "10000.00", D(2025, 9, 29), currency="EUR"))  # on time
    assert ledger.accrue(D(2025, 11, 1)) == []
    ledger.do(ReversePayment(reversal_id="R-1", payment_id="P-1", on=D(2025, 11, 20), reason="NSF"))
    facts = ledger.accrue(D(2025, 11, 30))
    assert charged(facts)["interest:INV-1:2025-10-01:2025-11-30"] == Decimal("166.85")


def test_a_backdated_credit_note_is_put_right_by_an_interest_correction() -> None:
    # Booked: 166.85 for 60 days on 10,000. Then a credit note of 4,000 dated 20 Oct.
    # Through 2 Dec: 10,000 x 20 days + 6,000 x 42 days = 452,000 x 10.15 / 36,500
    # = 125.693... -> 125.69; 166.85 - 125.69 = 41.16 credited back on the interest charge.
    ledger = eur_invoice((2025, 9, 30))
    ledger.accrue(D(2025, 11, 30))
    ledger.do(
        IssueCreditNote(
            credit_note_id="CN-1",
            issued_on=D(2025, 10, 20),
            reason="short delivery",
            lines=(line("INV-1", "4000.00"),),
        )
    )
    facts = ledger.accrue(D(2025, 12, 2))
    assert len(facts) == 1 and isinstance(facts[0], InterestCorrected)
    assert facts[0].amount.amount == Decimal("41.16")
    assert facts[0].accrued_to_date.amount == Decimal("125.69")
    assert ledger.open("interest:INV-1:2025-10-01:2025-11-30") == Decimal("125.69")


def test_a_due_date_moved_later_after_booking_is_put_right_by_the_next_run() -> None:
    # Booked 166.85 for 60 days from 1 Oct. The due date is moved (agreed, backdated) to
    # 30 Oct: through 1 Dec that is 31 Oct .. 30 Nov = 31 days:
    # 10,000 x 10.15 x 31 / 36,500 = 3,146,500 / 36,500 = 86.205... -> 86.21; 166.85 - 86.21 = 80.64
    ledger = eur_invoice((2025, 9, 30))
    ledger.accrue(D(2025, 11, 30))
    ledger.do(
        ChangeDueDate(invoice_id="INV-1", due_date=D(2025, 10, 30), on=D(2025, 12, 1), reason="x")
    )
    facts = ledger.accrue(D(2025, 12, 1))
    assert len(facts) == 1 and isinstance(facts[0], InterestCorrected)
    assert facts[0].amount.amount == Decimal("80.64")


def test_a_waiver_by_a_person_clears_booked_interest_and_stops_it() -> None:
    ledger = eur_invoice((2025, 9, 30))
    ledger.accrue(D(2025, 11, 30))
    waive = WaiveInterest(
        waiver_id="W-1", invoice_id="INV-1", on=D(2025, 12, 1), by="collector-7", reason="goodwill"
    )
    ledger.do(waive)
    assert ledger.balance("EUR") == Decimal("10000.00")
    assert ledger.accrue(D(2026, 1, 1)) == []
    assert ledger.do(waive) == []  # sent again: nothing
    with pytest.raises(InterestAlreadyWaived, match="already waived on 2025-12-01"):
        ledger.do(waive.model_copy(update={"waiver_id": "W-2"}))


def test_interest_for_days_not_yet_over_is_refused() -> None:
    ledger = eur_invoice((2026, 9, 30))
    with pytest.raises(InterestThroughInFuture, match="after today"):
        ledger.accrue(D(2026, 11, 29))


def test_a_day_beyond_the_published_rates_is_refused_rather_than_guessed() -> None:
    ledger = eur_invoice((2026, 9, 30))
    with pytest.raises(RateNotPublished, match="add it to the pack"):
        ledger.accrue(D(2026, 11, 1))
