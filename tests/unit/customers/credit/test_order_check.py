"""The order credit check answers approve / approve with prepayment X % / hold, with every
reason, under the shipped credit policy (limits in CNY: A 2 000 000, B 1 000 000,
C 300 000 with 30 % prepaid above 20 000, D 100 000 with 50 % on every order, E held,
unrated 50 000 with 50 % above 20 000; days overdue before a hold: A 30, B 15, C 10)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from services.customers.adapters.credit_files import load_credit_policy
from services.customers.domain.credit.check import (
    CreditCheck,
    OrderToCheck,
    check_order,
    shipment_control,
)
from services.customers.domain.credit.exposure import OpenOrder
from services.customers.domain.credit.policy import CustomerException, terms_for
from services.customers.domain.credit.scorecard import Grade
from shared.contracts.money import Money
from tests.unit.customers.credit.given import cny, day, open_item

POLICY = load_credit_policy()
TODAY = day(11, 30)
NOT_DUE = day(12, 31)


def check(
    grade: Grade | None,
    amount: str,
    owed: tuple[tuple[str, dt.date], ...] = (),
    orders: tuple[tuple[str, str], ...] = (),
    halted: bool = False,
    **options: Any,
) -> CreditCheck:
    policy = options.pop("policy", POLICY)
    terms = terms_for(policy, grade, "CNY", TODAY, options.pop("exception", None))
    items = [open_item(f"INV-{n}", due, amt) for n, (amt, due) in enumerate(owed)]
    items += options.pop("items", [])
    open_orders = [OpenOrder(order_id=oid, open=cny(amt)) for oid, amt in orders]
    order = OrderToCheck(order_id="SO-1", amount=options.pop("money", None) or cny(amount))
    return check_order(order, terms, items, open_orders, halted, TODAY, **options)


CASES: list[tuple[str, dict[str, Any], str, int, tuple[str, ...]]] = [
    # (why, check(...) arguments, outcome, prepayment %, reason codes)
    ("a good customer well within its limit", {"grade": "A", "amount": "100000"},
     "approve", 0, ()),
    ("B: 950 000 owed + 100 000 ordered is 50 000 over 1 000 000: half prepaid",
     {"grade": "B", "amount": "100000", "owed": (("950000", NOT_DUE),)},
     "approve_with_prepayment", 50, ("over_limit",)),
    ("C: 30 % in advance on an order above 20 000",
     {"grade": "C", "amount": "30000"}, "approve_with_prepayment", 30, ("grade_prepayment",)),
    ("C: an order of 20 000 or less ships normally", {"grade": "C", "amount": "20000"},
     "approve", 0, ()),
    ("C: 20 000 over the limit of a 30 000 order asks 66.7 → 67 %, more than the grade's 30 %",
     {"grade": "C", "amount": "30000", "owed": (("290000", NOT_DUE),)},
     "approve_with_prepayment", 67, ("grade_prepayment", "over_limit")),
    ("D: half of every order in advance", {"grade": "D", "amount": "1000"},
     "approve_with_prepayment", 50, ("grade_prepayment",)),
    ("E: every order held (and its limit is 0)", {"grade": "E", "amount": "1"}, "hold", 0,
     ("grade_hold", "over_limit")),
    ("supply halted by collections", {"grade": "A", "amount": "1000", "halted": True},
     "hold", 0, ("supply_halted",)),
    ("B: an invoice 16 days past due, more than the 15 allowed",
     {"grade": "B", "amount": "1000", "owed": (("5000", day(11, 14)),)},
     "hold", 0, ("overdue_beyond_max_days",)),
    ("B: 15 days past due is still allowed",
     {"grade": "B", "amount": "1000", "owed": (("5000", day(11, 15)),)}, "approve", 0, ()),
    ("no rating yet: a small order ships under the unrated terms",
     {"grade": None, "amount": "20000"}, "approve", 0, ("no_rating",)),
    ("no rating yet: half in advance above 20 000",
     {"grade": None, "amount": "30000"}, "approve_with_prepayment", 50, ("no_rating",)),
    ("no rating yet and over the unrated 50 000: 20 000 of 30 000 → 67 %",
     {"grade": None, "amount": "30000", "owed": (("40000", NOT_DUE),)},
     "approve_with_prepayment", 67, ("no_rating", "over_limit")),
    ("orders accepted but not invoiced count: 960 000 + 100 000 is 60 000 over",
     {"grade": "B", "amount": "100000", "orders": (("SO-0", "960000"),)},
     "approve_with_prepayment", 60, ("over_limit",)),
    ("the order checked is not counted twice when the ERP already accepted it",
     {"grade": "B", "amount": "100000", "orders": (("SO-1", "100000"),)}, "approve", 0, ()),
    ("halted, grade E and over its limit: every reason is given",
     {"grade": "E", "amount": "1000", "halted": True}, "hold", 0,
     ("supply_halted", "grade_hold", "over_limit")),
    ("A: 31 days past due, halted and overdue",
     {"grade": "A", "amount": "1000", "halted": True, "owed": (("5000", day(10, 30)),)},
     "hold", 0, ("supply_halted", "overdue_beyond_max_days")),
]  # fmt: skip


@pytest.mark.parametrize(("why", "args", "outcome", "percent", "codes"), CASES)
def test_every_credit_check_reason(
    why: str, args: dict[str, Any], outcome: str, percent: int, codes: tuple[str, ...]
) -> None:
    answer = check(**args)
    assert (answer.outcome, answer.prepayment_percent) == (outcome, percent), why
    assert tuple(sorted(r.code for r in answer.reasons)) == tuple(sorted(codes)), why


def test_the_prepayment_is_rounded_up_to_the_fen() -> None:
    # 30 % of 33 333.33 = 9 999.999 → 10 000.00
    answer = check("C", "33333.33")
    assert answer.prepayment == cny("10000.00")


def test_the_answer_shows_the_limit_the_exposure_and_the_policy() -> None:
    answer = check("B", "100000", owed=(("950000", NOT_DUE),), orders=(("SO-0", "25000.50"),))
    assert (answer.credit_limit, answer.exposure) == (cny(1_000_000), cny("975000.50"))
    # 75 000.50 over on a 100 000 order: 75.0005 % → 76 % → 76 000.00 in advance
    assert (answer.grade, answer.policy_version, answer.prepayment) == ("B", "2026.1", cny(76000))
    assert "over the limit 1000000 CNY" in answer.reasons[0].detail


def test_a_disputed_invoice_does_not_hold_orders_for_being_overdue() -> None:
    disputed = open_item("INV-9", day(1, 5), "5000", disputed=True)
    assert check("B", "1000", items=[disputed]).outcome == "approve"


def test_an_amount_owed_in_a_currency_without_a_rate_holds_the_order() -> None:
    usd = open_item("INV-9", NOT_DUE).model_copy(
        update={"outstanding": Money(amount=Decimal(1000), currency="USD")}
    )
    held = check("A", "1000", items=[usd])
    assert held.outcome == "hold"
    assert [(r.code, r.detail) for r in held.reasons] == [
        ("no_exchange_rate", "no rate from USD to CNY")
    ]
    # 1 000 USD at 7.1 = 7 100 CNY: counted, and the order ships
    rated = check("A", "1000", items=[usd], rates={"USD": Decimal("7.1")})
    assert (rated.outcome, rated.exposure) == ("approve", cny(7100))


def test_an_order_in_another_currency_is_weighed_at_its_rate() -> None:
    usd_order = Money(amount=Decimal(10000), currency="USD")
    # 45 000 CNY owed + 10 000 USD × 7 = 115 000 CNY against D's 100 000: 15 000 of 70 000
    # → 21.4 → 22 %, less than D's 50 %
    answer = check("D", "0", owed=(("45000", NOT_DUE),), money=usd_order, rates={"USD": 7})
    assert (answer.outcome, answer.prepayment_percent) == ("approve_with_prepayment", 50)
    assert answer.prepayment == Money(amount=Decimal(5000), currency="USD")
    assert {r.code: r.percent for r in answer.reasons} == {"grade_prepayment": 50, "over_limit": 22}


def test_a_policy_that_holds_over_limit_orders_holds_them() -> None:
    strict = POLICY.model_copy(update={"over_limit": "hold"})
    answer = check("B", "100000", owed=(("950000", NOT_DUE),), policy=strict)
    assert (answer.outcome, [r.code for r in answer.reasons]) == ("hold", ["over_limit"])


def test_an_exception_raises_the_limit_while_it_stands() -> None:
    exception = CustomerException(
        credit_limit=cny(600_000), reason="Bank guarantee BG-2026-114", set_by="zhang.admin",
        set_on=day(11, 1), expires_on=day(12, 31),
    )  # fmt: skip
    answer = check("C", "20000", owed=(("290000", NOT_DUE),), exception=exception)
    assert (answer.outcome, answer.credit_limit) == ("approve", cny(600_000))


@pytest.mark.parametrize(
    ("grade", "halted", "level"),
    [("A", False, "normal"), ("C", False, "prepayment"), ("D", False, "prepayment"),
     ("E", False, "hold"), ("A", True, "hold"), (None, False, "prepayment")],
)  # fmt: skip
def test_shipment_control_moves_from_normal_to_prepayment_to_hold(
    grade: Grade | None, halted: bool, level: str
) -> None:
    terms = terms_for(POLICY, grade, "CNY", TODAY)
    assert shipment_control(terms, [], halted, TODAY)[0] == level
