"""E-mail as a mail client reads it: the bytes a real SMTP server (aiosmtpd) received,
parsed with the standard library's e-mail parser.

- ``Date:`` is the time of sending; ``List-Unsubscribe`` is the plain ``<https://…>`` form
  (never RFC 2047-encoded, however long the token) with ``List-Unsubscribe-Post:
  List-Unsubscribe=One-Click``; a long Chinese subject decodes to exactly what was
  rendered (no leading or doubled space).
- Hostile text: a name carrying ``\\r\\nBcc:`` stays inside the body; an address carrying
  one makes the message unbuildable, a permanent failure with its reason, never retried,
  and nothing reaches the server.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from email import message_from_bytes, policy

import pytest

from services.notifications.adapters.channels.email import SmtpEmailChannel
from services.notifications.adapters.templates.renderer import JinjaRenderer
from services.notifications.application.deliver import Notifier
from services.notifications.application.outgoing import ChannelError, Outgoing
from services.notifications.domain.message import RenderedMessage
from services.notifications.domain.state import AGGREGATE_TYPE, NotificationState, evolve, initial
from shared.contracts.notifications import NotificationFailed
from shared.infra.clock import FixedClock
from shared.infra.memory_repository import MemoryRepository
from tests.integration.notifications.harness import Mailbox, smtp_server
from tests.unit.notifications.builders import DAYTIME, requested
from tests.unit.notifications.test_notifier import EMAIL, FakeDirectory, book

SENDER = "accounts@huikuan.example"
LONG_URL = "https://huikuan.example/notifications/unsubscribe?token=" + "k" * 160
SUBJECTS = (
    "付款提醒：发票 INV-2026-000123 已逾期，应付金额 CNY 12,345.67，请尽快安排付款，谢谢合作",
    "x" * 70,
    "Payment reminder: invoice INV-2026-000123 is overdue, CNY 12,345.67 " + "y" * 60,
    "付款提醒",
)


@pytest.fixture
def sink() -> Iterator[tuple[Mailbox, int]]:
    with smtp_server() as server:
        yield server


def outgoing(subject: str, address: str = EMAIL, body: str = "请于三日内付款。\n") -> Outgoing:
    message = RenderedMessage("overdue_reminder_1", "2+abc", "zh-CN", subject, body)
    return Outgoing(
        "req-9", "d-9", address, "l***@example.com", message,
        idempotency_key="req-9:email:ct-1:1", unsubscribe_url=LONG_URL,
        composed_at=dt.datetime(2026, 11, 2, 10, 0, 7, tzinfo=dt.UTC),
    )  # fmt: skip


@pytest.mark.parametrize("subject", SUBJECTS)
async def test_the_headers_parse_as_a_mail_client_reads_them(
    sink: tuple[Mailbox, int], subject: str
) -> None:
    mailbox, port = sink
    await SmtpEmailChannel("127.0.0.1", port, SENDER).send(outgoing(subject))

    [raw] = mailbox.raw
    mail = message_from_bytes(raw, policy=policy.default)
    assert mail["Date"].datetime == dt.datetime(2026, 11, 2, 10, 0, 7, tzinfo=dt.UTC)
    assert str(mail["Subject"]) == subject
    lines = raw.decode("ascii").split("\r\n")
    first = next(line for line in lines if line.startswith("Subject:"))
    assert first.strip() != "Subject:"  # folded after the name: read back with a leading space
    assert f"List-Unsubscribe: <{LONG_URL}>" in lines
    assert "List-Unsubscribe-Post: List-Unsubscribe=One-Click" in lines
    assert mail["List-Unsubscribe"] == f"<{LONG_URL}>"
    assert max(len(line) for line in lines) <= 998


async def test_a_bcc_line_in_a_name_stays_in_the_body_and_adds_no_recipient(
    sink: tuple[Mailbox, int],
) -> None:
    mailbox, port = sink
    body = "尊敬的李伟\r\nBcc: evil@attacker.example\r\n：\n请付款。\n"
    await SmtpEmailChannel("127.0.0.1", port, SENDER).send(outgoing("付款提醒", body=body))

    [mail] = mailbox.messages
    assert mail["Bcc"] is None and mail["Cc"] is None
    assert mailbox.recipients == [EMAIL]
    assert "evil@attacker.example" not in "".join(f"{k}: {v}" for k, v in mail.items())


@pytest.mark.parametrize(
    ("subject", "address"),
    [
        ("付款提醒\r\nBcc: evil@attacker.example", EMAIL),
        ("付款提醒\x00", EMAIL),
        ("付款提醒", f"{EMAIL}\r\nBcc: evil@attacker.example"),
        ("付款提醒", f"{EMAIL}, evil@attacker.example"),
    ],
)
async def test_a_header_from_hostile_text_is_a_permanent_failure_and_nothing_is_sent(
    sink: tuple[Mailbox, int], subject: str, address: str
) -> None:
    mailbox, port = sink
    with pytest.raises(ChannelError, match="not buildable") as refused:
        await SmtpEmailChannel("127.0.0.1", port, SENDER).send(outgoing(subject, address))
    assert refused.value.permanent is True
    assert mailbox.messages == [] and mailbox.recipients == []


async def test_an_unbuildable_email_is_recorded_failed_for_good_with_no_retry_timer(
    sink: tuple[Mailbox, int],
) -> None:
    mailbox, port = sink
    clock = FixedClock(DAYTIME)
    repo: MemoryRepository[NotificationState] = MemoryRepository(
        AGGREGATE_TYPE, initial, evolve, clock, producer="notifications"
    )
    hostile = book(email=f"{EMAIL}\r\nBcc: evil@attacker.example")
    service = Notifier(
        repository=repo, contacts=FakeDirectory(hostile),  # type: ignore[arg-type]
        channels={"email": SmtpEmailChannel("127.0.0.1", port, SENDER)},
        renderer=JinjaRenderer(), clock=clock,
    )  # fmt: skip
    await service.take(requested())

    failed = repo.streams["req-1"][-1]
    assert isinstance(failed, NotificationFailed)
    assert failed.permanent is True and failed.retry_at is None
    assert "not buildable" in failed.error and "U+000D" in failed.error
    assert repo.timers == {}
    assert mailbox.messages == []
