"""A payment-plan message states the plan's total: the sum of its instalments, as printed.

The request's overdue total may hold a disputed invoice the plan leaves out; the message
must not print that figure as the plan's total.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest

from services.notifications.adapters.templates.renderer import JinjaRenderer
from services.notifications.domain.facts import ReminderFacts
from shared.contracts import Money
from shared.contracts.notifications import InstalmentRef
from tests.unit.notifications.builders import cny, invoice

RENDERER = JinjaRenderer()
AMOUNT = re.compile(r"CNY ([\d,]+\.\d\d)")
TOTAL_LINE = {"en": "Total of the plan:", "zh-CN": "计划合计："}


def plan_facts() -> ReminderFacts:
    instalments = tuple(
        InstalmentRef(number=n, due_on=dt.date(2026, 12, 10 * n), amount=cny(amount))
        for n, amount in enumerate(("3000.00", "3000.00", "2500.50"), start=1)
    )
    disputed_and_overdue = (invoice("INV-2026-0042", "8500.50"), invoice("INV-2026-0043", "6000"))
    return ReminderFacts("李伟", disputed_and_overdue, cny("14500.50"), "req-plan",
                         instalments=instalments)  # fmt: skip


def usd(amount: str) -> Money:
    return Money(amount=Decimal(amount), currency="USD")


def amounts(line: str) -> list[Decimal]:
    return [Decimal(found.replace(",", "")) for found in AMOUNT.findall(line)]


@pytest.mark.parametrize("language", ["zh-CN", "en"])
def test_the_printed_plan_total_is_the_sum_of_the_printed_instalments(language: str) -> None:
    body = RENDERER.render("payment_plan_schedule", language, plan_facts()).body
    lines = body.splitlines()
    [total_line] = [line for line in lines if line.strip().startswith(TOTAL_LINE[language])]
    instalment_lines = [line for line in lines if AMOUNT.search(line) and line != total_line]

    printed = [amount for line in instalment_lines for amount in amounts(line)]
    assert printed == [Decimal("3000.00"), Decimal("3000.00"), Decimal("2500.50")]
    assert amounts(total_line) == [sum(printed)] == [Decimal("8500.50")]
    assert "14,500.50" not in body  # the overdue total, disputed invoice included


def test_a_plan_in_two_currencies_is_not_one_total() -> None:
    facts = plan_facts()
    dollars = InstalmentRef(number=4, due_on=dt.date(2027, 1, 10), amount=usd("100.00"))
    mixed = (*facts.instalments, dollars)
    with pytest.raises(ValueError, match="currenc"):
        _ = ReminderFacts("李伟", (), cny("1"), "r", instalments=mixed).plan_total
