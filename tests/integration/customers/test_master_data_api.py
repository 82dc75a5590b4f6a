"""Master data and contacts through the API: every change an event naming who made it;
the customer list with filters and paging; a CSV import idempotent by customer number."""

from __future__ import annotations

from typing import Any

import redis.asyncio as aioredis

from services.customers.adapters.directory_store import ENTRY_KEY, IDS_KEY, VERSION_KEY
from shared.contracts.customers import (
    ContactAdded,
    ContactChanged,
    ContactRemoved,
    CustomerMasterDataChanged,
)
from shared.infra.settings import Settings
from tests.integration.customers.harness import (
    ADMIN,
    AUDITOR,
    COLLECTOR,
    INTEGRATION,
    PERSON,
    contact_body,
    published,
    registration,
    running,
)
from tests.support.credit_csv import customer_row, customers_csv, uscc


def master_data(**changes: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "legal_name": "上海示例贸易有限公司",
        "registration": {"country": "CN", "number": uscc(42)},
        "registered_address": {"country": "CN", "region": "上海市", "city": "上海市",
                               "district": "浦东新区", "street": ["世纪大道 1 号"],
                               "postal_code": "200120"},
        "postal_address": {"country": "CN", "city": "上海市", "street": ["邮政信箱 88 号"],
                           "postal_code": "200002"},
        "group": "G-100", "owner": "li.sales", "collector": "zhang.collector",
    }  # fmt: skip
    return {**fields, **changes}


async def test_master_data_and_contacts_change_by_events_naming_who_did_it(
    redis: aioredis.Redis, settings: Settings
) -> None:
    async with running(settings, redis) as svc:
        await svc.register()
        put = await svc.client.put("/customers/C-1001/master-data", json=master_data(),
                                   headers=svc.as_(ADMIN))  # fmt: skip
        added = await svc.client.post(
            "/customers/C-1001/contacts",
            json=contact_body(name="李法人", email="legal@example.cn", ref="ERP-P-2",
                              business_roles=["legal_representative"]),
            headers=svc.as_(COLLECTOR),
        )  # fmt: skip
        update = contact_body(name="李法人", email="legal2@example.cn", ref="ERP-P-2",
                              business_roles=["legal_representative"])  # fmt: skip
        del update["consent"]
        changed = await svc.client.put("/customers/C-1001/contacts/ct-2", json=update,
                                       headers=svc.as_(INTEGRATION))  # fmt: skip
        removed = await svc.client.delete("/customers/C-1001/contacts/ct-1",
                                          headers=svc.as_(ADMIN))  # fmt: skip
        profile = await svc.client.get("/customers/C-1001", headers=svc.as_(COLLECTOR))

    assert put.status_code == 200, put.text
    assert put.json()["master_data"]["registration_scheme"] == "cn_uscc"
    assert added.status_code == 201, added.text
    assert added.json()["contact"]["contact_id"] == "ct-2"
    assert "李法人" not in added.text and "legal@example.cn" not in added.text
    assert changed.status_code == 200 and changed.json()["changed"] is True
    assert removed.status_code == 200
    body = profile.json()
    assert body["master_data"]["postal_address"]["street"] == ["邮政信箱 88 号"]
    [contact] = body["contacts"]
    assert (contact["contact_id"], contact["email"]) == ("ct-2", "legal2@example.cn")
    assert contact["business_roles"] == ["legal_representative"]
    events = [e for e in await published(redis) if e.type != "CustomerRegistered"]
    assert [(e.type, getattr(e, "requested_by", None)) for e in events] == [
        ("CustomerMasterDataChanged", "test-admin"),
        ("ContactAdded", "test-collector"),
        ("ContactChanged", "test-integration"),
        ("ContactRemoved", "test-admin"),
    ]
    assert isinstance(events[0], CustomerMasterDataChanged)
    assert isinstance(events[1], ContactAdded) and events[1].contact.ref == "ERP-P-2"
    assert isinstance(events[2], ContactChanged) and events[2].changed == ("email",)
    assert isinstance(events[3], ContactRemoved) and events[3].contact_id == "ct-1"


async def test_a_wrong_uscc_or_a_hostile_address_line_is_refused_naming_the_field(
    redis: aioredis.Redis, settings: Settings
) -> None:
    number = uscc(42)
    wrong = number[:17] + ("0" if number[17] != "0" else "1")
    bad_street = master_data()
    bad_street["registered_address"]["street"] = ["世纪大道\r\nBcc: x@example.com"]
    async with running(settings, redis) as svc:
        await svc.register()
        refused = await svc.client.put(
            "/customers/C-1001/master-data",
            json=master_data(registration={"country": "CN", "number": wrong}),
            headers=svc.as_(ADMIN),
        )
        hostile = await svc.client.put("/customers/C-1001/master-data", json=bad_street,
                                       headers=svc.as_(ADMIN))  # fmt: skip

    assert refused.status_code == 422
    assert "check character" in refused.text
    assert hostile.status_code == 422
    errors = hostile.json()["detail"]
    assert {tuple(e["loc"][:3]) for e in errors} == {("body", "registered_address", "street")}
    assert "U+000D" in errors[0]["msg"]


