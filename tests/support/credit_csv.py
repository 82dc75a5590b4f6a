"""Generated customer import files (docs/credit-import.md), for tests and bench/."""

from __future__ import annotations

import csv
import io

from services.customers.domain.credit.registration import uscc_check_character

HEADER = (
    "customer_number", "legal_name", "registration_country", "registration_number",
    "jurisdiction", "currency", "owner", "registered_country", "registered_region",
    "registered_city", "registered_district", "registered_street_1", "registered_postal_code",
    "contact_ref", "contact_name", "contact_email", "contact_phone", "contact_language",
    "contact_timezone", "contact_role", "contact_business_roles", "contact_consent",
)  # fmt: skip


def uscc(n: int) -> str:
    """A valid 统一社会信用代码 for company number ``n`` (Shanghai Pudong, 工商)."""
    body = f"91310115{n:09d}"
    return body + uscc_check_character(body)


def customer_row(n: int, **changes: str) -> dict[str, str]:
    row = {
        "customer_number": f"C-{n:06d}", "legal_name": f"上海浦东测试贸易有限公司{n}",
        "registration_country": "CN", "registration_number": uscc(n), "jurisdiction": "cn",
        "currency": "CNY", "owner": "li.sales", "registered_country": "CN",
        "registered_region": "上海市", "registered_city": "上海市",
        "registered_district": "浦东新区",
        "registered_street_1": f"世纪大道 {n} 号", "registered_postal_code": "200120",
        "contact_ref": f"P-{n}", "contact_name": "王小明", "contact_email": f"ap{n}@example.cn",
        "contact_phone": "+8613800138000", "contact_language": "zh-CN",
        "contact_timezone": "Asia/Shanghai", "contact_role": "debtor_staff",
        "contact_business_roles": "accounts_payable;finance_manager", "contact_consent": "email",
    }  # fmt: skip
    return {**row, **changes}


def customers_csv(rows: list[dict[str, str]], bom: bool = True) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]) if rows else list(HEADER))
    writer.writeheader()
    writer.writerows(rows)
    return ("\ufeff" if bom else "").encode() + out.getvalue().encode("utf-8")
