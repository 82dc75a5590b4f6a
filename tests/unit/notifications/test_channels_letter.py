"""Letters are PDFs that carry Chinese text (checked by extracting it again)."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

from pypdf import PdfReader

from services.notifications.adapters.channels.letter import PdfLetterChannel
from services.notifications.application.outgoing import Outgoing
from services.notifications.domain.message import RenderedMessage

BODY = "尊敬的王小明先生：\n\n贵司尚欠发票 INV-2026-0042 款项 CNY 12,345.50，请于十日内付清。\n"


def outgoing(formal: bool = True, attempt: int = 1) -> Outgoing:
    message = RenderedMessage("demand_letter", "1+abc", "zh-CN", "关于逾期款项的通知", BODY,
                              envelope="应收账款部 收件人亲启")  # fmt: skip
    return Outgoing("req-1", "d-1", "王小明", "***", message, formal_demand=formal,
                    idempotency_key=f"req-1:letter:ct-1:{attempt}")  # fmt: skip


def text_of(pdf: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_a_formal_demand_letter_is_titled_催款函_and_its_chinese_text_extracts_back() -> None:
    text = text_of(PdfLetterChannel(Path("/nonexistent")).compose(outgoing()))
    assert text.splitlines()[0] == "催款函"
    for words in (
        "王小明",
        "应收账款部 收件人亲启",
        "INV-2026-0042",
        "CNY 12,345.50",
        "十日内付清",
    ):
        assert words in text


def test_an_ordinary_letter_is_titled_by_its_subject() -> None:
    text = text_of(PdfLetterChannel(Path("/nonexistent")).compose(outgoing(formal=False)))
    assert text.splitlines()[0] == "关于逾期款项的通知" and "催款函" not in text


async def test_a_letter_is_stored_once_per_key_and_its_result_names_the_pdf_hash(
    tmp_path: Path,
) -> None:
    channel = PdfLetterChannel(tmp_path)
    first = await channel.send(outgoing())
    again = await channel.send(outgoing())
    other = await channel.send(outgoing(attempt=2))

    files = sorted((tmp_path / "letters").iterdir())
    assert first == again != other and len(files) == 2
    stored = channel.path_for(outgoing()).read_bytes()
    assert first.endswith(f"pdf_sha256={hashlib.sha256(stored).hexdigest()}")
    assert "王小明" not in first
