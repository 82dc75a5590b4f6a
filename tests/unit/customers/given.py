"""Given events → when a command → then events, for the customer aggregate."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from typing import Any

from services.customers.domain.commands import ChangeConsent, RegisterCustomer
from services.customers.domain.decide import Decide
from services.customers.domain.state import CustomerState, evolve, initial
from shared.aggregate import Decision, Stamp
from shared.contracts import Event

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


class History:
    """A customer's events so far; ``when`` decides, ``apply`` also records the events."""

    def __init__(self) -> None:
        self.events: list[Event] = []

    @property
    def state(self) -> CustomerState:
        state = initial(CUSTOMER)
        for event in self.events:
            state = evolve(state, event)
        return state

    def when(self, decide: Decide) -> Decision:
        stamp = Stamp(
            aggregate_id=CUSTOMER,
            version=len(self.events),
            now=NOW,
            producer="customers",
            correlation_id=uuid.uuid4(),
            causation_id=None,
            seed=str(uuid.uuid4()),
        )
        return decide(self.state, stamp)

    def apply(self, decide: Decide) -> Decision:
        decision = self.when(decide)
        self.events.extend(decision.events)
        return decision

    def given(self, decides: Iterable[Decide]) -> History:
        for decide in decides:
            self.apply(decide)
        return self


def types(decision: Decision) -> list[str]:
    return [event.type for event in decision.events]