async def test_the_customer_list_filters_and_pages_without_personal_data(
    redis: aioredis.Redis, settings: Settings
) -> None:
    async with running(settings, redis) as svc:
        for n in range(1, 8):
            cid = f"C-{n:03d}"
            await svc.register(registration(cid, currency="USD" if n % 2 else "CNY"))
            owner = "li.sales" if n <= 4 else "chen.sales"
            await svc.client.put(f"/customers/{cid}/master-data",
                                 json=master_data(owner=owner), headers=svc.as_(ADMIN))  # fmt: skip
        await svc.hold("C-003")
        first = await svc.client.get("/customers", params={"limit": 3}, headers=svc.as_(AUDITOR))
        second = await svc.client.get(
            "/customers", params={"limit": 3, "after": first.json()["next_after"]},
            headers=svc.as_(AUDITOR),
        )  # fmt: skip
        usd_li = await svc.client.get(
            "/customers", params={"currency": "USD", "owner": "li.sales"},
            headers=svc.as_(COLLECTOR),
        )  # fmt: skip
        held = await svc.client.get("/customers", params={"legal_hold": "true"},
                                    headers=svc.as_(COLLECTOR))  # fmt: skip
        bad = await svc.client.get("/customers", params={"limit": 0}, headers=svc.as_(AUDITOR))
        erp = await svc.client.get("/customers", headers=svc.as_(INTEGRATION))

    ids = [c["customer_id"] for c in first.json()["customers"]]
    assert ids == ["C-001", "C-002", "C-003"]
    assert first.json()["next_after"] == "C-003"
    assert [c["customer_id"] for c in second.json()["customers"]] == ["C-004", "C-005", "C-006"]
    assert [c["customer_id"] for c in usd_li.json()["customers"]] == ["C-001", "C-003"]
    assert usd_li.json()["next_after"] is None
    assert [c["customer_id"] for c in held.json()["customers"]] == ["C-003"]
    assert first.json()["customers"][0]["registration_number"] == uscc(42)
    assert PERSON not in first.text
    assert (bad.status_code, erp.status_code) == (422, 403)


async def test_the_list_can_be_rebuilt_from_the_streams(
    redis: aioredis.Redis, settings: Settings
) -> None:
    async with running(settings, redis) as svc:
        await svc.register(registration("C-1"))
        await svc.register(registration("C-2"))
        await redis.delete(IDS_KEY, ENTRY_KEY, VERSION_KEY)
        empty = await svc.client.get("/customers", headers=svc.as_(AUDITOR))
        rebuilt = await svc.client.post("/admin/customers/directory/rebuild",
                                        headers=svc.as_(ADMIN))  # fmt: skip
        listed = await svc.client.get("/customers", headers=svc.as_(AUDITOR))

    assert empty.json()["customers"] == []
    assert rebuilt.json() == {"customers": 2}
    assert [c["customer_id"] for c in listed.json()["customers"]] == ["C-1", "C-2"]


async def test_a_csv_import_reports_a_malformed_row_by_line_and_again_changes_nothing(
    redis: aioredis.Redis, settings: Settings
) -> None:
    rows = [customer_row(n) for n in range(1, 6)]
    rows[2]["registration_number"] = "913101150000000031"  # line 4: a wrong check character
    data = customers_csv(rows)
    async with running(settings, redis) as svc:
        first = await svc.client.post("/admin/customers/import", content=data,
                                      headers={**svc.as_(INTEGRATION),
                                               "Content-Type": "text/csv"})  # fmt: skip
        after_first = len(await published(redis))
        again = await svc.client.post("/admin/customers/import", content=data,
                                      headers={**svc.as_(INTEGRATION),
                                               "Content-Type": "text/csv"})  # fmt: skip
        collector = await svc.client.post("/admin/customers/import", content=data,
                                          headers=svc.as_(COLLECTOR))  # fmt: skip

    assert first.status_code == 200, first.text
    report = first.json()
    assert (report["new"], report["changed"], report["unchanged"]) == (4, 0, 0)
    [row] = report["malformed_rows"]
    assert row["line"] == 4 and "registration_number" in row["reason"]
    assert (again.json()["new"], again.json()["unchanged"]) == (0, 4)
    assert len(await published(redis)) == after_first
    assert collector.status_code == 403
