"""Lawful wording passes: real next steps, a debtor's lawyer, the US time-barred disclosure,
addresses and names, promises not to do what R5 bans; legal steps can be confined to a
fixed block by policy."""

from __future__ import annotations

import pytest

from services.notifications.domain.wording import (
    Category,
    NotPermittable,
    Permit,
    check,
)

LAWFUL = [
    "If we do not receive payment, we may refer the matter to our lawyers, who may issue "
    "proceedings.",
    "我们可能依法向人民法院提起诉讼。",
    "如逾期仍未支付，我司将通过法律途径解决，并可能申请财产保全。",
    "Dear Mr Okafor, as you act for Beta Trading Ltd, we will write only to you from now on.",
    "鉴于贵方已委托律师，此后我司将仅与贵方律师联系。",
    "The law limits how long you can be sued on a debt. Because of the age of your debt, we "
    "will not sue you for it.",
    "Our office is at 4 Court Road, Reading.",
    "收件地址：北京市东城区公安街1号。",
    "Attn: Sue Chen, Accounts Payable",
    "We will never contact your employer, your family or your friends about this account.",
    "我们不会联系您的家人、朋友或同事。",
    "No collection fee, handling fee or other charge will be added to your balance.",
    "Interest accrues at 1.5% per month as set out in clause 6 of our terms and conditions.",
    "根据合同第八条约定，逾期付款违约金按每日万分之五计算。",
    "Bank charges for international transfers are payable by the sender.",
    "汇款手续费由付款方承担。",
    "If you receive a suspicious request, please report it to the police and tell us.",
    "Happy holidays to you and your family from all of us at Northwind.",
    "祝您和家人新年快乐！",
    "Our helpline is open 24/7 for technical support.",
    "Please pay the outstanding balance of EUR 12,900.00 by 15 December 2026.",
]


@pytest.mark.parametrize("text", LAWFUL)
def test_lawful_wording_passes(text: str) -> None:
    assert check(text) == [], text


NOTICE = "We may refer the matter to our lawyers, who may issue proceedings."


def test_a_legal_step_is_a_finding_when_the_policy_allows_none() -> None:
    assert {f.category for f in check(NOTICE, allowed=frozenset())} == {Category.LEGAL_STEP}


def test_a_legal_step_passes_inside_the_permitted_block_only() -> None:
    text = f"Please pay by 15 December. {NOTICE} Our lawyers may also sue you."
    block = Permit(text.index(NOTICE), text.index(NOTICE) + len(NOTICE))
    findings = check(text, allowed=frozenset(), permits=[block])
    assert [f.quote for f in findings] == ["Our lawyers may", "sue"]
    assert all(f.start >= block.end and f.category == Category.LEGAL_STEP for f in findings)


def test_abuse_cannot_be_permitted_anywhere() -> None:
    with pytest.raises(NotPermittable):
        check("We will call the police.", allowed={Category.FALSE_AUTHORITY})
    with pytest.raises(NotPermittable):
        check("x", permits=[Permit(0, 1, frozenset({Category.INSULT}))])


def test_abuse_inside_a_permitted_block_is_still_refused() -> None:
    text = "We may issue proceedings and you will go to jail."
    findings = check(text, allowed=frozenset(), permits=[Permit(0, len(text))])
    assert {f.category for f in findings} == {Category.ARREST}


def test_a_threat_disguised_as_a_promise_is_still_refused() -> None:
    assert check("We will not hesitate to call the police.")
    assert check("We won't tell your boss if you pay today.")
    assert check("别以为我们不会告诉你老板。")
