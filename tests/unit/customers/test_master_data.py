"""Master data and contacts: set, add, change, remove, and import idempotent by number."""

from __future__ import annotations

from typing import Any

import pytest

from services.customers.domain.commands import (
    AddContact,
    ChangeContact,
    ImportCustomer,
    RemoveContact,
    SetMasterData,
)
from services.customers.domain.credit.csv_import import parse_customers_csv
from services.customers.domain.errors import CustomerRegistrationConflict
from services.customers.domain.importing import import_command
from services.customers.domain.master_decide import personal_data_after
from services.customers.domain.personal import PersonalData
from shared.contracts import encode_event
from shared.contracts.customers import ContactAdded, ContactChanged, CustomerMasterDataChanged
from tests.support.credit_csv import customer_row, customers_csv, uscc
from tests.unit.customers.given import CUSTOMER, History, contact, register, types


def imported(**changes: str) -> ImportCustomer:
    parsed = parse_customers_csv(customers_csv([customer_row(1, customer_number=CUSTOMER,
                                                             **changes)]))  # fmt: skip
    assert parsed.errors == ()
    [customer] = parsed.customers
    return import_command(customer, "csv")


def master_data(**changes: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "legal_name": "上海示例贸易有限公司",
        "registration": {"country": "CN", "number": uscc(7)},
        "registered_address": {"country": "CN", "region": "上海市", "city": "上海市",
                               "street": ["世纪大道 1 号"], "postal_code": "200120"},
        "owner": "li.sales", "collector": "zhang.collector", "group": "G-1",
    }  # fmt: skip
    return {**fields, **changes}


def run_import(history: History, cmd: ImportCustomer, on_file: PersonalData | None) -> Any:
    decision = history.apply(cmd, requested_by="erp", on_file=on_file)
    return decision, personal_data_after(history.state, decision, cmd, on_file)


def test_importing_a_new_customer_registers_it_with_master_data_and_contacts() -> None:
    history = History()
    decision, on_file = run_import(history, imported(), None)

    assert types(decision) == ["CustomerRegistered", "CustomerMasterDataChanged", "ContactAdded"]
    master = decision.events[1]
    assert isinstance(master, CustomerMasterDataChanged)
    assert master.master_data.registration_scheme == "cn_uscc"
    assert (master.master_data.owner, master.source, master.requested_by) == (
        "li.sales", "csv", "erp",
    )  # fmt: skip
    added = decision.events[2]
    assert isinstance(added, ContactAdded)
    assert (added.contact.contact_id, added.contact.ref) == ("ct-1", "P-1")
    assert added.contact.business_roles == ("accounts_payable", "finance_manager")
    assert on_file.contacts[0].email == "ap1@example.cn"
    customer = history.state.customer
    assert customer is not None and customer.master_data is not None
    for event in decision.events:
        assert "王小明".encode() not in encode_event(event)
        assert b"ap1@example.cn" not in encode_event(event)


def test_the_same_import_again_changes_nothing() -> None:
    history = History()
    _, on_file = run_import(history, imported(), None)

    again, _ = run_import(history, imported(), on_file)

    assert types(again) == []


def test_a_changed_row_changes_only_what_differs_naming_the_fields_not_the_values() -> None:
    history = History()
    _, on_file = run_import(history, imported(), None)

    decision, after = run_import(
        history, imported(owner="chen.sales", contact_email="new@example.cn"), on_file
    )

    assert types(decision) == ["CustomerMasterDataChanged", "ContactChanged"]
    master, changed = decision.events
    assert isinstance(master, CustomerMasterDataChanged) and master.changed == ("owner",)
    assert isinstance(changed, ContactChanged) and changed.changed == ("email",)
    assert after.contacts[0].email == "new@example.cn"


def test_an_import_does_not_change_the_currency_of_a_registered_customer() -> None:
    history = History()
    _, on_file = run_import(history, imported(), None)

    with pytest.raises(CustomerRegistrationConflict, match="currency"):
        history.when(imported(currency="USD"), on_file=on_file)


