"""Unsubscribe links, opt-out words, receipts folded into evidence, the PDF bundle."""

from __future__ import annotations

import datetime as dt
import io

from pypdf import PdfReader

from services.notifications.adapters.evidence_pdf import evidence_pdf
from services.notifications.application.claims import parse_key
from services.notifications.application.evidence import (
    DebtorEvidence,
    RequestEvidence,
    messages_of,
)
from services.notifications.application.links import UnsubscribeLinks
from services.notifications.domain.message import RenderedMessage
from services.notifications.domain.optout import is_opt_out, with_opt_out

LINKS = UnsubscribeLinks("https://huikuan.example", "s3cret")
SENT_AT = "2026-11-02T02:00:00Z"


def test_an_unsubscribe_token_is_valid_only_for_its_customer_contact_and_channel() -> None:
    token = LINKS.token("C-1", "ct-1", "email")
    assert LINKS.valid("C-1", "ct-1", "email", token)
    assert not LINKS.valid("C-1", "ct-2", "email", token)
    assert not LINKS.valid("C-1", "ct-1", "sms", token)
    assert not UnsubscribeLinks("https://huikuan.example", "other").valid(
        "C-1", "ct-1", "email", token
    )
    assert LINKS.url("C-1", "ct-1", "email").endswith(f"channel=email&token={token}")


def test_during_a_rotation_new_links_use_the_new_secret_and_old_links_still_verify() -> None:
    rotated = UnsubscribeLinks("https://huikuan.example", "n3w-secret", previous="s3cret")
    old_token = LINKS.token("C-1", "ct-1", "email")

    assert rotated.token("C-1", "ct-1", "email") != old_token  # new links: new secret only
    assert rotated.valid("C-1", "ct-1", "email", old_token)
    assert rotated.valid("C-1", "ct-1", "email", rotated.token("C-1", "ct-1", "email"))
    assert not rotated.valid("C-1", "ct-2", "email", old_token)
    forged = UnsubscribeLinks("https://huikuan.example", "guess").token("C-1", "ct-1", "email")
    assert not rotated.valid("C-1", "ct-1", "email", forged)
    assert not UnsubscribeLinks("https://huikuan.example", "n3w-secret").valid(
        "C-1", "ct-1", "email", old_token
    )  # once the previous secret is dropped, old links stop working


def test_stop_退订_and_unsubscribe_in_any_case_are_opt_outs_and_other_replies_are_not() -> None:
    for reply in ("STOP", "stop", " Stop. ", "退订", "unsubscribe", "UNSUBSCRIBE！"):
        assert is_opt_out(reply), reply
    for reply in ("stop calling me at night please", "好的", "paid yesterday", ""):
        assert not is_opt_out(reply), reply


def test_every_email_gets_the_link_and_an_sms_without_opt_out_words_gets_a_stop_line() -> None:
    mail = RenderedMessage("overdue_reminder_1", "1", "en", "Reminder", "Please pay.\n")
    sms = RenderedMessage("overdue_reminder_1", "1", "zh-CN", "", "请付款。\n")
    confirmation = RenderedMessage("opt_out_confirmation", "1", "en", "Done", "Opted out.\n")

    assert (
        with_opt_out(mail, "email", "https://u").body == "Please pay.\n\nUnsubscribe: https://u\n"
    )
    assert with_opt_out(sms, "sms", None).body.endswith("STOP 退订\n")
    assert with_opt_out(confirmation, "email", "https://u") == confirmation
    assert with_opt_out(mail, "email", "https://u").content_sha256 != mail.content_sha256


def test_a_claim_key_parses_back_even_when_the_request_id_has_colons() -> None:
    assert parse_key("opt-out:C-1:ct-1:sms:sms:ct-1:1") == (
        "opt-out:C-1:ct-1:sms",
        "sms",
        "ct-1",
        1,
    )
    assert parse_key("no-attempt:sms:ct-1:x") is None


def sent_event(**extra: object) -> dict[str, object]:
    return {"type": "NotificationSent", "request_id": "req-1", "channel": "letter",
            "contact_id": "ct-1", "template": "demand_letter", "template_version": "1+abc",
            "content_sha256": "a" * 64, "masked_address": "***", "addressee_role": "debtor_staff",
            "sent_at": SENT_AT, "provider_result": "stored letters/x.pdf pdf_sha256=" + "b" * 64,
            "formal_demand": True, "idempotency_key": "req-1:letter:ct-1:1",
            "decisions": [{"rule": "R1", "outcome": "allow", "detail": "debtor_side"}],
            **extra}  # fmt: skip


def request_evidence(*events: dict[str, object]) -> RequestEvidence:
    return RequestEvidence(request_id="req-1", verified=True, events=[
        {"version": n, "event": e, "hash": f"{n:064x}", "prev": ""} for n, e in enumerate(events, 1)
    ])  # fmt: skip


def test_a_delivery_receipt_gives_a_formal_demand_its_arrival_time() -> None:
    receipt = {"type": "NotificationDelivered", "reference": "req-1:letter:ct-1:1",
               "status": "delivered", "delivered_at": "2026-11-04T01:00:00Z"}  # fmt: skip
    [waiting] = messages_of(request_evidence(sent_event()))
    [arrived] = messages_of(request_evidence(sent_event(), receipt))
    assert waiting.formal_demand and waiting.delivered_at is None
    assert arrived.delivered_at == dt.datetime(2026, 11, 4, 1, 0, tzinfo=dt.UTC)


def test_the_pdf_bundle_lists_each_message_its_hash_decisions_and_the_chain() -> None:
    request = request_evidence(sent_event())
    exported = dt.datetime(2026, 11, 5, tzinfo=dt.UTC)
    evidence = DebtorEvidence(customer_id="C-1", exported_at=exported, verified=True,
                              messages=messages_of(request), requests=[request])  # fmt: skip
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(evidence_pdf(evidence))).pages)
    assert "Customer: C-1" in text and "a" * 64 in text and "R1:allow" in text
    assert "催款函" in text and "not yet confirmed" in text and "v1 NotificationSent" in text
