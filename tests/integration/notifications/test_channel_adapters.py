"""The channel adapters against real far sides: a webhook receiver that checks the HMAC,
and an SMTP server that requires STARTTLS and a login."""

from __future__ import annotations

import datetime as dt
import ipaddress
import ssl
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from services.notifications.adapters.channels.email import SmtpEmailChannel
from services.notifications.adapters.channels.sms import HttpSmsChannel
from services.notifications.adapters.channels.webhook import SignedWebhookChannel
from services.notifications.application.outgoing import (
    ChannelError,
    Outgoing,
    PermanentChannelError,
    TransientChannelError,
)
from services.notifications.domain.message import RenderedMessage
from tests.integration.notifications.harness import Mailbox, http_server
from tests.integration.notifications.providers import SMS_TOKEN, WEBHOOK_SECRET, WebhookReceiver
from tests.support.redis_server import free_port

BODY = "尊敬的李伟：\n\n请于三日内付款。\n"


def outgoing(address: str = "li.wei@example.com", attempt: int = 1) -> Outgoing:
    message = RenderedMessage("overdue_reminder_1", "2+abc", "zh-CN", "付款提醒", BODY)
    return Outgoing(
        "req-9", "d-9", address, "l***@example.com", message,
        idempotency_key=f"req-9:email:ct-1:{attempt}", customer_id="C-9", contact_id="ct-1",
        unsubscribe_url="https://huikuan.example/notifications/unsubscribe?token=x",
    )  # fmt: skip


@pytest.fixture
def receiver() -> Iterator[tuple[WebhookReceiver, str]]:
    hook = WebhookReceiver()
    with http_server(hook.app()) as url:
        yield hook, f"{url}/hook"


async def test_a_webhook_call_carries_a_signature_the_receiver_verifies(
    receiver: tuple[WebhookReceiver, str],
) -> None:
    hook, url = receiver
    async with httpx.AsyncClient() as client:
        channel = SignedWebhookChannel(client, url, WEBHOOK_SECRET)
        first = await channel.send(outgoing())
        again = await channel.send(outgoing())  # same key: the receiver keeps it once

    assert first == again == "accepted: crm-1" and hook.rejected == 0
    [(key, body)] = hook.received.items()
    assert key == "req-9:email:ct-1:1" and body["text"] == BODY and body["contact_id"] == "ct-1"
    assert "li.wei@example.com" not in str(body)


async def test_a_webhook_signed_with_another_secret_or_too_old_is_refused(
    receiver: tuple[WebhookReceiver, str],
) -> None:
    hook, url = receiver
    hour_ago = dt.datetime.now(dt.UTC).timestamp() - 3600
    async with httpx.AsyncClient() as client:
        with pytest.raises(PermanentChannelError):
            await SignedWebhookChannel(client, url, "another-secret").send(outgoing())
        with pytest.raises(PermanentChannelError):
            await SignedWebhookChannel(client, url, WEBHOOK_SECRET, now=lambda: hour_ago).send(
                outgoing()
            )
    assert hook.rejected == 2 and hook.received == {}


def self_signed(directory: Path) -> tuple[ssl.SSLContext, ssl.SSLContext]:
    """(server context, client context trusting only that certificate) for 127.0.0.1."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName(
            [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
        .sign(key, hashes.SHA256())
    )  # fmt: skip
    cert_file, key_file = directory / "cert.pem", directory / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    pem = serialization.PrivateFormat.PKCS8
    key_file.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, pem, serialization.NoEncryption())
    )
    server = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server.load_cert_chain(cert_file, key_file)
    client = ssl.create_default_context(cafile=str(cert_file))
    return server, client


class Login:
    def __init__(self) -> None:
        self.users: list[str] = []

    def __call__(
        self, server: Any, session: Any, envelope: Any, mechanism: str, data: Any
    ) -> AuthResult:
        ok = isinstance(data, LoginPassword) and (data.login, data.password) == (
            b"huikuan",
            b"pw-1",
        )
        if ok:
            self.users.append(data.login.decode())
        return AuthResult(success=ok, handled=False)


@pytest.fixture
def tls_smtp(tmp_path: Path) -> Iterator[tuple[Mailbox, int, ssl.SSLContext, Login]]:
    server_ctx, client_ctx = self_signed(tmp_path)
    mailbox, login, port = Mailbox(), Login(), free_port()
    controller = Controller(
        mailbox, hostname="127.0.0.1", port=port, tls_context=server_ctx,
        require_starttls=True, authenticator=login, auth_require_tls=True,
    )  # fmt: skip
    controller.start()
    try:
        yield mailbox, port, client_ctx, login
    finally:
        controller.stop()


async def test_an_email_goes_over_starttls_with_a_login_and_a_message_id_from_its_key(
    tls_smtp: tuple[Mailbox, int, ssl.SSLContext, Login],
) -> None:
    mailbox, port, client_ctx, login = tls_smtp
    channel = SmtpEmailChannel("127.0.0.1", port, "accounts@huikuan.example", username="huikuan",
                               password="pw-1", starttls=True, tls_context=client_ctx)  # fmt: skip
    result = await channel.send(outgoing())
    await channel.send(outgoing(attempt=2))

    first, second = mailbox.messages
    assert result.startswith("accepted") and login.users == ["huikuan", "huikuan"]
    assert first["Message-ID"] == channel.message_id(outgoing()) != second["Message-ID"]
    assert (
        first["List-Unsubscribe"] == "<https://huikuan.example/notifications/unsubscribe?token=x>"
    )
    body = first.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert body.replace("\r\n", "\n") == BODY


async def test_an_email_without_starttls_to_a_server_that_requires_it_is_not_sent(
    tls_smtp: tuple[Mailbox, int, ssl.SSLContext, Login],
) -> None:
    mailbox, port, _, _ = tls_smtp
    channel = SmtpEmailChannel("127.0.0.1", port, "accounts@huikuan.example", starttls=False)
    with pytest.raises(ChannelError, match="SMTP 530") as refused:
        await channel.send(outgoing())
    assert refused.value.permanent is True and mailbox.messages == []


async def test_an_sms_provider_that_does_not_answer_is_a_transient_failure() -> None:
    message = RenderedMessage("overdue_reminder_1", "2", "zh-CN", "", "请付款。\n")
    closed = f"http://127.0.0.1:{free_port()}/sms"
    async with httpx.AsyncClient() as client:
        with pytest.raises(TransientChannelError, match="provider unreachable"):
            await HttpSmsChannel(client, closed, SMS_TOKEN).send(
                Outgoing("req-9", "d-9", "+86 137 0000 1234", "***1234", message)
            )
