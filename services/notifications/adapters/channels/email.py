"""E-mail over SMTP (aiosmtplib): plain text, UTF-8, a stable Message-ID per send attempt.

SMTP cannot deduplicate: a server that accepted a message has delivered it. So the
server's ``250`` is handed to the sender before QUIT (recorded before anything else), and
a crash after it does not send the e-mail again. Only a crash while that ``250`` is on
the wire leaves it unknown; the message is then sent again with the *same* Message-ID
(derived from the idempotency key), which mail clients fold — unless a relay lookup
(:mod:`.relay_lookup`) says the relay already holds it.

Headers are written as mail clients read them (:mod:`.email_format`); a message that
cannot be built is a permanent failure with its reason: resending would fail the same way.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import ssl
from email.generator import BytesGenerator
from email.message import EmailMessage
from email.utils import format_datetime
from io import BytesIO

import aiosmtplib
import structlog

from services.notifications.adapters.channels.email_format import (
    MAIL_POLICY,
    WIRE_POLICY,
    MessageNotBuildable,
    check_header,
    check_verbatim,
    mailbox,
)
from services.notifications.adapters.channels.relay_lookup import HttpRelayLookup
from services.notifications.application.outgoing import ChannelError, Outgoing
from shared.contracts.notifications import Channel as ChannelName

log = structlog.get_logger("notifications")


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
        tls_context: ssl.SSLContext | None = None, lookup: HttpRelayLookup | None = None,
    ) -> None:  # fmt: skip
        self.host, self.port, self.sender, self.timeout = host, port, sender, timeout
        self.username, self.password = username, password
        self.starttls, self.tls_context = starttls, tls_context
        self.lookup = lookup

    async def already_taken(self, outgoing: Outgoing) -> str | None:
        """Before sending again after a crash: what the relay says it holds under this
        message's Message-ID; None when it holds nothing or cannot be asked (no lookup)."""
        if self.lookup is None:
            return None
        message_id = self.message_id(outgoing)
        status = await self.lookup.find(message_id)
        return None if status is None else f"the relay holds Message-ID {message_id} ({status})"

    @staticmethod
    def message_id(outgoing: Outgoing) -> str:
        """``<…@huikuan.invalid>`` from the idempotency key (or the delivery id)."""
        if not outgoing.idempotency_key:
            return f"<{outgoing.delivery_id}@huikuan.invalid>"
        digest = hashlib.sha256(outgoing.idempotency_key.encode()).hexdigest()[:32]
        return f"<{digest}@huikuan.invalid>"

    def compose(self, outgoing: Outgoing) -> EmailMessage:
        """The message; :class:`MessageNotBuildable` when it cannot be a valid e-mail."""
        message = outgoing.message
        mail = EmailMessage(policy=MAIL_POLICY)
        try:
            mail.set_content(message.body, charset="utf-8")
            mail["Date"] = format_datetime(outgoing.composed_at or dt.datetime.now(dt.UTC))
            mail["From"] = self.sender
            mail["To"] = mailbox(outgoing.address)
            mail["Subject"] = check_header("Subject", message.subject)
            mail["Message-ID"] = self.message_id(outgoing)
            mail["Content-Language"] = check_header("Content-Language", message.language)
            mail["X-Huikuan-Reference"] = check_header("X-Huikuan-Reference", outgoing.request_id)
            if outgoing.unsubscribe_url:
                url = check_verbatim("List-Unsubscribe", f"<{outgoing.unsubscribe_url}>")
                mail["List-Unsubscribe"] = url
                mail["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        except ValueError as exc:  # the stdlib refuses what it cannot write
            raise MessageNotBuildable(str(exc)) from exc
        return mail

    def wire(self, outgoing: Outgoing) -> bytes:
        """The bytes handed to the server (CRLF line ends, 7-bit headers)."""
        mail = self.compose(outgoing)
        buffer = BytesIO()
        try:
            BytesGenerator(buffer, policy=WIRE_POLICY).flatten(mail)
        except (ValueError, UnicodeError) as exc:
            raise MessageNotBuildable(str(exc)) from exc
        return buffer.getvalue()

    async def send(self, outgoing: Outgoing) -> str:
        """One SMTP exchange. The server's ``250`` to the message is handed to
        ``outgoing.on_accepted`` before QUIT: a crash after it does not send the message
        again; QUIT's own answer changes nothing (the message was taken)."""
        data = self.wire(outgoing)
        client = aiosmtplib.SMTP(
            hostname=self.host, port=self.port, timeout=self.timeout, username=self.username,
            password=self.password, start_tls=self.starttls, tls_context=self.tls_context,
        )  # fmt: skip
        try:
            await client.connect()
            _, response = await client.sendmail(self.sender, [outgoing.address], data)
        except (aiosmtplib.SMTPException, OSError) as exc:
            client.close()
            raise _refusal(exc) from exc
        except BaseException:
            client.close()
            raise
        result = f"accepted: {response}"[:200]
        await _tell(outgoing, result)
        with contextlib.suppress(aiosmtplib.SMTPException, OSError):
            await client.quit()
        return result


async def _tell(outgoing: Outgoing, result: str) -> None:
    """Record the acceptance; a failure here must not turn a sent message into a failure."""
    if outgoing.on_accepted is None:
        return
    try:
        await outgoing.on_accepted(result)
    except Exception as exc:  # the outcome is appended next; a restart then may resend
        log.warning("email_acceptance_not_recorded", error=type(exc).__name__)


def _refusal(exc: aiosmtplib.SMTPException | OSError) -> ChannelError:
    """The channel's error for what the server (or the connection) answered: 5xx permanent."""
    if isinstance(exc, aiosmtplib.SMTPRecipientsRefused):
        codes = sorted({error.code for error in exc.recipients})
        return ChannelError(f"recipient refused ({codes})", permanent=all(c >= 500 for c in codes))
    if isinstance(exc, aiosmtplib.SMTPResponseException):
        return ChannelError(f"SMTP {exc.code}", permanent=exc.code >= 500)
    return ChannelError(type(exc).__name__, permanent=False)
