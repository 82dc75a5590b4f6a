"""Reports downloaded as CSV and Excel read back to the same figures."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

from openpyxl import load_workbook

from services.analytics.adapters.excel import workbook
from services.analytics.domain import (
    Book,
    Period,
    aging,
    cei,
    collector_activity,
    cure_rates,
    disputes,
    dso,
    promise_kept_rate,
    recovery,
)
from services.analytics.domain.exports import (
    aging_sheet,
    cei_sheet,
    collector_sheet,
    cure_sheet,
    dispute_sheet,
    dso_sheet,
    outcome_sheet,
    recovery_sheet,
)
from services.analytics.domain.tables import Sheet, csv_text
from tests.unit.analytics import test_casework, test_cei, test_cure_rates, test_dso, test_recovery
from tests.unit.analytics.given import d, issue

MARCH = Period.month(2026, 3)


def read_csv(sheet: Sheet) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(csv_text(sheet))))


def test_aging_as_csv_has_a_column_per_bucket_and_the_total() -> None:
    book = Book.of(
        [
            issue("I1", "1000.00", d(2026, 1, 1), d(2026, 1, 31)),
            issue("=cmd|' /C calc'!A0", 5, d(2026, 3, 1), d(2026, 3, 31), customer="=HYPERLINK(1)"),
        ]
    )

    rows = read_csv(aging_sheet(aging(book, d(2026, 3, 15), "customer")))

    assert rows[0] == {
        "customer": "'=HYPERLINK(1)",  # text from outside never becomes a formula
        "currency": "CNY",
        "not_due": "5",
        "1-30": "0",
        "31-60": "0",
        "61-90": "0",
        "91-180": "0",
        "181-365": "0",
        "over_365": "0",
        "total": "5",
        "invoices": "1",
        "as_of": "2026-03-15",
    }
    assert (rows[1]["customer"], rows[1]["31-60"], rows[1]["total"]) == (
        "C-1",
        "1000.00",
        "1000.00",
    )


def test_cei_as_csv_shows_both_parts_of_the_index_and_no_data_where_nothing_was_collectible() -> (
    None
):
    book = Book.of(test_cei.MARCH)

    rows = read_csv(cei_sheet([cei(book, "CNY", 2026, 3), cei(book, "USD", 2026, 3)]))

    assert [(r["month"], r["collected"], r["collectible"], r["cei_percent"]) for r in rows] == [
        ("2026-03", "60000", "80000", "75.00"),
        ("2026-03", "0", "0", "no data"),
    ]


def test_cure_rates_as_csv_keep_counts_and_money_with_no_data_for_empty_levels() -> None:
    table = cure_rates(Book.of(test_cure_rates.FACTS), "level", 14, test_cure_rates.AS_OF)

    rows = read_csv(cure_sheet(table))

    by_level = {r["level"]: r for r in rows}
    assert (by_level["1"]["cured"], by_level["1"]["counted"], by_level["1"]["cure_percent"]) == (
        "1",
        "2",
        "50.00",
    )
    assert (by_level["1"]["paid_within"], by_level["1"]["owed"]) == ("1500", "3000")
    assert by_level["3"]["cure_percent"] == "no data"


def every_sheet() -> list[Sheet]:
    dso_book = Book.of(test_dso.QUARTER)
    case_book = Book.of([*test_casework.PROMISES, *test_casework.DISPUTES])
    return [
        aging_sheet(aging(dso_book, test_dso.MARCH_END)),
        dso_sheet([dso(dso_book, test_dso.MARCH_END, "CNY")]),
        cei_sheet([cei(Book.of(test_cei.MARCH), "CNY", 2026, 3)]),
        recovery_sheet(recovery(Book.of(test_recovery.FACTS), test_recovery.AS_OF)),
        cure_sheet(
            cure_rates(Book.of(test_cure_rates.MESSAGES), "channel", 14, test_cure_rates.AS_OF)
        ),
        outcome_sheet("promises", promise_kept_rate(case_book, MARCH, d(2026, 4, 10))),
        dispute_sheet(disputes(case_book, MARCH, d(2026, 4, 30))),
        collector_sheet(collector_activity(case_book, MARCH, d(2026, 4, 30))),
    ]


def test_every_report_survives_a_round_trip_through_an_excel_workbook() -> None:
    sheets = every_sheet()

    wb = load_workbook(io.BytesIO(workbook(sheets)))

    assert wb.sheetnames == [s.name for s in sheets]
    for sheet in sheets:
        values = list(wb[sheet.name].iter_rows(values_only=True))
        assert values[0] == sheet.header
        assert len(values) == len(sheet.rows) + 1
        for written, read in zip(sheet.rows, values[1:], strict=True):
            assert [as_read(c) for c in written] == [as_read(c) for c in read]


def as_read(cell: object) -> object:
    """What a cell holds once read back: numbers compare by value, dates as dates."""
    if cell is None:
        return "no data"
    if isinstance(cell, Decimal | int | float) and not isinstance(cell, bool):
        return Decimal(str(cell)).normalize()
    if isinstance(cell, dt.datetime):
        return cell.date()
    return cell


def test_the_dso_workbook_holds_the_worked_figures_as_numbers() -> None:
    report = dso(Book.of(test_dso.QUARTER), test_dso.MARCH_END, "CNY")

    ws = load_workbook(io.BytesIO(workbook([dso_sheet([report])])))["dso"]

    header = [c.value for c in ws[1]]
    row = {h: c.value for h, c in zip(header, ws[2], strict=True)}
    assert (row["count_back_dso"], row["count_back_bpdso"], row["count_back_add"]) == (
        73.2,
        31,
        42.2,
    )
    assert row["simple_dso"] == 76.3
    assert ws.cell(row=2, column=header.index("simple_dso") + 1).number_format == "0.0"


def test_text_starting_like_a_formula_is_stored_as_text_in_the_workbook() -> None:
    sheet = Sheet(name="ids", header=("customer",), rows=(("=1+1",), ("@SUM(A1)",)))

    ws = load_workbook(io.BytesIO(workbook([sheet])))["ids"]

    assert [(c.value, c.data_type) for (c,) in ws.iter_rows(min_row=2)] == [
        ("=1+1", "s"),
        ("@SUM(A1)", "s"),
    ]
