"""The fixed variable set a template may use, formatted as text (``docs/templates.md``)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import unicodedata
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from services.notifications.domain.banned import DEBT_WORDS
from services.notifications.domain.facts import ReminderFacts
from services.notifications.domain.legal_notice import time_barred_disclosure, wording_findings
from services.notifications.domain.packs import pack_for
from shared.contracts import Money
from shared.contracts.money import minor_units
from shared.contracts.notifications import InstalmentRef, InvoiceRef, PromiseRef


@dataclass(frozen=True)
class SenderProfile:
    """Who the message is from: a business name that does not reveal collection, a person
    to ask for and a number to call back (R6); the creditor's legal name, postal address
    and contact, printed on every message. Configure per deployment; checked at start by
    :func:`check_sender_profile`."""

    business_name: str = "Accounts Office"
    sender_person: str = "Lin Yue"
    callback_number: str = "+86 21 5555 0100"
    creditor_name: str = "Huikuan Demo Trading Co., Ltd."
    creditor_address: str = "88 Century Avenue, Pudong, Shanghai 200120, China"
    creditor_contact: str = "+86 21 5555 0100, accounts@huikuan.example"


class SenderProfileRefused(ValueError):
    """A sender setting that cannot go on a message (names the setting and the rule)."""


_LIMITS = {"business_name": 60, "sender_person": 40, "callback_number": 30,
           "creditor_name": 120, "creditor_address": 200, "creditor_contact": 120}  # fmt: skip


def check_sender_profile(profile: SenderProfile) -> SenderProfile:
    """Every sender setting present, one line, not too long, free of banned wording (R5);
    the business name reveals no collection (R6). Raises :class:`SenderProfileRefused`."""
    for name, limit in _LIMITS.items():
        value: str = getattr(profile, name)
        setting = f"HUIKUAN_NOTIFICATIONS_{name.upper()}"
        if not value.strip():
            raise SenderProfileRefused(f"{setting} is empty: every message must state it")
        if len(value) > limit:
            raise SenderProfileRefused(f"{setting} is {len(value)} characters, at most {limit}")
        if any(unicodedata.category(c).startswith("C") for c in value):
            raise SenderProfileRefused(f"{setting} holds a line break or control character")
        found = wording_findings(value)
        if found:
            raise SenderProfileRefused(f"{setting} carries banned wording: {found[0]}")
    if DEBT_WORDS.search(profile.business_name):
        raise SenderProfileRefused(
            "HUIKUAN_NOTIFICATIONS_BUSINESS_NAME reveals collection (R6): "
            f"{DEBT_WORDS.search(profile.business_name).group(0)!r}"  # type: ignore[union-attr]
        )
    return profile


LONGEST_NAMES = {
    # Realistic worst cases the catalogue must fit (SMS length, lock-screen previews).
    "en": "Northern Hemisphere Industrial Refrigeration & Cold Chain Logistics (Holdings) "
    "Limited, attn. Accounts Payable Department",
    "zh-CN": "中国北方工业冷链物流与制冷设备集团股份有限公司财务部应付账款组",
}  # fmt: skip
LONGEST_AMOUNT = Decimal("9999999999.99")


def format_money(money: Money) -> str:
    """``CNY 12,345.00``: grouped, with the currency's own decimal places."""
    places = minor_units(money.currency)
    amount = money.amount.quantize(Decimal(1).scaleb(-places))
    return f"{money.currency} {amount:,.{places}f}"


def format_date(day: date, language: str) -> str:
    if language == "zh-CN":
        return f"{day.year}年{day.month}月{day.day}日"
    return f"{day.day} {day:%B} {day.year}"


