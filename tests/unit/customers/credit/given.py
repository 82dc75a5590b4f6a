"""Builders of credit-file values for the tests: a customer, facts, terms, a day."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from pydantic import BaseModel

from services.customers.adapters.credit_files import SHIPPED
from services.customers.domain.credit.basic import BasicInformation
from services.customers.domain.credit.facts import InvoicePaid, OpenItem, PromiseOutcome
from shared.config_files import ConfigRejected, parse_yaml_document
from shared.contracts.money import Money

USCC = "91350100M000100Y43"


def day(month: int, dd: int, year: int = 2026) -> dt.date:
    return dt.date(year, month, dd)


def cny(amount: str | int) -> Money:
    return Money(amount=Decimal(str(amount)), currency="CNY")


def address(**changes: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "country": "CN",
        "region": "广东省",
        "city": "深圳市",
        "district": "南山区",
        "street": ["科技园南区科苑路 15 号"],
        "postal_code": "518057",
    }
    return {**fields, **changes}


def basic(**changes: Any) -> BasicInformation:
    fields: dict[str, Any] = {
        "customer_id": "C-1001",
        "legal_name": "深圳市海川贸易有限公司",
        "registration": {"country": "CN", "number": USCC},
        "registered_address": address(),
        "jurisdiction": "cn",
        "currency": "CNY",
    }
    return BasicInformation.model_validate({**fields, **changes})


def paid(invoice: str, due: dt.date, paid_on: dt.date, amount: str = "10000") -> InvoicePaid:
    return InvoicePaid(invoice_id=invoice, amount=cny(amount), due_date=due, paid_on=paid_on)


def promise(promise_id: str, outcome: str, on: dt.date) -> PromiseOutcome:
    return PromiseOutcome.model_validate(
        {"promise_id": promise_id, "amount": cny(5000), "due_on": on, "outcome": outcome,
         "decided_on": on}
    )  # fmt: skip


def open_item(
    invoice: str, due: dt.date, amount: str = "10000", disputed: bool = False
) -> OpenItem:
    return OpenItem(invoice_id=invoice, outstanding=cny(amount), due_date=due, disputed=disputed)


def refusal(shipped: str, model: type[BaseModel], change: tuple[str, str]) -> list[str]:
    """The problems named when the shipped document ``shipped`` is loaded with ``change``."""
    text = (SHIPPED / shipped).read_text(encoding="utf-8").replace(*change, 1)
    with pytest.raises(ConfigRejected) as refused:
        parse_yaml_document(text, model, shipped)
    return refused.value.problems
