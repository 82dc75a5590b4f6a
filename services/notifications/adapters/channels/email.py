"""E-mail over SMTP (aiosmtplib): plain text, UTF-8, a stable Message-ID per send attempt.

SMTP cannot deduplicate: a server that accepted a message has delivered it. After a crash
between the server's ``250`` and the stored ``NotificationSent``, the message is sent
again with the *same* Message-ID (derived from the idempotency key), so the e-mail is
at-least-once and mail clients that fold on Message-ID show it once.

Headers are written as mail clients read them: a ``Date:``; ``List-Unsubscribe`` in its
plain ``<https://…>`` form with ``List-Unsubscribe-Post: List-Unsubscribe=One-Click``
(RFC 8058; an RFC 2047-encoded URL is not understood); the subject as RFC 2047 encoded
words that decode to exactly the rendered subject (no leading or doubled space). A
message that cannot be built (a line break or control character in a header, an address
that is not one mailbox) is a permanent failure with its reason: resending would fail
the same way.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import ssl
from email.generator import BytesGenerator
from email.header import Header
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP, EmailPolicy
from email.utils import format_datetime
from io import BytesIO
from typing import Any

import aiosmtplib
import structlog

from services.notifications.adapters.channels.relay_lookup import HttpRelayLookup
from services.notifications.application.outgoing import ChannelError, Outgoing
from shared.contracts.notifications import Channel as ChannelName

log = structlog.get_logger("notifications")
VERBATIM = frozenset({"list-unsubscribe", "list-unsubscribe-post", "message-id"})
MAX_LINE = 998  # RFC 5322 §2.1.1, CRLF excluded


class MessageNotBuildable(ChannelError):
    """The message cannot be written as a valid e-mail: sending it again would not help."""

    def __init__(self, detail: str) -> None:
        super().__init__(f"message not buildable: {detail}", permanent=True)


class _MailPolicy(EmailPolicy):
    """The SMTP policy, with URL and id headers kept verbatim and subjects as encoded words.

    The stdlib folds an unbreakable URL by RFC 2047-encoding it, and may fold a subject
    right after ``Subject:`` (a leading space when read back): both are written here.
    """

    def fold_binary(self, name: str, value: Any) -> bytes:
        return self.fold(name, value).encode("ascii")

    def fold(self, name: str, value: Any) -> str:
        text = str(value)
        if name.lower() in VERBATIM:
            return f"{name}: {text}{self.linesep}"
        if name.lower() == "subject":
            return f"{name}: {_encoded_subject(text, self.linesep)}{self.linesep}"
        return str(super().fold(name, value))


MAIL_POLICY = _MailPolicy(cte_type="7bit")  # any relay, 8BITMIME or not
WIRE_POLICY = MAIL_POLICY.clone(linesep=SMTP.linesep)


def _encoded_subject(subject: str, linesep: str) -> str:
    if subject.isascii() and len(subject) <= 78 - len("Subject: "):
        return subject
    return Header(subject, "utf-8", header_name="Subject").encode(linesep=linesep, maxlinelen=76)


def _check_header(name: str, value: str) -> str:
    bad = next((c for c in value if ord(c) < 0x20 or ord(c) == 0x7F), None)
    if bad is not None:
        raise MessageNotBuildable(f"header {name} contains control character U+{ord(bad):04X}")
    return value


def _check_verbatim(name: str, value: str) -> str:
    _check_header(name, value)
    if not value.isascii() or len(name) + 2 + len(value) > MAX_LINE:
        raise MessageNotBuildable(f"header {name} must be ASCII and fit one line")
    return value


def _mailbox(address: str) -> str:
    _check_header("To", address)
    try:
        mailbox = Address(addr_spec=address)
    except (ValueError, IndexError) as exc:
        raise MessageNotBuildable("the address is not one e-mail address") from exc
    if not mailbox.domain or mailbox.addr_spec != address.strip():
        raise MessageNotBuildable("the address is not one e-mail address")
    return mailbox.addr_spec


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
            mail["To"] = _mailbox(outgoing.address)
            mail["Subject"] = _check_header("Subject", message.subject)
            mail["Message-ID"] = self.message_id(outgoing)
            mail["Content-Language"] = _check_header("Content-Language", message.language)
            mail["X-Huikuan-Reference"] = _check_header("X-Huikuan-Reference", outgoing.request_id)
            if outgoing.unsubscribe_url:
                url = _check_verbatim("List-Unsubscribe", f"<{outgoing.unsubscribe_url}>")
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
