"""E-mail over SMTP (aiosmtplib): plain text, UTF-8, a stable Message-ID per delivery."""

from __future__ import annotations

from email.message import EmailMessage

import aiosmtplib

from services.notifications.application.ports import ChannelError, Outgoing
from shared.contracts.notifications import Channel as ChannelName


class SmtpEmailChannel:
    """Sends through one SMTP server. 5xx answers are permanent, the rest transient.

    The Message-ID derives from the delivery (request, channel, contact), so a message
    that is ever sent twice carries the same id and mail systems can fold the copies.
    """

    name: ChannelName = "email"

    def __init__(
        self, host: str, port: int, sender: str, *, timeout: float = 15.0,
        username: str | None = None, password: str | None = None,
    ) -> None:  # fmt: skip
        self.host, self.port, self.sender, self.timeout = host, port, sender, timeout
        self.username, self.password = username, password

    def compose(self, outgoing: Outgoing) -> EmailMessage:
        mail = EmailMessage()
        mail["From"] = self.sender
        mail["To"] = outgoing.address
        mail["Subject"] = outgoing.message.subject
        mail["Message-ID"] = f"<{outgoing.delivery_id}@huikuan.invalid>"
        mail["Content-Language"] = outgoing.message.language
        mail["X-Huikuan-Reference"] = outgoing.request_id
        mail.set_content(outgoing.message.body, charset="utf-8")
        return mail

    async def send(self, outgoing: Outgoing) -> str:
        try:
            _, response = await aiosmtplib.send(
                self.compose(outgoing), hostname=self.host, port=self.port,
                timeout=self.timeout, username=self.username, password=self.password,
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
