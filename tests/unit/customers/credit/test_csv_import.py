"""Bulk import of customers and contacts from CSV: every malformed row reported with its
line number and reason, the rest imported; importing the same file again changes nothing."""

from __future__ import annotations

from services.customers.domain.credit.csv_import import parse_customers_csv, plan_import
from tests.support.credit_csv import customer_row, customers_csv


def test_ten_thousand_rows_import_and_a_malformed_one_is_reported_by_its_line() -> None:
    rows = [customer_row(n) for n in range(10_000)]
    rows[4321] = customer_row(4321, registration_number="91310115000004321X")
    parsed = parse_customers_csv(customers_csv(rows))
    # the header is line 1, so row 4321 (counting from 0) is on line 4323. Its check:
    # 9 1 3 1 0 1 1 5 0 0 0 0 0 4 3 2 1 weighted 9+3+27+27+0+26+16+85+0+0+0+0+0+96+30+60+28
    # = 407 = 31 × 13 + 4  →  31 - 4 = 27  →  "U"
    assert [(e.line, e.reason) for e in parsed.errors] == [
        (4323, "registration_number: Value error, 统一社会信用代码 check character is 'X', but "
               "the first 17 characters give 'U': a character is mistyped"),
    ]  # fmt: skip
    assert len(parsed.customers) == 9_999
    first = parsed.customers[0]
    assert (first.basic.customer_id, first.basic.registered_address.postal_code) == (
        "C-000000", "200120"
    )  # fmt: skip
    assert first.contacts[0].roles.business_roles == {"accounts_payable", "finance_manager"}


def test_the_same_file_again_changes_nothing_and_a_changed_row_is_a_change() -> None:
    rows = [customer_row(n) for n in range(50)]
    known = {c.basic.customer_id: c for c in parse_customers_csv(customers_csv(rows)).customers}
    again = parse_customers_csv(customers_csv(rows, bom=False)).customers
    assert {c.kind for c in plan_import(known, again)} == {"unchanged"}
    rows[7] = customer_row(7, owner="zhao.sales", contact_phone="+8613900139000")
    rows.append(customer_row(50))
    plan = plan_import(known, parse_customers_csv(customers_csv(rows)).customers)
    moved = [(c.customer_id, c.kind, c.changed) for c in plan if c.kind != "unchanged"]
    assert moved == [
        ("C-000007", "changed", ("owner", "contact P-7")),
        ("C-000050", "new", ()),
    ]


def test_a_customers_contacts_come_on_several_rows() -> None:
    rows = [
        customer_row(1),
        customer_row(1, contact_ref="P-1b", contact_name="李会计", contact_email="li@example.cn",
                     contact_business_roles="cashier"),
        customer_row(2, contact_ref="", contact_name="", contact_email="", contact_phone="",
                     contact_language="", contact_timezone="", contact_role="",
                     contact_business_roles="", contact_consent=""),
    ]  # fmt: skip
    customers = parse_customers_csv(customers_csv(rows)).customers
    assert [[c.contact_ref for c in customer.contacts] for customer in customers] == [
        ["P-1", "P-1b"], []
    ]  # fmt: skip


def test_a_customer_with_a_bad_row_is_not_imported_and_its_other_rows_say_why() -> None:
    rows = [
        customer_row(1),
        customer_row(1, contact_ref="P-1b", contact_email="not-an-address"),
        customer_row(2),
    ]
    parsed = parse_customers_csv(customers_csv(rows))
    assert [str(e) for e in parsed.errors] == [
        "line 2: not imported: customer C-000001 has a malformed row at line 3",
        "line 3: contact_email: Value error, not a valid e-mail address",
    ]
    assert [c.basic.customer_id for c in parsed.customers] == ["C-000002"]


def test_rows_of_one_customer_must_agree_on_the_customer() -> None:
    rows = [customer_row(1), customer_row(1, contact_ref="P-9", legal_name="别的公司")]
    parsed = parse_customers_csv(customers_csv(rows))
    assert "line 3: customer C-000001 differs from line 2 in legal_name" in map(str, parsed.errors)
    assert parsed.customers == ()


def test_a_record_spanning_lines_is_reported_at_the_line_it_starts_on() -> None:
    rows = [
        customer_row(1, registered_street_1="世纪大道 1 号\n2 楼"),
        customer_row(2, currency="RMB"),
    ]
    parsed = parse_customers_csv(customers_csv(rows))
    assert [(e.line, e.reason.split(":")[0]) for e in parsed.errors] == [
        (2, "registered_street_1"),
        (4, "currency"),
    ]
    assert "U+000A LINE FEED" in parsed.errors[0].reason


def test_an_error_names_the_column_but_never_repeats_personal_data() -> None:
    rows = [customer_row(1, contact_name="王\u202e小明", contact_phone="13800138000")]
    reasons = " ".join(e.reason for e in parse_customers_csv(customers_csv(rows)).errors)
    assert "contact_name: contains U+202E RIGHT-TO-LEFT OVERRIDE" in reasons
    assert "小明" not in reasons and "13800138000" not in reasons


def test_bytes_that_are_not_utf8_are_reported_on_their_line() -> None:
    data = customers_csv([customer_row(1), customer_row(2)]).replace(
        "测试".encode(), b"\xb2\xe2", 1
    )
    parsed = parse_customers_csv(data)
    assert [(e.line, e.reason.split(",")[0]) for e in parsed.errors] == [
        (2, "legal_name: contains U+DCB2")
    ]
    assert [c.basic.customer_id for c in parsed.customers] == ["C-000002"]


def test_a_header_with_unknown_duplicate_or_missing_columns_imports_nothing() -> None:
    data = b"customer_number,legal_name,lega_name,legal_name\nC-1,A,B,C\n"
    parsed = parse_customers_csv(data)
    reasons = [str(e) for e in parsed.errors]
    assert "line 1: unknown column 'lega_name'" in reasons
    assert "line 1: column 'legal_name' appears twice" in reasons
    assert "line 1: required column 'registration_number' is missing" in reasons
    assert parsed.customers == ()
    assert [str(e) for e in parse_customers_csv(b"").errors] == [
        "line 1: the file is empty: a header line naming the columns comes first"
    ]


def test_a_row_with_too_few_fields_is_reported() -> None:
    data = customers_csv([customer_row(1)]) + b"C-000002,short\n"
    parsed = parse_customers_csv(data)
    assert [str(e) for e in parsed.errors] == ["line 3: has 2 fields, the header 22"]
    assert len(parsed.customers) == 1


def test_a_row_with_broken_quoting_is_reported_and_the_next_rows_still_import() -> None:
    after = customers_csv([customer_row(3)]).split(b"\r\n", 1)[1]
    data = customers_csv([customer_row(1)]) + b'C-000002,"broken"x,CN\r\n' + after
    parsed = parse_customers_csv(data)
    assert [str(e) for e in parsed.errors] == ["line 3: not valid CSV: ',' expected after '\"'"]
    assert [c.basic.customer_id for c in parsed.customers] == ["C-000001", "C-000003"]
