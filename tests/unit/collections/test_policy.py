"""The dunning policy as versioned YAML: validated at load, chosen per customer / segment,
in force from its effective date, with exemptions per customer and per invoice."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from services.collections.adapters.policy_files import (
    SHIPPED,
    PolicyRejected,
    load_book,
    parse_policy,
)
from services.collections.domain import events as ev
from services.collections.domain.book import PolicyBook
from shared.contracts import collections as c
from tests.unit.collections.given import (
    BOOK,
    History,
    Invoices,
    day,
    one,
    overdue_debtor,
    registered,
    requested_templates,
    types,
)

BAD = """
id: broken
version: b-1
effective_from: 2026-13-01
levels:
  - level: 2
    name: x
    when: {days_past_due: soon}
    actions:
      - {kind: reminder, template: threaten_debtor}
      - {kind: fax}
"""


def test_the_shipped_policies_load_for_cn_us_eu_uk_and_key_accounts() -> None:
    book = load_book(SHIPPED)
    ids = {(p.id, p.applies_to.jurisdictions, p.applies_to.segments) for p in book.policies}
    assert ids == {("cn-default", ("cn",), ()), ("us-default", ("us",), ()),
                   ("eu-default", ("eu",), ()), ("uk-default", ("uk",), ()),
                   ("key-account", (), ("key_account",))}  # fmt: skip
    assert book.for_debtor("C-1", None, "us", day(12, 1)).limitation.years == 4
    assert book.for_debtor("C-1", None, "cn", day(12, 1)).limitation.years == 3


def test_a_bad_policy_is_refused_at_load_with_the_path_and_reason_of_every_error() -> None:
    with pytest.raises(PolicyRejected) as refused:
        parse_policy(BAD, "bad.yaml")
    problems = refused.value.problems
    where = {p.split(": ")[1] for p in problems}
    assert {"effective_from", "levels.0.when.days_past_due", "levels.0.actions.0.reminder",
            "levels.0.actions.1"} <= where  # fmt: skip
    assert all(p.startswith("bad.yaml: ") for p in problems)
    assert any("unknown template 'threaten_debtor'" in p for p in problems)


def test_levels_out_of_order_are_refused() -> None:
    text = (SHIPPED / "cn.yaml").read_text().replace("level: 2", "level: 7")
    with pytest.raises(PolicyRejected, match="numbered 1, 2, 3"):
        parse_policy(text, "cn.yaml")


def test_a_folder_with_a_bad_file_is_refused_whole_naming_the_file(tmp_path: Path) -> None:
    (tmp_path / "cn.yaml").write_text((SHIPPED / "cn.yaml").read_text())
    (tmp_path / "bad.yaml").write_text(BAD)
    with pytest.raises(PolicyRejected, match=str(tmp_path / "bad.yaml")):
        load_book(tmp_path)


def with_version(
    version: str, effective: dt.date, template: str = "overdue_reminder_2"
) -> PolicyBook:
    text = (SHIPPED / "cn.yaml").read_text().replace("version: cn-2026.1", f"version: {version}")
    text = text.replace("effective_from: 2026-01-01", f"effective_from: {effective}")
    text = text.replace("when: {days_past_due: 15}", "when: {days_past_due: 10}")
    text = text.replace("template: overdue_reminder_2", f"template: {template}")
    return BOOK.with_version(parse_policy(text))


def test_a_new_version_applies_from_its_effective_date_and_is_recorded() -> None:
    book = with_version("cn-2027.1", day(12, 12))
    inv = Invoices()
    history = History(book=book).given(
        registered(), inv.issue("INV-1", "100.00"), inv.miss("INV-1")
    )
    assert history.review(day(12, 11)) == []  # still cn-2026.1: level 2 at 15 days
    events = history.review(day(12, 12))  # cn-2027.1: level 2 at 10 days
    assert types(events)[:2] == ["PolicyAssigned", "DunningLevelReached"]
    assert one(events, ev.PolicyAssigned).policy_version == "cn-2027.1"
    assert one(events, c.DunningLevelReached).policy_version == "cn-2027.1"


def test_a_new_version_never_resends_what_was_already_done() -> None:
    inv = Invoices()
    history = History().given(registered(), inv.issue("INV-1", "100.00"), inv.miss("INV-1"))
    history.review(day(12, 15))  # level 2 reminder sent under cn-2026.1
    history.book = with_version("cn-2027.1", day(12, 16), template="statement_cover")
    events = history.review(day(12, 16))
    assert types(events) == ["PolicyAssigned"]
    assert requested_templates(history.events).count("overdue_reminder_2") == 1


def test_a_policy_for_one_customer_wins_over_its_segment_and_jurisdiction() -> None:
    text = (SHIPPED / "us.yaml").read_text().replace("id: us-default", "id: vip")
    text = text.replace("jurisdictions: [us]", "customers: [C-1001]")
    book = BOOK.with_version(parse_policy(text))
    assert book.for_debtor("C-1001", "key_account", "cn", day(12, 1)).id == "vip"
    assert book.for_debtor("C-2", "key_account", "cn", day(12, 1)).id == "key-account"
    assert book.for_debtor("C-2", None, None, day(12, 1)).id == "cn-default"


def test_a_key_account_gets_a_reminder_three_days_before_the_due_date() -> None:
    inv = Invoices()
    start = dt.datetime(2026, 11, 20, 9, tzinfo=dt.UTC)
    history = History(now=start).given(registered_in_segment(), inv.issue("INV-1", "100.00"))
    assert history.review(day(11, 26)) == []
    events = history.review(day(11, 27))
    assert one(events, c.DunningLevelReached).state == "reminded"
    assert requested_templates(events) == ["pre_due_reminder"]
    paid = history.when(*inv.pay("INV-1", "100.00", value_date=day(11, 28)))
    assert "DebtorCleared" in types(paid)


def registered_in_segment() -> c.Event:
    event = registered()
    return event.model_copy(update={"segment": "key_account"})


def exempting(customers: str = "[]", invoices: str = "[]") -> PolicyBook:
    text = (
        SHIPPED / "cn.yaml"
    ).read_text() + f"exempt_customers: {customers}\nexempt_invoices: {invoices}\n"
    return PolicyBook.of([parse_policy(text)])


def test_an_exempt_customer_is_never_dunned() -> None:
    inv = Invoices()
    history = History(book=exempting(customers="[C-1001]")).given(
        registered(), inv.issue("INV-1", "100.00")
    )
    assert "DunningLevelReached" not in types(history.when(inv.miss("INV-1")))


def test_an_exempt_invoice_is_left_out_while_the_others_are_dunned() -> None:
    inv = Invoices()
    history = History(book=exempting(invoices="[INV-1]")).given(registered())
    history.given(inv.issue("INV-1", "100.00"), inv.issue("INV-2", "40.00"))
    assert "DunningLevelReached" not in types(history.when(inv.miss("INV-1")))
    events = history.when(inv.miss("INV-2"))
    assert str(one(events, c.DunningLevelReached).overdue) == "40.00 CNY"


def test_the_first_missed_payment_still_asks_for_overdue_reminder_1_on_email_and_log() -> None:
    history, _ = overdue_debtor()
    reminders = [e for e in history.events if e.type == "NotificationRequested"]
    assert [(r.template, r.channels) for r in reminders] == [
        ("overdue_reminder_1", ("email", "log"))
    ]  # type: ignore[attr-defined]
