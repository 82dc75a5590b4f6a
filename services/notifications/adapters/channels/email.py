"""E-mail over SMTP (aiosmtplib): plain text, UTF-8, a stable Message-ID per send attempt.

SMTP cannot deduplicate: a server that accepted a message has delivered it. After a crash
between the server's ``250`` and the stored ``NotificationSent``, the message is sent
again with the *same* Message-ID (derived from the idempotency key), so the e-mail is
at-least-once and mail clients that fold on Message-ID show it once.
"""

from __future__ import annotations

import hashlib
import ssl
from email.message import EmailMessage

import aiosmtplib

from services.notifications.application.outgoing import ChannelError, Outgoing
from shared.contracts.notifications import Channel as ChannelName


class SmtpEmailChannel:
    """Sends through one SMTP server. 5xx answers are permanent, the rest transient.

    The Message-ID derives from the delivery (request, channel, contact), so a message
    that is ever sent twice carries the same id and mail systems can fold the copies.
    """

    name: ChannelName = "email"
    dedupes = False

    def __init__(
        self, host: str, port: int, sender: str, *, timeout: float = 15.0,
        username: str | None = None, password: str | None = None, starttls: bool = False,
        tls_context: ssl.SSLContext | None = None,
    ) -> None:  # fmt: skip
        self.host, self.port, self.sender, self.timeout = host, port, sender, timeout
        self.username, self.password = username, password
        self.starttls, self.tls_context = starttls, tls_context

    @staticmethod
    def message_id(outgoing: Outgoing) -> str:
        """``<…@huikuan.invalid>`` from the idempotency key (or the delivery id)."""
        if not outgoing.idempotency_key:
            return f"<{outgoing.delivery_id}@huikuan.invalid>"
        digest = hashlib.sha256(outgoing.idempotency_key.encode()).hexdigest()[:32]
        return f"<{digest}@huikuan.invalid>"

    def compose(self, outgoing: Outgoing) -> EmailMessage:
        mail = EmailMessage()
        mail["From"] = self.sender
        mail["To"] = outgoing.address
        mail["Subject"] = outgoing.message.subject
        mail["Message-ID"] = self.message_id(outgoing)
        mail["Content-Language"] = outgoing.message.language
        mail["X-Huikuan-Reference"] = outgoing.request_id
        if outgoing.unsubscribe_url:
            mail["List-Unsubscribe"] = f"<{outgoing.unsubscribe_url}>"
            mail["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        mail.set_content(outgoing.message.body, charset="utf-8")
        return mail

    async def send(self, outgoing: Outgoing) -> str:
        try:
            _, response = await aiosmtplib.send(
                self.compose(outgoing), hostname=self.host, port=self.port,
                timeout=self.timeout, username=self.username, password=self.password,
                start_tls=self.starttls, tls_context=self.tls_context,
            )  # fmt: skip
        except aiosmtplib.SMTPRecipientsRefused as exc:
            codes = sorted({error.code for error in exc.recipients})
            raise ChannelError(f"recipient refused ({codes})", permanent=all(
                code >= 500 for code in codes)) from exc  # fmt: skip
        except aiosmtplib.SMTPResponseException as exc:
            raise ChannelError(f"SMTP {exc.code}", permanent=exc.code >= 500) from exc
        except (aiosmtplib.SMTPException, OSError) as exc:
            raise ChannelError(type(exc).__name__, permanent=False) from exc
        return f"accepted: {response}"[:200]
