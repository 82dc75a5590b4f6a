"""Rails R2, R3 (one confirmation), R4, R6, R7, R9 and R1 for location inquiries."""

from __future__ import annotations

from datetime import time

import pytest

from services.notifications.domain.recipient import Slot
from tests.unit.notifications.gate_builders import (
    ask,
    history,
    rule_of,
    sent,
    shanghai,
)

MONDAY_10 = shanghai(2, 10)


# R2 — a represented debtor is reached through the lawyer only


@pytest.mark.parametrize("role", ["debtor_staff", "guarantor"])
def test_a_represented_debtors_own_contacts_are_suppressed(role: str) -> None:
    verdict = ask(MONDAY_10, represented=True, role=role)
    assert rule_of(verdict) == ("suppress", "R2", "represented")


def test_the_lawyer_of_a_represented_debtor_is_still_written_to() -> None:
    assert ask(MONDAY_10, represented=True, role="lawyer").outcome == "allow"


def test_a_contact_flagged_represented_is_suppressed_even_without_the_debtor_flag() -> None:
    verdict = ask(MONDAY_10, represented_by_lawyer=True)
    assert rule_of(verdict) == ("suppress", "R2", "represented")


# R3 — STOP → one confirmation, then nothing on that channel


def test_after_stop_one_confirmation_is_allowed_then_suppressed_then_all_else_suppressed() -> None:
    opted_out = {"sms": False, "email": True}
    first = ask(MONDAY_10, channel="sms", template="opt_out_confirmation", consent=opted_out)
    assert first.outcome == "allow"

    past = history(sent(MONDAY_10, "req-confirm", "opt_out_confirmation", channel="sms"))
    later = shanghai(2, 11)
    second = ask(later, channel="sms", template="opt_out_confirmation", consent=opted_out,
                 past=past)  # fmt: skip
    reminder = ask(later, channel="sms", consent=opted_out, past=past)
    assert rule_of(second) == ("suppress", "R3", "confirmation_already_sent")
    assert rule_of(reminder) == ("suppress", "R3", "opted_out")


def test_an_opt_out_confirmation_without_an_opt_out_is_not_sent() -> None:
    verdict = ask(MONDAY_10, channel="sms", template="opt_out_confirmation")
    assert rule_of(verdict) == ("suppress", "R3", "no_opt_out_to_confirm")


def test_an_opt_out_confirmation_is_not_held_back_by_the_spacing_or_holidays() -> None:
    past = history(sent(shanghai(2, 9), "req-earlier"))
    national_day = shanghai(1, 10, month=10)
    for when, previous in ((MONDAY_10, past), (national_day, None)):
        verdict = ask(when, channel="sms", template="opt_out_confirmation",
                      consent={"sms": False}, past=previous)  # fmt: skip
        assert verdict.outcome == "allow"


# R4 — cease contact


@pytest.mark.parametrize("template", ["overdue_reminder_1", "demand_letter", "promise_broken"])
def test_after_a_cease_contact_request_dunning_is_suppressed(template: str) -> None:
    verdict = ask(MONDAY_10, template=template, channel="log", cease_contact=True)
    assert rule_of(verdict) == ("suppress", "R4", "cease_contact")


def test_after_a_cease_contact_request_a_named_remedy_notice_may_still_go() -> None:
    verdict = ask(MONDAY_10, template="supply_halt_notice", cease_contact=True)
    assert verdict.outcome == "allow"


# R6 — shared channels get limited content only


def test_a_full_reminder_to_a_shared_phone_is_suppressed() -> None:
    verdict = ask(MONDAY_10, channel="sms", shared_channels=frozenset({"sms"}))
    assert rule_of(verdict) == ("suppress", "R6", "limited_content_only")


def test_the_limited_template_may_go_to_a_shared_phone() -> None:
    verdict = ask(MONDAY_10, channel="sms", template="limited_content",
                  shared_channels=frozenset({"sms"}))  # fmt: skip
    assert verdict.outcome == "allow"


# R7 — channel policy


@pytest.mark.parametrize(("template", "channel"), [
    ("demand_letter", "sms"), ("demand_letter", "email"), ("limited_content", "email"),
    ("overdue_reminder_1", "letter"), ("limited_content", "webhook"),
])  # fmt: skip
def test_a_template_never_travels_on_a_channel_it_was_not_written_for(
    template: str, channel: str
) -> None:
    verdict = ask(MONDAY_10, template=template, channel=channel)
    assert rule_of(verdict) == ("suppress", "R7", "channel_not_allowed")


def test_a_demand_goes_by_letter() -> None:
    assert ask(MONDAY_10, template="demand_letter", channel="letter").outcome == "allow"


# R9 — inconvenient times and channels


def test_nothing_is_sent_in_a_slot_the_debtor_named_inconvenient() -> None:
    lunch = Slot(start=time(9, 30), end=time(11, 15))
    verdict = ask(MONDAY_10, inconvenient=(lunch,))
    assert rule_of(verdict) == ("defer", "R9", "inconvenient_time")
    assert verdict.until == shanghai(2, 11, 15)


def test_an_overnight_slot_pushes_past_the_next_morning() -> None:
    evenings = Slot(start=time(18), end=time(9))
    verdict = ask(shanghai(2, 19), inconvenient=(evenings,))
    assert verdict.until == shanghai(3, 9)


def test_a_slot_for_another_weekday_or_channel_does_not_hold_a_message() -> None:
    tuesdays = Slot(start=time(0), end=time(23, 59), weekdays=frozenset({1}))
    sms_only = Slot(start=time(0), end=time(23, 59), channels=frozenset({"sms"}))
    assert ask(MONDAY_10, inconvenient=(tuesdays, sms_only)).outcome == "allow"


def test_a_channel_the_debtor_named_inconvenient_is_suppressed() -> None:
    verdict = ask(MONDAY_10, channel="sms", inconvenient_channels=frozenset({"sms"}))
    assert rule_of(verdict) == ("suppress", "R9", "inconvenient_channel")


# R1 — a third party, and T5


def test_a_third_party_gets_no_reminder() -> None:
    assert rule_of(ask(MONDAY_10, role="neighbour")) == ("suppress", "R1", "third_party")
