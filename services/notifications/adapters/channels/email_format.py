"""Writing an e-mail as mail clients read it, or refusing one that cannot be written.

A ``Date:``; ``List-Unsubscribe`` in its plain ``<https://…>`` form (RFC 2369 / 8058; an
RFC 2047-encoded URL is not understood); the subject as RFC 2047 encoded words that decode
to exactly the rendered subject (no leading or doubled space). A header carrying a line
break or control character, or an address that is not one mailbox, makes the message
unbuildable: a permanent failure with its reason, never a forged header.
"""

from __future__ import annotations

from email.header import Header
from email.headerregistry import Address
from email.policy import SMTP, EmailPolicy
from typing import Any

from services.notifications.application.outgoing import ChannelError

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
            return f"{name}: {encoded_subject(text, self.linesep)}{self.linesep}"
        return str(super().fold(name, value))


MAIL_POLICY = _MailPolicy(cte_type="7bit")  # any relay, 8BITMIME or not
WIRE_POLICY = MAIL_POLICY.clone(linesep=SMTP.linesep)


def encoded_subject(subject: str, linesep: str) -> str:
    if subject.isascii() and len(subject) <= 78 - len("Subject: "):
        return subject
    return Header(subject, "utf-8", header_name="Subject").encode(linesep=linesep, maxlinelen=76)


def check_header(name: str, value: str) -> str:
    bad = next((c for c in value if ord(c) < 0x20 or ord(c) == 0x7F), None)
    if bad is not None:
        raise MessageNotBuildable(f"header {name} contains control character U+{ord(bad):04X}")
    return value


def check_verbatim(name: str, value: str) -> str:
    check_header(name, value)
    if not value.isascii() or len(name) + 2 + len(value) > MAX_LINE:
        raise MessageNotBuildable(f"header {name} must be ASCII and fit one line")
    return value


def mailbox(address: str) -> str:
    check_header("To", address)
    try:
        mailbox = Address(addr_spec=address)
    except (ValueError, IndexError) as exc:
        raise MessageNotBuildable("the address is not one e-mail address") from exc
    if not mailbox.domain or mailbox.addr_spec != address.strip():
        raise MessageNotBuildable("the address is not one e-mail address")
    return mailbox.addr_spec
