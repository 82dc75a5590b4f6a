"""Letters: the message as a printable PDF (Chinese included), kept in a file store.

A mailing house prints and posts what lands in ``<var dir>/letters``. The file name
derives from the idempotency key, so a repeated send rewrites the same letter instead of
adding a second one; the provider result keeps the PDF's SHA-256 for the evidence.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
from pathlib import Path

from services.notifications.adapters.pdf import Block, render_pdf
from services.notifications.application.outgoing import Outgoing, TransientChannelError
from shared.contracts.notifications import Channel as ChannelName

DEMAND_TITLE = {"zh-CN": "催款函", "en": "Formal demand for payment"}


class PdfLetterChannel:
    """Renders one PDF per delivery into ``directory``."""

    name: ChannelName = "letter"
    dedupes = True

    def __init__(self, directory: Path, sender: str = "") -> None:
        self.directory, self.sender = directory, sender

    def compose(self, outgoing: Outgoing) -> bytes:
        """The letter's PDF: title, addressee, subject, body, reference."""
        message = outgoing.message
        title = message.subject
        if outgoing.formal_demand:
            title = DEMAND_TITLE.get(message.language, DEMAND_TITLE["en"])
        addressee = "\n".join(line for line in (outgoing.address, message.envelope) if line)
        blocks = [Block(addressee), Block(message.subject), Block(message.body)]
        blocks.append(Block(f"Ref. {outgoing.request_id} · {message.template_version}", "small"))
        return render_pdf(title, blocks)

    def path_for(self, outgoing: Outgoing) -> Path:
        digest = hashlib.sha256(outgoing.key.encode()).hexdigest()[:32]
        return self.directory / "letters" / f"{digest}.pdf"

    async def send(self, outgoing: Outgoing) -> str:
        pdf = self.compose(outgoing)
        path = self.path_for(outgoing)
        try:
            await asyncio.to_thread(_write_atomically, path, pdf)
        except OSError as exc:
            raise TransientChannelError(f"letter store: {type(exc).__name__}") from exc
        sha = hashlib.sha256(pdf).hexdigest()
        return f"stored letters/{path.name} pdf_sha256={sha}"


def _write_atomically(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".part")
    partial.write_bytes(content)
    os.replace(partial, path)
