"""Given events → when a command → then events, for the customer aggregate."""

from __future__ import annotations

import datetime as dt
from typing import Any

from services.customers.domain.commands import (
    ChangeConsent,
    Command,
    ErasePersonalData,
    LiftLegalHold,
    PlaceLegalHold,
    RecordCeaseRequest,
    RegisterCustomer,
    SetContactPreferences,
    WithdrawCeaseRequest,
)
from services.customers.domain.decide import decide
from services.customers.domain.state import CustomerState, evolve, initial
from tests.support.given import History as GivenHistory
from tests.support.given import types as types  # re-exported for the tests

NOW = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)
CUSTOMER = "C-1001"


def contact(**changes: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "name": "王小明",
        "email": "xiaoming.wang@example.cn",
        "phone": "+8613800138000",
        "language": "zh-CN",
        "timezone": "Asia/Shanghai",
        "role": "debtor_staff",
        "consent": {"email": True, "sms": False},
    }
    return {**fields, **changes}


def register(*contacts: dict[str, Any], **changes: Any) -> RegisterCustomer:
    fields: dict[str, Any] = {
        "customer_id": CUSTOMER,
        "legal_name": "上海示例贸易有限公司",
        "jurisdiction": "cn",
        "currency": "CNY",
        "contacts": contacts or (contact(),),
    }
    return RegisterCustomer.model_validate({**fields, **changes})


def consent(channel: str, given: bool, contact_id: str = "ct-1") -> ChangeConsent:
    return ChangeConsent.model_validate(
        {
            "customer_id": CUSTOMER,
            "contact_id": contact_id,
            "channel": channel,
            "consent": given,
            "source": "sms_stop",
        }
    )


def cease(received_on: dt.date = dt.date(2026, 11, 1), contact_id: str = "ct-1",
          source: str = "letter") -> RecordCeaseRequest:  # fmt: skip
    return RecordCeaseRequest(
        customer_id=CUSTOMER, contact_id=contact_id, received_on=received_on, source=source
    )


def withdraw(received_on: dt.date = dt.date(2026, 11, 2), contact_id: str = "ct-1",
             source: str = "letter") -> WithdrawCeaseRequest:  # fmt: skip
    return WithdrawCeaseRequest(
        customer_id=CUSTOMER, contact_id=contact_id, received_on=received_on, source=source
    )


def preferences(contact_id: str = "ct-1", **fields: Any) -> SetContactPreferences:
    return SetContactPreferences.model_validate(
        {"customer_id": CUSTOMER, "contact_id": contact_id, "preferences": fields}
    )


def hold(reason: str = "litigation", reference: str = "(2026)沪0105民初1234号") -> PlaceLegalHold:
    return PlaceLegalHold.model_validate(
        {"customer_id": CUSTOMER, "reason": reason, "reference": reference}
    )


def lift() -> LiftLegalHold:
    return LiftLegalHold(customer_id=CUSTOMER)


def erase(
    basis: str = "data_subject_request", reference: str = "DSR-2026-0042"
) -> ErasePersonalData:
    return ErasePersonalData.model_validate(
        {"customer_id": CUSTOMER, "basis": basis, "reference": reference}
    )


class History(GivenHistory[CustomerState, Command]):
    def __init__(self) -> None:
        super().__init__(CUSTOMER, initial, evolve, decide, "customers", NOW)
