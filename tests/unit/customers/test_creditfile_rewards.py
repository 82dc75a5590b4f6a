"""The credit account's business survey and rewards, on hand-computed fixtures: survey
entries move the score as the scorecard's survey factors say; points are earned once per
invoice settled on time (more when early, none under the minimum); a redemption spends
them for a credit note at the programme's value; a grade-A customer's quarter earns its
rebate once."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from services.customers.adapters.credit_files import load_rewards, load_scorecard
from services.customers.domain.credit.errors import CurrencyNotInPolicy, NotEnoughPoints
from services.customers.domain.credit.survey import EnteredBy, Financials, Founded, SurveyEntry
from services.customers.domain.creditfile import (
    Rate,
    RecordFact,
    command_for,
    decide_credit,
    evolve_credit,
    initial_credit,
)
from services.customers.domain.creditfile_rewards import (
    RecordSurveyEntry,
    RedeemPoints,
    RedemptionConflict,
    SurveyEntryConflict,
    rewards_of,
)
from shared.contracts import Event
from shared.contracts.customers import CreditRated, RewardCreditGranted, RewardPointsChanged
from shared.contracts.invoicing import InvoiceIssued, InvoiceSettled
from shared.contracts.money import Money
from tests.support.given import History, types
from tests.unit.customers.test_creditfile import envelope

NOW = dt.datetime(2026, 11, 28, 9, tzinfo=dt.UTC)
CUSTOMER = "C-1"
CARD, PROGRAMME = load_scorecard(), load_rewards()


def history() -> History[Any, Any]:
    return History(CUSTOMER, initial_credit, evolve_credit, decide_credit, "customers", NOW,
                   scorecard=CARD, rewards=PROGRAMME)  # fmt: skip


def cny(amount: str) -> Money:
    return Money(amount=amount, currency="CNY")


def invoice(ref: str, amount: str, issued: str, due: str, paid: str) -> list[Event]:
    issued_event = envelope(InvoiceIssued, issued, invoice_id=ref, customer_id=CUSTOMER,
                            external_number=ref, amount=cny(amount),
                            issue_date=dt.date.fromisoformat(issued),
                            due_date=dt.date.fromisoformat(due))  # fmt: skip
    settled = envelope(InvoiceSettled, paid, invoice_id=ref, customer_id=CUSTOMER,
                       settled_on=dt.date.fromisoformat(paid))  # fmt: skip
    return [issued_event, settled]


def follow(h: History[Any, Any], events: list[Event]) -> list[str]:
    decided: list[str] = []
    for event in events:
        cmd = command_for(event)
        assert cmd is not None
        decided += types(h.apply(cmd))
    return decided


def survey(h: History[Any, Any], entry_id: str, finding: Any, as_of: str = "2026-10-01") -> Any:
    entry = SurveyEntry(entry_id=entry_id, as_of=dt.date.fromisoformat(as_of),
                        source=EnteredBy(user="li.collector"), finding=finding)  # fmt: skip
    return h.apply(RecordSurveyEntry(customer_id=CUSTOMER, entry=entry, recorded_by="li"))


def on_time_quarter(h: History[Any, Any]) -> None:
    """Three invoices of 10,000 issued in Q3 2026, each paid on its due date."""
    for n, month in enumerate((7, 8, 9), start=1):
        issued, due = dt.date(2026, month, 1), dt.date(2026, month, 28)
        follow(h, invoice(f"I-{n}", "10000.00", str(issued), str(due), str(due)))


def last_rating(h: History[Any, Any]) -> CreditRated:
    rated = h.state.rated
    assert rated is not None
    return rated


def test_points_are_earned_once_per_invoice_on_time_more_when_early_none_late_or_small() -> None:
    h = history()
    follow(h, invoice("LATE", "1000.00", "2026-05-01", "2026-06-01", "2026-06-11"))
    follow(h, invoice("ON-TIME", "1000.00", "2026-06-01", "2026-07-01", "2026-07-01"))
    follow(h, invoice("EARLY", "1000.00", "2026-07-01", "2026-08-01", "2026-07-15"))
    follow(h, invoice("NINE-EARLY", "1000.00", "2026-07-01", "2026-08-10", "2026-08-01"))
    follow(h, invoice("SMALL", "999.99", "2026-07-01", "2026-08-01", "2026-07-01"))
    redelivered = invoice("EARLY", "1000.00", "2026-07-01", "2026-08-01", "2026-07-15")
    again = [types(h.when(RecordFact(customer_id=CUSTOMER, event=e))) for e in redelivered]

    account = rewards_of(h.state)
    # on time 10; 17 days early 10 + 5; 9 days early (under early_days 10) 10; late, small 0
    assert [(e.reference, e.points, e.why) for e in account.entries] == [
        ("ON-TIME", 10, "paid on time"),
        ("EARLY", 15, "paid 17 days early"),
        ("NINE-EARLY", 10, "paid on time"),
    ]
    assert account.balance == 35
    assert again == [[], []]
    replayed = initial_credit(CUSTOMER)
    for event in h.events:
        replayed = evolve_credit(replayed, event)
    assert rewards_of(replayed) == account


def test_a_redemption_spends_points_for_a_credit_note_at_the_programmes_value() -> None:
    h = history()
    for n in range(1, 12):  # 11 invoices paid on time: 110 points
        follow(h, invoice(f"I-{n}", "1000.00", "2026-09-01", "2026-10-01", "2026-10-01"))

    def redeem(ref: str, points: int, currency: str = "CNY") -> Any:
        return h.apply(RedeemPoints(customer_id=CUSTOMER, redemption_id=ref, points=points,
                                    currency=currency, redeemed_by="admin-1"))  # fmt: skip

    with pytest.raises(NotEnoughPoints, match="at least 100"):
        redeem("R-0", 99)
    with pytest.raises(CurrencyNotInPolicy):
        redeem("R-0", 100, "JPY")
    first = redeem("R-1", 105, "USD")
    again = redeem("R-1", 105, "USD")
    with pytest.raises(RedemptionConflict):
        redeem("R-1", 100)
    with pytest.raises(NotEnoughPoints, match="at most the 5 on the account"):
        redeem("R-2", 100)

    granted = first.events[0]
    assert isinstance(granted, RewardCreditGranted)
    # 105 points × 0.14 USD = 14.70 USD
    assert (granted.credit, granted.points, granted.kind) == (
        Money(amount="14.70", currency="USD"), 105, "points_redeemed",
    )  # fmt: skip
    assert (granted.grant_id, granted.granted_by) == ("redeem:R-1", "admin-1")
    assert again.events == []
    assert rewards_of(h.state).balance == 5
    spent = first.events[1]
    assert isinstance(spent, RewardPointsChanged)
    assert (spent.kind, spent.reference, spent.change, spent.balance, spent.on) == (
        "redeemed", "redeem:R-1", -105, 5, granted.granted_on
    )  # fmt: skip


def test_each_change_of_points_is_published_with_the_balance_after_it() -> None:
    h = history()
    decided = follow(h, invoice("I-1", "1000.00", "2026-09-01", "2026-10-01", "2026-10-01"))
    follow(h, invoice("I-2", "1000.00", "2026-09-01", "2026-10-01", "2026-09-20"))

    changes = [e for e in h.events if isinstance(e, RewardPointsChanged)]
    assert decided.count("RewardPointsChanged") == 1
    assert [(c.kind, c.reference, c.change, c.balance, c.on) for c in changes] == [
        ("earned", "I-1", 10, 10, dt.date(2026, 10, 1)),
        ("earned", "I-2", 15, 25, dt.date(2026, 9, 20)),
    ]  # fmt: skip


def test_survey_entries_feed_the_scorecards_survey_factors() -> None:
    h = history()
    on_time_quarter(h)
    # days late 1000×30 + overdue 1000×20 + promises (none) 800×15 + relationship (<1 y)
    # 300×10 + founded (unknown) 400×10 + current ratio (unknown) 500×5 + halts 1000×5
    # + disputes 1000×5, all / 100 = 815: B
    assert (last_rating(h).rating, last_rating(h).score) == ("B", 815)

    founded = survey(h, "S-1", Founded(established_on=dt.date(2001, 3, 1)))
    same_again = survey(h, "S-1", Founded(established_on=dt.date(2001, 3, 1)))
    with pytest.raises(SurveyEntryConflict):
        survey(h, "S-1", Founded(established_on=dt.date(2011, 3, 1)))
    figures = Financials(period_end=dt.date(2025, 12, 31), revenue=cny("9000000"),
                         net_profit=cny("400000"), current_assets=cny("2500000"),
                         current_liabilities=cny("1000000"), total_assets=cny("6000000"),
                         total_liabilities=cny("3000000"))  # fmt: skip
    financials = survey(h, "S-2", figures)

    # 25 years in business: 1000×10 instead of 400×10 → 875, A
    assert types(founded) == ["CreditSurveyRecorded", "CreditRated"]
    assert (founded.events[1].rating, founded.events[1].score) == ("A", 875)
    assert founded.events[1].reason == "survey"
    assert same_again.events == []
    # current ratio 2.5: 1000×5 instead of 500×5 → 900
    assert (financials.events[1].rating, financials.events[1].score) == ("A", 900)
    contributions = {c.factor: c for c in financials.events[1].contributions}
    assert contributions["years_in_business"].value == "25.00"
    assert contributions["current_ratio"].value == "2.50"


def test_a_grade_a_customer_earns_its_quarters_rebate_once_at_the_next_quarters_review() -> None:
    h = history()
    on_time_quarter(h)
    survey(h, "S-1", Founded(established_on=dt.date(2001, 3, 1)))

    october = h.apply(Rate(customer_id=CUSTOMER, reason="monthly", month="2026-10"))
    november = h.apply(Rate(customer_id=CUSTOMER, reason="monthly", month="2026-11"))
    october_again = h.apply(Rate(customer_id=CUSTOMER, reason="monthly", month="2026-10"))

    rebates = [e for e in october.events if isinstance(e, RewardCreditGranted)]
    # 0.5 % of 30,000.00 purchased in 2026-Q3
    assert [(r.grant_id, r.kind, r.period, r.credit) for r in rebates] == [
        ("rebate:2026-Q3:CNY", "rebate", "2026-Q3", cny("150.00")),
    ]
    assert not [e for e in november.events if isinstance(e, RewardCreditGranted)]
    assert october_again.events == []


def test_a_grade_b_customer_earns_no_rebate() -> None:
    h = history()
    on_time_quarter(h)

    october = h.apply(Rate(customer_id=CUSTOMER, reason="monthly", month="2026-10"))

    assert last_rating(h).rating == "B"
    assert not [e for e in october.events if isinstance(e, RewardCreditGranted)]
