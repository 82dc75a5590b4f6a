from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from services.invoicing.domain.commands import IssueInvoice, RecordPayment
from services.invoicing.entrypoints.ingest import (
    IssueInvoiceMessage,
    RecordPaymentMessage,
    parse_ingest,
)
from tests.unit.invoicing.given import cny

ISSUE = {
    "type": "IssueInvoice",
    "external_number": "INV-2026-0001",
    "customer_id": "C-1001",
    "amount": {"amount": "12000.00", "currency": "CNY"},
    "issue_date": "2026-11-01",
    "due_date": "2026-11-30",
}
PAY = {
    "type": "RecordPayment",
    "payment_id": "BANK-778",
    "external_number": "INV-2026-0001",
    "amount": {"amount": "12000.00", "currency": "CNY"},
    "value_date": "2026-12-03",
}


def test_the_documented_issue_command_parses_into_the_domain_command() -> None:
    message = parse_ingest(json.dumps(ISSUE).encode())
    assert isinstance(message, IssueInvoiceMessage)
    command = message.command()
    assert type(command) is IssueInvoice
    assert command.amount == cny("12000.00") and command.external_number == "INV-2026-0001"


def test_the_documented_payment_command_parses_into_the_domain_command() -> None:
    message = parse_ingest(json.dumps(PAY).encode())
    assert isinstance(message, RecordPaymentMessage)
    assert type(message.command()) is RecordPayment
    assert message.key == "payment:BANK-778"


def with_(base: dict[str, object], **changes: object) -> bytes:
    return json.dumps({**base, **changes}).encode()


def without(base: dict[str, object], field: str) -> bytes:
    return json.dumps({k: v for k, v in base.items() if k != field}).encode()


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        (b"{not json", "json"),
        (b"[1, 2]", "object"),
        (with_(ISSUE, type="CancelInvoice"), "CancelInvoice"),
        (without(ISSUE, "type"), "type"),
        (with_(PAY, amount={"amount": "-1.00", "currency": "CNY"}), "greater than zero"),
        (with_(PAY, amount={"amount": "1.00", "currency": "XYZ"}), "unknown currency"),
        (with_(ISSUE, amount={"amount": "1.001", "currency": "CNY"}), "decimal places"),
        (without(PAY, "payment_id"), "payment_id"),
        (without(ISSUE, "due_date"), "due_date"),
        (with_(ISSUE, data="legacy"), "data"),
        (with_(ISSUE, external_number="INV/1"), "external_number"),
        (with_(PAY, value_date="2026-13-01"), "value_date"),
    ],
)
def test_malformed_ingest_commands_raise_with_the_reason(payload: bytes, reason: str) -> None:
    with pytest.raises(ValidationError) as raised:
        parse_ingest(payload)
    assert reason.lower() in str(raised.value).lower()
