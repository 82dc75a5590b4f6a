"""Debtors in the EU and the UK are dunned by their own policies, not China's."""

from __future__ import annotations

import datetime as dt

import pytest

from shared.contracts import collections as c
from shared.contracts.customers import CustomerRegistered
from shared.contracts.notifications import NotificationRequested
from tests.unit.collections.given import BOOK, DEBTOR, History, Invoices, envelope, of_type


def registered_in(jurisdiction: str, currency: str) -> CustomerRegistered:
    return CustomerRegistered(
        **envelope(DEBTOR, 1, "customers", jurisdiction), customer_id=DEBTOR,
        jurisdiction=jurisdiction, currency=currency,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("jurisdiction", "currency", "version", "reply_days"),
    [("eu", "EUR", "eu-2026.1", 14), ("uk", "GBP", "uk-2026.1", 30)],
)
def test_an_eu_or_uk_debtor_follows_its_own_policy_to_the_demand(
    jurisdiction: str, currency: str, version: str, reply_days: int
) -> None:
    inv = Invoices()
    history = History().given(
        registered_in(jurisdiction, currency), inv.issue("INV-1", "5000.00", currency)
    )
    history.given(inv.miss("INV-1"))
    [first] = of_type(history.events, c.DunningLevelReached)
    assert first.policy_version == version
    demand_day = dt.date(2026, 11, 30) + dt.timedelta(days=30)
    events = history.review(demand_day)
    [letter] = [e for e in of_type(events, NotificationRequested) if e.formal_demand]
    assert letter.reply_by == demand_day + dt.timedelta(days=reply_days)
    assert letter.legal_steps == ("agency", "legal")


def test_the_uk_limitation_period_is_six_years_and_the_eu_default_three() -> None:
    by_id = {p.id: p for p in BOOK.policies}
    assert by_id["uk-default"].limitation.years == 6
    assert by_id["eu-default"].limitation.years == 3
