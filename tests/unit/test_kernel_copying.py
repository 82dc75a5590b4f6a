"""``constructed`` builds exactly what pydantic's ``model_construct`` builds for values
naming every field, and leaves every other case to pydantic; ``fields_of`` gives what
``dict(model)`` gives."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

import pytest
from pydantic import BaseModel, ConfigDict, PrivateAttr, ValidationError

from services.invoicing.domain.ledger.account import Account
from shared.contracts.invoicing import InvoiceSettled
from shared.kernel.copying import CheapCopy, constructed, fields_of, validated
from shared.kernel.events import UNSTAMPED, new_event


class Plain(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    count: int = 0
    tags: tuple[str, ...] = ()


class WithPrivate(BaseModel):
    name: str
    _seen: int = PrivateAttr(default=7)


def same(a: BaseModel, b: BaseModel) -> bool:
    return (
        type(a) is type(b)
        and a.__dict__ == b.__dict__
        and a.model_fields_set == b.model_fields_set
        and a.__pydantic_extra__ == b.__pydantic_extra__
        and a.__pydantic_private__ == b.__pydantic_private__
    )


def test_every_field_given_is_what_model_construct_makes() -> None:
    made = constructed(Plain, {"name": "a", "count": 2, "tags": ("x",)})
    assert same(made, Plain.model_construct(name="a", count=2, tags=("x",)))
    assert made == Plain(name="a", count=2, tags=("x",))
    assert made.model_dump_json() == '{"name":"a","count":2,"tags":["x"]}'
    assert hash(made) == hash(Plain(name="a", count=2, tags=("x",)))  # frozen: hashable


def test_every_field_in_another_order_is_still_every_field() -> None:
    made = constructed(Plain, {"tags": ("x",), "count": 2, "name": "a"})
    assert same(made, Plain.model_construct(name="a", count=2, tags=("x",)))


def test_instances_with_every_field_share_one_fields_set_and_a_copy_that_sets_gets_its_own() -> (
    None
):
    """Every instance made with every field shares one fields-set (it holds every name, so
    nothing pydantic does adds to it); a copy that sets fields, pydantic's or ours, gets a
    set of its own before anything is added."""
    first = constructed(Plain, {"name": "a", "count": 1, "tags": ()})
    second = constructed(Plain, {"tags": (), "count": 1, "name": "b"})
    assert first.model_fields_set is second.model_fields_set
    assert first.model_fields_set == {"name", "count", "tags"}
    theirs = BaseModel.model_copy(first, update={"name": "c", "stray": 1})  # pydantic's own
    assert theirs.model_fields_set == {"name", "count", "tags", "stray"}
    assert second.model_fields_set == {"name", "count", "tags"}
    assert constructed(Plain, {"name": "d", "count": 1, "tags": ()}).model_fields_set == {
        "name",
        "count",
        "tags",
    }


def test_our_copy_shares_the_full_fields_set_only_while_it_stays_the_same() -> None:
    class Copied(CheapCopy):
        model_config = ConfigDict(frozen=True)

        name: str
        count: int = 0

    full = constructed(Copied, {"name": "a", "count": 1})
    assert full.model_copy(update={"count": 2}).model_fields_set is full.model_fields_set
    assert full.model_copy().model_fields_set is full.model_fields_set
    stray = full.model_copy(update={"stray": 1})  # not a field: a set of its own
    assert stray.model_fields_set == {"name", "count", "stray"}
    assert full.model_fields_set == {"name", "count"}
    partial = Copied(name="b")  # validated: only what was given is set
    copied = partial.model_copy(update={"count": 3})
    assert copied.model_fields_set == {"name", "count"} and partial.model_fields_set == {"name"}


def test_a_field_misnamed_goes_through_pydantic() -> None:
    made = constructed(Plain, {"name": "a", "count": 2, "tag": ("x",)})
    assert same(made, Plain.model_construct(name="a", count=2, tag=("x",)))


def test_a_field_left_out_gets_its_default_through_pydantic() -> None:
    made = constructed(Plain, {"name": "a"})
    assert made.count == 0 and made.tags == ()
    assert same(made, Plain.model_construct(name="a"))


def test_private_attributes_go_through_pydantic() -> None:
    made = constructed(WithPrivate, {"name": "a"})
    assert made._seen == 7
    assert same(made, WithPrivate.model_construct(name="a"))


def test_an_account_frozen_by_the_ledger_is_the_model_pydantic_would_build() -> None:
    values = {name: info.get_default(call_default_factory=True)
              for name, info in Account.model_fields.items()}  # fmt: skip
    values["customer_id"] = "C-1"
    made = constructed(Account, values)
    assert same(made, Account.model_construct(**values))
    assert Account.model_validate_json(made.model_dump_json()) == made


class WithExtra(BaseModel):
    model_config = ConfigDict(extra="allow")

    name: str


def test_fields_of_gives_what_dict_gives_and_a_copy() -> None:
    plain = Plain(name="a", count=2, tags=("x",))
    got = fields_of(plain)
    assert got == dict(plain) == {"name": "a", "count": 2, "tags": ("x",)}
    got["name"] = "changed"  # the caller's own dict: the model keeps its value
    assert plain.name == "a"
    extra = WithExtra(name="a", colour="red")  # type: ignore[call-arg]
    assert fields_of(extra) == dict(extra) == {"name": "a", "colour": "red"}
    assert fields_of(WithPrivate(name="b")) == dict(WithPrivate(name="b")) == {"name": "b"}


def test_what_a_class_is_found_to_be_is_remembered_and_stays_true() -> None:
    # Each class is looked at once; later calls must still treat each kind as its own.
    for _ in range(3):
        assert same(constructed(Plain, {"name": "a", "count": 1, "tags": ()}),
                    Plain.model_construct(name="a", count=1, tags=()))  # fmt: skip
        assert same(constructed(WithPrivate, {"name": "a"}), WithPrivate.model_construct(name="a"))
        extra = constructed(WithExtra, {"name": "a", "colour": "red"})
        assert same(extra, WithExtra.model_construct(name="a", colour="red"))
        assert extra.colour == "red"  # type: ignore[attr-defined]


class MadeItsOwnWay(CheapCopy):
    """A model with its own ``__new__``: copies and constructions must still call it."""

    name: str
    made: ClassVar[int] = 0

    def __new__(cls, *args: Any, **kwargs: Any) -> Any:
        MadeItsOwnWay.made += 1
        return super().__new__(cls)


def test_a_model_with_its_own_new_is_made_through_it() -> None:
    original = MadeItsOwnWay(name="a")
    before = MadeItsOwnWay.made
    copied = original.model_copy(update={"name": "b"})
    built = constructed(MadeItsOwnWay, {"name": "c"})
    again = built.model_copy()
    assert MadeItsOwnWay.made == before + 3
    assert (copied.name, built.name, again.name) == ("b", "c", "c")
    assert copied.model_fields_set == {"name"}


class WithOwnInit(BaseModel):
    name: str
    called: ClassVar[int] = 0

    def __init__(self, **data: Any) -> None:
        WithOwnInit.called += 1
        super().__init__(**data)


def test_validated_is_what_calling_the_class_gives() -> None:
    for data in ({"name": "a", "count": 2, "tags": ["x"]}, {"name": "b"}):
        assert same(validated(Plain, dict(data)), Plain(**data))  # defaults, fields set
    with pytest.raises(ValidationError) as ours:
        validated(Plain, {"name": 1, "colour": "red"})
    with pytest.raises(ValidationError) as theirs:
        Plain(name=1, colour="red")  # type: ignore[call-arg]
    assert ours.value.errors() == theirs.value.errors()
    before = WithOwnInit.called
    assert validated(WithOwnInit, {"name": "a"}).name == "a"
    assert WithOwnInit.called == before + 1  # its own __init__ ran


def test_a_new_event_is_the_one_the_class_builds_and_its_envelope_is_not_given() -> None:
    now = dt.datetime(2027, 1, 3, 9, 0, tzinfo=dt.UTC)
    fields = {"customer_id": "C-1", "invoice_id": "INV-1", "settled_on": dt.date(2027, 1, 3)}
    made = new_event(InvoiceSettled, now, **fields)
    assert same(made, InvoiceSettled(**UNSTAMPED, occurred_at=now, **fields))
    for envelope in ("event_id", "occurred_at", "producer"):
        with pytest.raises(TypeError, match=envelope):
            new_event(InvoiceSettled, now, **fields, **{envelope: None})


def test_a_journal_line_built_by_the_ledger_is_the_one_pydantic_validates() -> None:
    from decimal import Decimal

    from services.invoicing.domain.ledger.account import new_account
    from services.invoicing.domain.ledger.draft import Draft
    from services.invoicing.domain.ledger.model import AccountSettings, JournalEntry

    draft = Draft.of(new_account("C-1"))
    draft.set_settings(AccountSettings(jurisdiction="cn"), dt.date(2026, 11, 1))
    draft.add_debit("invoice due 2026-12-01", item_id="INV-1", kind="invoice", currency="CNY",
                    amount=Decimal("12.50"), booked_on=dt.date(2026, 11, 1),
                    due_date=dt.date(2026, 12, 1), group_id="INV-1")  # fmt: skip
    draft.post(dt.date(2026, 11, 2), "P-1", "payment", "CNY", Decimal("-2.50"), "paid")
    account = draft.freeze()
    for line in account.journal:
        assert same(line, JournalEntry(**line.__dict__))
    assert [(line.debit, line.credit) for line in account.journal] == [
        (Decimal("12.50"), Decimal(0)), (Decimal(0), Decimal("2.50"))]  # fmt: skip
    assert Account.model_validate_json(account.model_dump_json()) == account


class CopiedWithPrivate(CheapCopy):
    name: str
    _seen: int = PrivateAttr(default=7)


class CopiedWithExtra(CheapCopy):
    model_config = ConfigDict(extra="allow")

    name: str


def test_a_cheap_copy_of_a_model_with_private_or_extra_values_keeps_them() -> None:
    private = CopiedWithPrivate(name="a")
    private._seen = 9
    copied = private.model_copy(update={"name": "b"})
    assert (copied.name, copied._seen) == ("b", 9)
    extra = CopiedWithExtra(name="a", colour="red")  # type: ignore[call-arg]
    again = extra.model_copy(update={"name": "b"})
    assert again.name == "b" and again.__pydantic_extra__ == {"colour": "red"}
    plain = CopiedWithExtra.model_copy  # the plain path: an event, field values as they are
    assert plain is CheapCopy.model_copy
    event = InvoiceSettled.model_validate(
        {**UNSTAMPED, "occurred_at": dt.datetime(2026, 11, 30, tzinfo=dt.UTC),
         "customer_id": "C-1", "invoice_id": "INV-1", "settled_on": dt.date(2026, 11, 30)}
    )  # fmt: skip
    moved = event.model_copy(update={"aggregate_version": 2})
    assert moved.aggregate_version == 2 and moved.__pydantic_extra__ is None
    assert moved.model_dump(exclude={"aggregate_version"}) == event.model_dump(
        exclude={"aggregate_version"}
    )
