"""B2B opt-out is per contact and channel: one mailbox's 退订 ends e-mail to that mailbox
only; the company's other contacts, and the same contact's other channels, go on, and the
confirmation says so."""

from __future__ import annotations

import datetime as dt

import pytest

from services.notifications.adapters.templates.renderer import JinjaRenderer
from services.notifications.adapters.templates.variables import sample_facts
from services.notifications.domain.commands import TakeRequest
from services.notifications.domain.decide import decide
from services.notifications.domain.gate import Gate
from services.notifications.domain.judge import Policy
from services.notifications.domain.state import initial
from tests.unit.notifications.builders import audience, recipient, requested

DAYTIME = dt.datetime(2026, 11, 3, 2, 0, tzinfo=dt.UTC)  # Tuesday 10:00 in Shanghai
POLICY = Policy(Gate(), frozenset({"email", "sms", "log"}))
RENDERER = JinjaRenderer()
BOTH = {"reachable": frozenset({"email", "sms"})}


def test_one_contacts_email_opt_out_leaves_other_contacts_and_channels_going() -> None:
    payables = recipient("ct-ap", consent={"email": False, "sms": True}, **BOTH)
    treasurer = recipient("ct-cfo", consent={"email": True, "sms": True}, **BOTH)
    request = requested(channels=("email", "sms"))
    decision = decide(initial("req-1"), TakeRequest(request=request,
                      audience=audience(payables, treasurer)), DAYTIME, POLICY)  # fmt: skip
    outcome = {(e.channel, e.contact_id): (e.type, getattr(e, "rule", None))  # type: ignore[attr-defined]
               for e in decision.events[1:]}  # fmt: skip
    assert outcome[("email", "ct-ap")] == ("NotificationSuppressed", "R3")
    assert outcome[("sms", "ct-ap")][0] == "NotificationAllowed"  # the same person by SMS
    assert outcome[("email", "ct-cfo")][0] == "NotificationAllowed"  # a colleague by e-mail
    assert outcome[("sms", "ct-cfo")][0] == "NotificationAllowed"


@pytest.mark.parametrize(
    ("language", "only_this", "others_go_on"),
    [
        ("en", "Only this address has opted out", "Other contacts of your company"),
        ("zh-CN", "本次退订仅对此邮箱有效", "贵司其他联系人"),
    ],
)
def test_the_confirmation_says_other_contacts_and_channels_continue(
    language: str, only_this: str, others_go_on: str
) -> None:
    facts = sample_facts(language)[0]
    email = RENDERER.render("opt_out_confirmation", language, facts, channel="email")
    assert only_this in email.body and others_go_on in email.body
    sms = RENDERER.render("opt_out_confirmation", language, facts, channel="sms")
    assert ("Other contacts" if language == "en" else "其他联系人") in sms.body
