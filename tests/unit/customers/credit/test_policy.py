"""Credit terms by grade with per-customer exceptions; the two-person rule for limit
increases; orders accepted, shipped and cancelled as exposure."""

from __future__ import annotations

import pytest

from services.customers.adapters.credit_files import load_credit_policy
from services.customers.domain.credit.approval import (
    LimitRequest,
    approve,
    limit_in_force,
    reject,
    request_limit,
    withdraw,
)
from services.customers.domain.credit.errors import (
    CurrencyNotInPolicy,
    LimitInOtherCurrency,
    NotTheRequester,
    RequestAlreadyDecided,
    SecondApproverRequired,
)
from services.customers.domain.credit.exposure import (
    OrderAccepted,
    OrderCancelled,
    OrderShipped,
    open_orders,
)
from services.customers.domain.credit.policy import CreditPolicy, CustomerException, terms_for
from shared.contracts.money import Money
from tests.unit.customers.credit.given import cny, day, refusal

POLICY = load_credit_policy()


def test_each_grade_has_its_terms_in_the_customers_currency() -> None:
    terms = terms_for(POLICY, "C", "CNY", day(11, 30))
    assert (terms.credit_limit, terms.payment_terms_days, terms.prepayment_percent) == (
        cny(300_000), 30, 30
    )  # fmt: skip
    assert (terms.prepayment_above, terms.max_days_overdue) == (cny(20_000), 10)
    assert terms_for(POLICY, None, "USD", day(11, 30)).credit_limit == Money(
        amount=7000, currency="USD"
    )
    with pytest.raises(CurrencyNotInPolicy):
        terms_for(POLICY, "A", "JPY", day(11, 30))


def test_an_exception_applies_from_the_day_it_is_set_until_it_expires() -> None:
    exception = CustomerException(
        payment_terms_days=60, max_days_overdue=20, reason="Seasonal: harvest pays in January",
        set_by="zhang.admin", set_on=day(11, 1), expires_on=day(2, 1, 2027),
    )  # fmt: skip
    during = terms_for(POLICY, "B", "CNY", day(1, 31, 2027), exception)
    assert (during.payment_terms_days, during.max_days_overdue, during.credit_limit) == (
        60, 20, cny(1_000_000)
    )  # fmt: skip
    assert during.exception == exception
    after = terms_for(POLICY, "B", "CNY", day(2, 1, 2027), exception)
    assert (after.payment_terms_days, after.exception) == (45, None)
    assert terms_for(POLICY, "B", "CNY", day(10, 31), exception).payment_terms_days == 45


def test_an_exception_limit_in_another_currency_is_refused() -> None:
    exception = CustomerException(
        credit_limit=Money(amount=1, currency="USD"), reason="x", set_by="a", set_on=day(1, 1)
    )
    with pytest.raises(LimitInOtherCurrency):
        terms_for(POLICY, "B", "CNY", day(11, 30), exception)


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (('    credit_limit: {CNY: "100000", USD: "14000", EUR: "12500", GBP: "11000"}\n', ""),
         "grades.D.credit_limit: Field required"),
        (('{CNY: "300000", USD: "42000", EUR: "37500", GBP: "33000"}', '{CNY: "300000"}'),
         "C: credit_limit names ['CNY'], the policy ['CNY', 'EUR', 'GBP', 'USD']"),
        (("prepayment_percent: 50\n    max_days", "prepayment_percent: 150\n    max_days"),
         "grades.D.prepayment_percent: Input should be less than or equal to 100"),
        (("\nover_limit: prepay_excess", "\nover_limit: shrug"), "over_limit: Input should be"),
    ],
)  # fmt: skip
def test_a_bad_credit_policy_is_refused_with_the_path_and_reason(
    change: tuple[str, str], problem: str
) -> None:
    problems = refusal("policy.yaml", CreditPolicy, change)
    assert any(p.startswith("policy.yaml: ") and problem in p for p in problems), problems


def ask(current: int, requested: int, by: str = "zhang.admin") -> LimitRequest:
    return request_limit(
        POLICY, "LR-1", cny(current), cny(requested), "Bigger orders for 2027", by, day(11, 30)
    )


def test_a_small_increase_or_any_decrease_takes_effect_at_once() -> None:
    # second_admin_above is 200 000 CNY
    for current, requested in ((300_000, 500_000), (300_000, 100_000)):
        request = ask(current, requested)
        assert (request.status, request.needs_second_admin) == ("approved", False)
        assert limit_in_force(request) == cny(requested)


def test_a_large_increase_waits_for_a_second_admin() -> None:
    request = ask(300_000, 500_001)
    assert (request.status, limit_in_force(request)) == ("requested", cny(300_000))
    with pytest.raises(SecondApproverRequired):
        approve(request, "zhang.admin", day(12, 1))
    approved = approve(request, "li.admin", day(12, 1), "Guarantee on file")
    assert (approved.status, approved.decided_by, approved.decided_on) == (
        "approved", "li.admin", day(12, 1)
    )  # fmt: skip
    assert limit_in_force(approved) == cny(500_001)
    with pytest.raises(RequestAlreadyDecided):
        reject(approved, "wang.admin", day(12, 2), "too late")


def test_a_second_admin_may_reject_and_only_the_requester_withdraw() -> None:
    request = ask(300_000, 900_000)
    with pytest.raises(SecondApproverRequired):
        reject(request, "zhang.admin", day(12, 1), "changed my mind")
    rejected = reject(request, "li.admin", day(12, 1), "No financials since 2024")
    assert (rejected.status, rejected.note, limit_in_force(rejected)) == (
        "rejected", "No financials since 2024", cny(300_000)
    )  # fmt: skip
    with pytest.raises(NotTheRequester):
        withdraw(request, "li.admin", day(12, 1))
    assert withdraw(request, "zhang.admin", day(12, 1)).status == "withdrawn"


def test_orders_accepted_but_not_invoiced_are_the_open_exposure() -> None:
    facts = [
        OrderAccepted(order_id="SO-1", amount=cny(100_000), accepted_on=day(11, 1)),
        OrderShipped(order_id="SO-1", shipment_id="D-1", amount=cny(30_000), shipped_on=day(11, 5)),
        OrderShipped(order_id="SO-1", shipment_id="D-1", amount=cny(30_000), shipped_on=day(11, 5)),
        OrderAccepted(order_id="SO-2", amount=cny(50_000), accepted_on=day(11, 2)),
        OrderCancelled(order_id="SO-2", cancelled_on=day(11, 3)),
        OrderAccepted(order_id="SO-3", amount=cny(10_000), accepted_on=day(11, 4)),
        OrderAccepted(order_id="SO-3", amount=cny(12_000), accepted_on=day(11, 6), revision=2),
        OrderShipped(order_id="SO-4", shipment_id="D-9", amount=cny(5_000), shipped_on=day(11, 7)),
    ]
    expected = [("SO-1", cny(70_000)), ("SO-3", cny(12_000))]
    assert [(o.order_id, o.open) for o in open_orders(facts)] == expected
    assert [(o.order_id, o.open) for o in open_orders(reversed(facts))] == expected
