"""Reports as an Excel workbook (openpyxl): one worksheet per report table.

Amounts and rates are numeric cells (shown with the places they carry), dates are date cells,
a missing value is the text "no data", and text is always stored as text — openpyxl would
otherwise store a string starting with "=" as a formula, and an id from outside could run.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Sequence
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell.cell import Cell as XlCell
from openpyxl.styles import Font

from services.analytics.domain.figures import NO_DATA
from services.analytics.domain.tables import Cell, Sheet

_BAD_TITLE = re.compile(r"[\[\]:*?/\\]")


def _title(name: str, taken: set[str]) -> str:
    title = _BAD_TITLE.sub("_", name)[:31] or "sheet"
    n = 2
    while title in taken:
        suffix = f" {n}"
        title, n = title[: 31 - len(suffix)] + suffix, n + 1
    taken.add(title)
    return title


def _put(cell: XlCell, value: Cell) -> None:
    match value:
        case None:
            cell.value = NO_DATA
        case Decimal():
            cell.value = value
            exponent = value.as_tuple().exponent
            places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
            cell.number_format = "0." + "0" * places if places else "0"
        case dt.date():
            cell.value = value
            cell.number_format = "yyyy-mm-dd"
        case str():
            cell.value = value
            cell.data_type = "s"
        case _:
            cell.value = value


def workbook(sheets: Sequence[Sheet]) -> bytes:
    """The sheets as the bytes of an .xlsx file."""
    book = Workbook()
    first = book.active
    if first is not None:
        book.remove(first)
    taken: set[str] = set()
    for sheet in sheets:
        ws = book.create_sheet(_title(sheet.name, taken))
        ws.append(list(sheet.header))
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for r, row in enumerate(sheet.rows, start=2):
            for c, value in enumerate(row, start=1):
                _put(ws.cell(row=r, column=c), value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