def context_of(
    facts: ReminderFacts, language: str, sender: SenderProfile, notice: str = ""
) -> dict[str, Any]:
    """Every variable a template may read, and nothing else (all plain text / lists).

    ``notice`` is the fixed ``legal_notice`` text the request allows (see
    :mod:`services.notifications.domain.legal_notice`)."""

    def when(day: date) -> str:
        return format_date(day, language)

    promise, plan_total = facts.promise, facts.plan_total
    return {
        "recipient_name": facts.recipient_name.strip(),
        "reference": facts.reference,
        "invoices": [{"number": i.external_number, "due_date": when(i.due_date),
                      "outstanding": format_money(i.outstanding)} for i in facts.invoices],
        "invoice_count": len(facts.invoices),
        "total_outstanding": format_money(facts.total_outstanding),
        "promise": {"amount": format_money(promise.amount), "due_on": when(promise.due_on)}
        if promise else None,
        "instalments": [{"number": i.number, "due_on": when(i.due_on),
                         "amount": format_money(i.amount)} for i in facts.instalments],
        "plan_total": format_money(plan_total) if plan_total else "",
        "formal_demand": facts.formal_demand,
        "reply_by": when(facts.reply_by) if facts.reply_by else "",
        "payment_link": facts.payment_link,
        "unsubscribe_link": facts.unsubscribe_link,
        "confirm_link": facts.confirm_link,
        "dispute_link": facts.dispute_link,
        "business_name": sender.business_name,
        "sender_person": sender.sender_person,
        "callback_number": sender.callback_number,
        "creditor_name": sender.creditor_name,
        "creditor_address": sender.creditor_address,
        "creditor_contact": sender.creditor_contact,
        "letter_date": when(facts.today) if facts.today else "",
        "legal_notice": notice,
        "time_barred_disclosure": time_barred_disclosure(
            language, sender.creditor_name,
            required=facts.time_barred and pack_for(facts.jurisdiction).time_barred_disclosure,
        ),
    }  # fmt: skip


def _cny(amount: str) -> Money:
    return Money(amount=Decimal(amount), currency="CNY")


SAMPLE_FACTS = ReminderFacts(
    recipient_name="Li Wei",
    invoices=(InvoiceRef(invoice_id="inv-1", external_number="INV-2026-0001",
                         due_date=dt.date(2026, 10, 1), outstanding=_cny("1200.00")),
              InvoiceRef(invoice_id="inv-2", external_number="INV-2026-0002",
                         due_date=dt.date(2026, 10, 15), outstanding=_cny("800.50"))),
    total_outstanding=_cny("2000.50"),
    reference="7c9e6679-7425-40de-944b-e07fc1f90ae7",
    promise=PromiseRef(promise_id="p-1", amount=_cny("1000.00"), due_on=dt.date(2026, 11, 20)),
    instalments=tuple(InstalmentRef(number=n, due_on=dt.date(2026, 11 + n // 2, 1 + n),
                                    amount=_cny("500.00")) for n in range(1, 4)),
    formal_demand=True,
    reply_by=dt.date(2026, 11, 30),
    payment_link="https://pay.example/r/req-sample",
    unsubscribe_link="https://example/u/req-sample",
    confirm_link="https://invoicing.example/customers/C-1/statements/s-1/confirm?token=t&expires=2027-02-27",
    dispute_link="https://invoicing.example/customers/C-1/statements/s-1/dispute-lines?token=t&expires=2027-02-27",
    legal_steps=("agency", "legal"),
    today=dt.date(2026, 11, 16),
)  # fmt: skip


def sample_facts(language: str) -> tuple[ReminderFacts, ...]:
    """What the linter renders every template with: the longest realistic names, amounts
    and dates (SMS length, lock-screen parts), with every legal step configured, and on a
    time-barred debt in a jurisdiction that asks for its disclosure."""
    longest = _cny(str(LONGEST_AMOUNT))
    september = dt.date(2026, 9, 30)  # the longest month name, a two-digit day
    worst = dataclasses.replace(
        SAMPLE_FACTS,
        recipient_name=LONGEST_NAMES.get(language, LONGEST_NAMES["en"]),
        invoices=tuple(i.model_copy(update={"outstanding": longest, "due_date": september})
                       for i in SAMPLE_FACTS.invoices),
        total_outstanding=longest,
        promise=PromiseRef(promise_id="p-1", amount=longest, due_on=september),
        instalments=tuple(i.model_copy(update={"amount": longest, "due_on": september})
                          for i in SAMPLE_FACTS.instalments),
        reply_by=september,
        today=september,
    )  # fmt: skip
    return (worst, dataclasses.replace(worst, time_barred=True, jurisdiction="us"))
