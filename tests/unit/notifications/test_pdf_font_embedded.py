"""PDFs carry their own Chinese font: printed on a machine without any CJK font, the
Chinese still shows (poppler's ``pdffonts`` and ``pdftoppm`` with an empty font
configuration, as on a bare server), and no character is replaced."""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from services.notifications.adapters.evidence_pdf import evidence_pdf
from services.notifications.adapters.pdf import Block, render_pdf
from services.notifications.application.evidence import (
    DebtorEvidence,
    RequestEvidence,
    SentMessageEvidence,
)
from shared.contracts.notifications import GateDecision

POPPLER = shutil.which("pdftoppm") and shutil.which("pdffonts")
needs_poppler = pytest.mark.skipif(not POPPLER, reason="poppler-utils (setup.sh installs it)")
AT = dt.datetime(2026, 11, 2, 10, 0, tzinfo=dt.UTC)


def evidence() -> DebtorEvidence:
    message = SentMessageEvidence(
        request_id="req-1", channel="letter", contact_id="ct-1", template="demand_letter",
        template_version="3+abc", content_sha256="ab" * 32, masked_address="王**",
        addressee_role="debtor_staff", sent_at=AT, provider_result="stored letters/x.pdf",
        formal_demand=True, delivered_at=None,
        decisions=(GateDecision(rule="T1", outcome="allow", detail="08:00-22:00 Asia/Shanghai"),),
    )  # fmt: skip
    superseded = {"type": "NotificationSuppressed", "channel": "email", "rule": "superseded",
                  "reason": "superseded", "decisions": [{"rule": "superseded",
                  "outcome": "suppress", "detail": "supply was resumed"}]}  # fmt: skip
    entry = {"version": 3, "hash": "cd" * 32, "event": superseded}
    halt_notice = RequestEvidence(request_id="req-2", verified=True, events=[entry])
    return DebtorEvidence(customer_id="C-1", exported_at=AT, verified=True,
                          messages=[message], requests=[halt_notice])  # fmt: skip


def bare_machine(tmp_path: Path) -> dict[str, str]:
    """An environment whose font configuration knows no font file at all."""
    conf = tmp_path / "fonts.conf"
    conf.write_text('<?xml version="1.0"?><fontconfig><cachedir>'
                    f"{tmp_path / 'cache'}</cachedir></fontconfig>")  # fmt: skip
    return {**os.environ, "FONTCONFIG_FILE": str(conf), "FONTCONFIG_PATH": str(tmp_path)}


def ink(pdf: bytes, tmp_path: Path, name: str) -> bytes:
    """The first page as grey pixels (PGM body), rendered by poppler on a bare machine."""
    source = tmp_path / f"{name}.pdf"
    source.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "60", "-gray", "-singlefile", str(source),
                    str(tmp_path / name)], check=True, env=bare_machine(tmp_path),
                   capture_output=True, timeout=120)  # fmt: skip
    data = (tmp_path / f"{name}.pgm").read_bytes()
    return data.split(b"\n", 3)[3]  # after "P5", "w h", "255"


@needs_poppler
def test_every_font_of_the_evidence_pdf_is_embedded(tmp_path: Path) -> None:
    source = tmp_path / "evidence.pdf"
    source.write_bytes(evidence_pdf(evidence()))
    listing = subprocess.run(["pdffonts", str(source)], check=True, capture_output=True,
                             text=True, timeout=60).stdout.splitlines()[2:]  # fmt: skip
    assert listing, "the PDF names no font"
    for line in listing:
        name, emb = line.split()[0], line.split()[-5]
        assert emb == "yes", f"{name} is not embedded: {line}"


@needs_poppler
def test_chinese_prints_on_a_machine_without_cjk_fonts(tmp_path: Path) -> None:
    first = ink(render_pdf("通知证据", [Block("甲乙丙丁戊己庚辛")]), tmp_path, "first")
    second = ink(render_pdf("通知证据", [Block("回款催收证据链")]), tmp_path, "second")
    blank = ink(render_pdf("通知证据", [Block("")]), tmp_path, "blank")

    def dark(pixels: bytes) -> int:
        return sum(1 for p in pixels if p < 128)

    assert dark(first) > dark(blank) + 50 and dark(second) > dark(blank) + 50
    differing = sum(1 for a, b in zip(first, second, strict=True) if a != b)
    assert differing > 100  # different characters, different glyphs (not the same boxes)


def test_the_evidence_pdf_lists_each_message_and_its_chinese_reads_back_unreplaced() -> None:
    pdf = PdfReader(io.BytesIO(evidence_pdf(evidence())))
    text = "".join(page.extract_text() for page in pdf.pages)
    assert "\ufffd" not in text
    for wanted in ("通知证据", "催款函", "letter", "demand_letter", "3+abc", "王**",
                   "T1:allow", "2026-11-02T10:00:00+00:00", "ab" * 32):  # fmt: skip
        assert wanted in text, wanted
    assert (
        "NotificationSuppressed" in text
        and "email superseded superseded supply was resumed" in text
    )
