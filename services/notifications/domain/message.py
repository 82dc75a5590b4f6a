"""A rendered message and the content hash that proves what was said."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class RenderedMessage:
    """Subject and plain-text body in one language, from one template version.

    ``content_sha256`` is the SHA-256 of ``subject + "\\n\\n" + body`` in UTF-8: the exact
    words the recipient got, kept as evidence without keeping the words.
    """

    template: str
    template_version: str
    language: str
    subject: str
    body: str
    envelope: str = ""  # a letter's envelope line (R7: names no debt); not hashed
    legal_notice: str = ""  # the fixed legal-step block this message carries, if any

    @property
    def text(self) -> str:
        return f"{self.subject}\n\n{self.body}"

    @property
    def content_sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Receipt:
    """What a channel reported after sending one message (no address, only its mask)."""

    template_version: str
    content_sha256: str
    masked_address: str
    provider_result: str
    sent_at: datetime
