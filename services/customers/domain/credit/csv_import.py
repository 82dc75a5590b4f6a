"""Bulk import of customers and contacts from a CSV file (UTF-8, with or without BOM).

Every malformed row is reported with its line number (the line its record starts on;
the header is line 1) and the reason, naming the column and never echoing personal
data; the good customers are returned. A customer any of whose rows is malformed is not
imported (its other rows say so), so no customer is imported with part of its contacts.
Importing is idempotent by the customer number: ``plan_import`` says which customers
are new, which changed (and in what) and which are as they were.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Literal

from pydantic import ValidationError

from services.customers.domain.credit.base import Frozen
from services.customers.domain.credit.csv_rows import (
    COLUMNS,
    REQUIRED,
    ImportedContact,
    ImportedCustomer,
    ImportRow,
    basic_fields,
    column_of,
    contact_fields,
)
from services.customers.domain.credit.text import refused_character

if TYPE_CHECKING:
    from _csv import Reader as CsvReader


class RowError(Frozen):
    line: int
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}"


class ParsedFile(Frozen):
    """The good customers, in the order of their first line, and every row refused."""

    customers: tuple[ImportedCustomer, ...]
    errors: tuple[RowError, ...]


def _header_problems(header: Sequence[str] | None) -> list[str]:
    if not header:
        return ["the file is empty: a header line naming the columns comes first"]
    problems = [f"unknown column {c!r}" for c in header if c not in COLUMNS]
    problems += [f"column {c!r} appears twice" for c in sorted(set(header)) if header.count(c) > 1]
    problems += [f"required column {c!r} is missing" for c in REQUIRED if c not in header]
    return problems


def _row(cells: list[str], header: Sequence[str]) -> ImportRow | str:
    if len(cells) != len(header):
        return f"has {len(cells)} fields, the header {len(header)}"
    for column, cell in zip(header, cells, strict=True):
        problem = refused_character(cell)
        if problem:
            return f"{column}: {problem}"
    row = dict(zip(header, (cell.strip() for cell in cells), strict=True))
    try:
        return ImportRow.model_validate(
            {"basic": basic_fields(row), "contact": contact_fields(row)}
        )
    except ValidationError as exc:
        return "; ".join(f"{column_of(e['loc'])}: {e['msg']}" for e in exc.errors())


def parse_customers_csv(data: bytes) -> ParsedFile:
    """The customers of a CSV file (see docs/credit-import.md), and every malformed row."""
    text = data.decode("utf-8-sig", errors="surrogateescape")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [column.strip() for column in next(reader, [])]
    except csv.Error as exc:
        return ParsedFile(customers=(), errors=(RowError(line=1, reason=str(exc)),))
    problems = _header_problems(header)
    if problems:
        return ParsedFile(customers=(), errors=tuple(RowError(line=1, reason=p) for p in problems))
    return _collect(reader, header)


Lines = list[tuple[int, ImportRow]]


def _records(reader: CsvReader) -> Iterator[tuple[int, list[str] | csv.Error]]:
    """Each record with the line it starts on, or the CSV error that stopped it."""
    start = reader.line_num + 1
    while True:
        try:
            yield start, next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield start, exc
        start = reader.line_num + 1


def _collect(reader: CsvReader, header: Sequence[str]) -> ParsedFile:
    rows: dict[str, Lines] = {}
    errors: list[RowError] = []
    bad: dict[str, int] = {}  # customer number → its first malformed line
    number_at = header.index("customer_number")
    for line, cells in _records(reader):
        if isinstance(cells, csv.Error):
            errors.append(RowError(line=line, reason=f"not valid CSV: {cells}"))
            continue
        if not any(cell.strip() for cell in cells):
            continue
        parsed = _row(cells, header)
        if isinstance(parsed, ImportRow):
            rows.setdefault(parsed.basic.customer_id, []).append((line, parsed))
            continue
        errors.append(RowError(line=line, reason=parsed))
        if len(cells) == len(header) and cells[number_at].strip():
            bad.setdefault(cells[number_at].strip(), line)
    customers = [_customer(number, lines, bad, errors) for number, lines in rows.items()]
    return ParsedFile(
        customers=tuple(c for c in customers if c is not None),
        errors=tuple(sorted(errors, key=lambda e: e.line)),
    )


def _customer(
    number: str, lines: Lines, bad: dict[str, int], errors: list[RowError]
) -> ImportedCustomer | None:
    first_line, first = lines[0]
    contacts: dict[str, tuple[int, ImportedContact]] = {}
    for line, row in lines:
        differs = row.basic.changes_from(first.basic)
        if differs:
            reason = f"customer {number} differs from line {first_line} in {', '.join(differs)}"
            errors.append(RowError(line=line, reason=reason))
            bad.setdefault(number, line)
        contact, seen = row.contact, contacts.get(row.contact.contact_ref) if row.contact else None
        if contact is not None and seen is not None and seen[1] != contact:
            reason = f"contact {contact.contact_ref} differs from line {seen[0]}"
            errors.append(RowError(line=line, reason=reason))
            bad.setdefault(number, line)
        elif contact is not None:
            contacts[contact.contact_ref] = (line, contact)
    if number in bad:
        reason = f"not imported: customer {number} has a malformed row at line {bad[number]}"
        errors.extend(RowError(line=line, reason=reason) for line, _ in lines)
        return None
    ordered = tuple(contacts[ref][1] for ref in sorted(contacts))
    return ImportedCustomer(basic=first.basic, contacts=ordered)


class ImportChange(Frozen):
    """What importing one customer does: add it, change these parts of it, or nothing."""

    customer_id: str
    kind: Literal["new", "changed", "unchanged"]
    changed: tuple[str, ...] = ()


def plan_import(
    known: Mapping[str, ImportedCustomer], incoming: Sequence[ImportedCustomer]
) -> tuple[ImportChange, ...]:
    """Compare the file with what is on record (by customer number). A contact missing from
    the file is kept: collectors add contacts the ERP does not know."""
    changes = []
    for customer in incoming:
        number = customer.basic.customer_id
        before = known.get(number)
        if before is None:
            changes.append(ImportChange(customer_id=number, kind="new"))
            continue
        was = {c.contact_ref: c for c in before.contacts}
        changed = customer.basic.changes_from(before.basic) + tuple(
            f"contact {c.contact_ref}" for c in customer.contacts if was.get(c.contact_ref) != c
        )
        kind: Literal["changed", "unchanged"] = "changed" if changed else "unchanged"
        changes.append(ImportChange(customer_id=number, kind=kind, changed=changed))
    return tuple(changes)