def test_an_import_row_in_a_jurisdiction_without_policy_is_refused_naming_the_column() -> None:
    parsed = parse_customers_csv(customers_csv([customer_row(1, jurisdiction="de")]))

    [error] = parsed.errors
    assert (error.line, parsed.customers) == (2, ())
    assert error.reason.startswith("jurisdiction:")


def test_master_data_is_set_then_changed_by_field_with_who_did_it() -> None:
    history = History()
    registration = register()
    history.apply(registration)
    on_file = registration.personal_data()
    first_cmd = SetMasterData.model_validate({"customer_id": CUSTOMER,
                                              "master_data": master_data()})  # fmt: skip
    first = history.apply(first_cmd, requested_by="admin-1", on_file=on_file)
    on_file = personal_data_after(history.state, first, first_cmd, on_file)
    second_cmd = SetMasterData.model_validate(
        {"customer_id": CUSTOMER, "master_data": master_data(collector="wu.collector")}
    )
    second = history.apply(second_cmd, requested_by="admin-2", on_file=on_file)
    on_file = personal_data_after(history.state, second, second_cmd, on_file)
    third = history.apply(second_cmd, requested_by="admin-2", on_file=on_file)

    assert isinstance(first.events[0], CustomerMasterDataChanged)
    assert "registration" in first.events[0].changed
    [event] = second.events
    assert isinstance(event, CustomerMasterDataChanged)
    assert (event.changed, event.requested_by) == (("collector",), "admin-2")
    assert types(third) == []
    assert on_file.company is not None
    assert on_file.company.registered_address["street"] == ["世纪大道 1 号"]
    wire = encode_event(event)
    assert "世纪大道".encode() not in wire and b"\\u4e16" not in wire  # no address on the bus


def test_a_wrong_uscc_check_character_is_refused() -> None:
    number = uscc(7)
    wrong = number[:17] + ("0" if number[17] != "0" else "1")
    with pytest.raises(ValueError, match="check character"):
        SetMasterData.model_validate(
            {"customer_id": CUSTOMER,
             "master_data": master_data(registration={"country": "CN", "number": wrong})}
        )  # fmt: skip


def test_contacts_are_added_changed_and_removed_and_ids_never_reused() -> None:
    history = History()
    history.apply(register())
    add = AddContact.model_validate({"customer_id": CUSTOMER, "contact": contact(
        name="李四", business_roles=["legal_representative"])})  # fmt: skip
    added = history.apply(add, requested_by="collector-1")
    update = {k: v for k, v in contact(name="李四", phone=None).items() if k != "consent"}
    changed = history.apply(
        ChangeContact.model_validate({"customer_id": CUSTOMER, "contact_id": "ct-2",
                                      "contact": update}),
        on_file=personal_data_after(history.state, added, add, None))  # fmt: skip
    removed = history.apply(RemoveContact(customer_id=CUSTOMER, contact_id="ct-2"))
    again = history.apply(add)

    assert isinstance(added.events[0], ContactAdded)
    assert added.events[0].contact.contact_id == "ct-2"
    assert added.events[0].requested_by == "collector-1"
    assert isinstance(changed.events[0], ContactChanged)
    assert changed.events[0].changed == ("business_roles", "phone")
    assert types(removed) == ["ContactRemoved"]
    assert isinstance(again.events[0], ContactAdded)
    assert again.events[0].contact.contact_id == "ct-3"
    customer = history.state.customer
    assert customer is not None
    assert [c.contact_id for c in customer.contacts] == ["ct-1", "ct-3"]


def test_only_the_debtors_staff_hold_business_roles() -> None:
    with pytest.raises(ValueError, match="holds no business role"):
        AddContact.model_validate({"customer_id": CUSTOMER, "contact": contact(
            role="lawyer", business_roles=["finance_manager"])})  # fmt: skip
