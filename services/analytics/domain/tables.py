"""A plain table — a header and rows of cells — and its CSV text."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

from pydantic import BaseModel, ConfigDict

from services.analytics.domain.figures import NO_DATA

Cell = str | int | Decimal | dt.date | None
# A spreadsheet runs a cell starting with one of these as a formula: text is never allowed to.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class Sheet(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: str
    header: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]


def text(cell: Cell) -> str:
    """A cell as CSV text: decimals in plain notation, dates ISO, text never a formula."""
    match cell:
        case None:
            return NO_DATA
        case Decimal():
            return format(cell, "f")
        case dt.date():
            return cell.isoformat()
        case str() if cell.startswith(FORMULA_STARTS):
            return "'" + cell
        case _:
            return str(cell)


def csv_text(sheet: Sheet) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(sheet.header)
    writer.writerows([text(c) for c in row] for row in sheet.rows)
    return out.getvalue()
