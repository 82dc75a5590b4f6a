"""A statement of account (对账单) as a PDF, in Chinese and English, text extractable.

Rendered with reportlab's built-in Adobe CID font ``STSong-Light`` (every PDF reader has
it, and reportlab writes ToUnicode maps), so the Chinese headings extract as text and no
font file ships with Huikuan. Numbers are shown at the currency's minor unit.
"""

from __future__ import annotations

import io

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from services.invoicing.domain.ledger import Statement
from services.invoicing.domain.ledger.model import rounded

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))
BODY = ParagraphStyle("body", fontName=FONT, fontSize=9, leading=13, wordWrap="CJK")
TITLE = ParagraphStyle("title", parent=BODY, fontSize=15, leading=22, alignment=1)
HEAD = ParagraphStyle("head", parent=BODY, fontSize=11, leading=16, spaceBefore=6)
GRID = TableStyle([
    ("FONT", (0, 0), (-1, -1), FONT, 8),
    ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
    ("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke),
    ("ALIGN", (-3, 1), (-1, -1), "RIGHT"),
])  # fmt: skip


def render_statement(statement: Statement) -> bytes:
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer, pagesize=A4, title=f"对账单 Statement {statement.customer_id}", invariant=1,
        leftMargin=15 * mm, rightMargin=15 * mm, topMargin=15 * mm, bottomMargin=15 * mm,
    )  # fmt: skip
    last_day = statement.as_of.isoformat()
    story: list[object] = [
        Paragraph("对账单 Statement of account", TITLE),
        Paragraph(f"客户 Customer: {statement.customer_id}", BODY),
        Paragraph(f"期间 Period: {statement.period_from.isoformat()} – {last_day}", BODY),
        Paragraph(f"编号 Statement id: {statement.statement_id}", BODY),
    ]
    for cur in statement.currencies:
        c = cur.currency

        def shown(value: object, currency: str = c) -> str:
            return f"{rounded(value, currency):,}"  # type: ignore[arg-type]

        story += [
            Spacer(1, 4 * mm),
            Paragraph(f"币种 Currency: {c}", HEAD),
            Paragraph(f"期初余额 Opening balance: {shown(cur.opening_balance)} {c}", BODY),
        ]
        rows = [["日期 Date", "单据 Document", "摘要 Text", "借方 Debit", "贷方 Credit",
                 "余额 Balance"]]  # fmt: skip
        rows += [
            [
                line.on.isoformat(),
                line.document_id,
                line.text[:40],
                shown(line.debit),
                shown(line.credit),
                shown(line.balance),
            ]
            for line in cur.lines
        ]
        story += [Table(rows, repeatRows=1, style=GRID), Spacer(1, 2 * mm)]
        story.append(Paragraph(f"期末余额 Closing balance: {shown(cur.closing_balance)} {c}", BODY))
        story.append(
            Paragraph(f"未核销款项 Unapplied credit: {shown(cur.unapplied_credit)} {c}", BODY)
        )
        aging = " · ".join(f"{bucket}: {shown(v)}" for bucket, v in cur.aging.items())
        story.append(Paragraph(f"账龄 Aging (days past due): {aging}", BODY))
    if statement.reward_points is not None:
        story += [
            Spacer(1, 4 * mm),
            Paragraph(f"积分余额 Reward points balance on {last_day}: "
                      f"{statement.reward_points:,}", BODY),
        ]  # fmt: skip
    story += [
        Spacer(1, 6 * mm),
        Paragraph(
            "请核对上述余额；如有异议，请注明有争议的单据。 Please confirm the balance above, or "
            "name the documents you dispute.",
            BODY,
        ),
    ]
    doc.build(story)  # type: ignore[arg-type]
    return buffer.getvalue()
