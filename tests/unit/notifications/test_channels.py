"""What the channels put on the wire and in the logs."""

from __future__ import annotations

from structlog.testing import capture_logs

from services.notifications.adapters.channels.email import SmtpEmailChannel
from services.notifications.adapters.channels.log import LogChannel
from services.notifications.application.outgoing import Outgoing
from services.notifications.domain.message import RenderedMessage

BODY = "尊敬的李伟：\n\n发票号 INV-2026-0042 ...\n"


def outgoing() -> Outgoing:
    message = RenderedMessage("overdue_reminder_1", "1+abc", "zh-CN", "付款提醒：CNY 1.00", BODY)
    return Outgoing("req-1", "0f0e", "li.wei@example.com", "l***@example.com", message)


async def test_the_log_channel_logs_the_evidence_and_nothing_personal() -> None:
    with capture_logs() as logs:
        result = await LogChannel().send(outgoing())
    [line] = logs
    assert result == "logged"
    assert line["request_id"] == "req-1" and line["template"] == "overdue_reminder_1"
    assert line["sha256"] == outgoing().message.content_sha256
    assert line["masked"] == "l***@example.com"
    text = repr(line)
    assert "li.wei" not in text and "李伟" not in text and "INV-2026-0042" not in text


def test_an_email_is_plain_utf8_text_with_a_message_id_stable_per_delivery() -> None:
    channel = SmtpEmailChannel("127.0.0.1", 25, "accounts@huikuan.example")
    first, again = channel.compose(outgoing()), channel.compose(outgoing())
    assert first["Message-ID"] == again["Message-ID"] == "<0f0e@huikuan.invalid>"
    assert first["Subject"] == "付款提醒：CNY 1.00"
    assert first.get_content_type() == "text/plain"
    assert first.get_content_charset() == "utf-8"
    assert first.get_content() == BODY


def test_an_outgoing_message_hides_its_address_and_words_in_a_repr() -> None:
    text = repr(outgoing())
    assert "li.wei@example.com" not in text and "李伟" not in text
