"""A statement's message carries the customer's signed links as invoicing made them: the
request copies them from ``StatementIssued`` and both languages print them in full."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from decimal import Decimal

import pytest

from services.notifications.adapters.templates.renderer import JinjaRenderer
from services.notifications.adapters.templates.variables import SAMPLE_FACTS
from services.notifications.entrypoints.statements import statement_request
from shared.contracts.invoicing import StatementIssued
from shared.contracts.money import Money

BASE = "https://accounts.example.test/invoicing/customers/C-1/statements/s-1"
CONFIRM = f"{BASE}/confirm?token={'a' * 64}&expires=2027-01-30"
DISPUTE = f"{BASE}/dispute-lines?token={'a' * 64}&expires=2027-01-30"


def issued(**links: str) -> StatementIssued:
    return StatementIssued(
        event_id=uuid.uuid4(), occurred_at=dt.datetime(2026, 11, 1, tzinfo=dt.UTC),
        aggregate_id="C-1", aggregate_version=3, correlation_id=uuid.uuid4(), causation_id=None,
        producer="invoicing", customer_id="C-1", statement_id="s-1",
        period_from=dt.date(2026, 10, 1), period_to=dt.date(2026, 11, 1),
        opening_balances=(), closing_balances=(Money.of(Decimal("880.00"), "CNY"),), lines=1,
        open_items=1, **links,
    )  # fmt: skip


def test_the_request_carries_the_statements_signed_links() -> None:
    request = statement_request(issued(confirm_url=CONFIRM, dispute_url=DISPUTE))
    assert (request.confirm_link, request.dispute_link) == (CONFIRM, DISPUTE)
    assert statement_request(issued()).confirm_link is None  # a statement from before links


@pytest.mark.parametrize("language", ["zh-CN", "en"])
def test_the_statement_cover_prints_both_links_in_full(language: str) -> None:
    facts = dataclasses.replace(SAMPLE_FACTS, confirm_link=CONFIRM, dispute_link=DISPUTE)
    body = JinjaRenderer().render("statement_cover", language, facts).body
    assert CONFIRM in body and DISPUTE in body
    without = dataclasses.replace(SAMPLE_FACTS, confirm_link="", dispute_link="")
    assert "/statements/" not in JinjaRenderer().render("statement_cover", language, without).body
