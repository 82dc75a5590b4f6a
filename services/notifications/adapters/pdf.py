"""PDF documents that print Chinese and Latin text alike (reportlab, an embedded CJK font).

The font ships with Huikuan (``fonts/wqy-microhei.ttf``, WenQuanYi Micro Hei, Apache-2.0):
reportlab embeds the subset of glyphs each document uses, so the Chinese prints on a
machine without any CJK font, and the text stays extractable (ToUnicode maps are
written). A reader-supplied CID font (``STSong-Light``) is not embedded, and a machine
without a matching font shows blanks or boxes instead.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

FONT = "WenQuanYiMicroHei"
FONT_FILE = Path(__file__).resolve().parent / "fonts" / "wqy-microhei.ttf"


@cache
def embedded_font() -> str:
    """Registers the shipped font once (on first use: loading it takes a moment)."""
    pdfmetrics.registerFont(TTFont(FONT, str(FONT_FILE)))
    return FONT


BODY = ParagraphStyle("body", fontName=FONT, fontSize=11, leading=17, wordWrap="CJK")
TITLE = ParagraphStyle("title", parent=BODY, fontSize=16, leading=24, alignment=1, spaceAfter=8)
SMALL = ParagraphStyle("small", parent=BODY, fontSize=8, leading=11)


@dataclass(frozen=True)
class Block:
    """One paragraph: its text (plain, escaped here) and a style name."""

    text: str
    style: str = "body"


def render_pdf(title: str, blocks: Iterable[Block]) -> bytes:
    """A4 PDF bytes with ``title`` on top and each block as a wrapped paragraph.

    ``invariant`` keeps creation dates and ids out, so the same text gives the same bytes.
    """
    embedded_font()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer, pagesize=A4, title=title, invariant=1,
        initialFontName=FONT,  # the canvas's default (Helvetica) would not be embedded
        leftMargin=22 * mm, rightMargin=22 * mm, topMargin=20 * mm, bottomMargin=20 * mm,
    )  # fmt: skip
    styles = {"body": BODY, "title": TITLE, "small": SMALL}
    story: list[object] = [Paragraph(escape(title), TITLE)]
    for block in blocks:
        lines = block.text.split("\n") or [""]
        markup = "<br/>".join(escape(line) for line in lines)
        story += [Paragraph(markup, styles[block.style]), Spacer(1, 3 * mm)]
    doc.build(story)  # type: ignore[arg-type]
    return buffer.getvalue()
