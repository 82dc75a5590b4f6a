"""Hypothesis strategies derived from the contracts' own field declarations.

A strategy is built for any registered event from its pydantic fields (types, Literal
choices, length / range / pattern constraints, nested models), so an event type added to
``shared.contracts`` is covered without touching this file. Money uses the currency's
own decimal places; datetimes are aware, in arbitrary zones.
"""

from __future__ import annotations

import datetime as dt
import types
import uuid
from decimal import Decimal
from functools import cache
from typing import Annotated, Any, Literal, Union, get_args, get_origin
from zoneinfo import ZoneInfo

from hypothesis import strategies as st
from pydantic import AwareDatetime, BaseModel
from pydantic.fields import FieldInfo

from shared.contracts import Event, Money
from shared.contracts.money import minor_units
from shared.kernel.text import BIDI_CONTROLS, _multiline, _single_line
from shared.web.schemas import current_version

CURRENCIES = ["CNY", "USD", "EUR", "GBP", "JPY", "KRW", "KWD", "BHD"]
MAX_UNITS = 10**12


@st.composite
def _money(draw: st.DrawFn, positive: bool = False) -> Money:
    currency = draw(st.sampled_from(CURRENCIES))
    places = minor_units(currency)
    smallest = Decimal(1).scaleb(-places)
    amount = draw(
        st.decimals(
            min_value=smallest if positive else -MAX_UNITS,
            max_value=MAX_UNITS,
            places=places,
            allow_nan=False,
            allow_infinity=False,
        )
    )
    return Money(amount=amount, currency=currency)


MONEY = {False: _money(), True: _money(positive=True)}


# UTC, DST zones, half- and quarter-hour offsets.
ZONES = ["Asia/Shanghai", "America/Los_Angeles", "Europe/London", "Asia/Kolkata",
         "Pacific/Chatham", "America/St_Johns", "Asia/Kathmandu"]  # fmt: skip


def _one_instant(moment: dt.datetime) -> bool:
    """A local time that names one instant: not in a DST gap or overlap, where the offset
    depends on ``fold``. Python never finds such a time equal to a time in another zone
    (PEP 495), even to the UTC instant it is sent as, so a round trip through UTC could
    not compare equal; the wire keeps the instant either way."""
    return moment.utcoffset() == moment.replace(fold=1 - moment.fold).utcoffset()


AWARE_DATETIMES = st.datetimes(
    min_value=dt.datetime(1970, 1, 2),
    max_value=dt.datetime(2200, 1, 1),
    timezones=st.sampled_from([dt.UTC, *(ZoneInfo(z) for z in ZONES)]),
).filter(_one_instant)


def _constraints(metadata: list[Any]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for item in metadata:
        for name in ("min_length", "max_length", "ge", "gt", "le", "lt", "pattern"):
            value = getattr(item, name, None)
            if value is not None:
                found[name] = value
    return found


def _is_positive_money(metadata: list[Any]) -> bool:
    return any(getattr(getattr(m, "func", None), "__name__", "") == "positive" for m in metadata)


# The validators of ``shared.kernel.text``'s typed text, and the characters beyond the
# visible ones each takes (multiline text: line feeds and tabs).
_TYPED_TEXT = {_single_line: "", _multiline: "\n\t"}


def _typed_text(metadata: list[Any]) -> str | None:
    """The characters beyond the visible ones a typed-text field takes (None: not one)."""
    for item in metadata:
        allowed = _TYPED_TEXT.get(getattr(item, "func", None))  # type: ignore[arg-type]
        if allowed is not None:
            return allowed
    return None


def _text(c: dict[str, Any], typed: str | None = None) -> st.SearchStrategy[str]:
    if "pattern" in c:
        return st.from_regex(c["pattern"], fullmatch=True)
    low, high = c.get("min_length", 0), c.get("max_length", 40)
    if typed is None:
        return st.text(min_size=low, max_size=high)
    # Free text as a person types it: no control character, line break or bidirectional
    # override (the field refuses those), stripped, so at least ``low`` characters remain.
    visible = st.characters(
        exclude_categories=("Cc", "Cs", "Zl", "Zp"), exclude_characters=BIDI_CONTROLS
    )
    alphabet = st.one_of(visible, st.sampled_from(typed)) if typed else visible
    return st.text(alphabet, min_size=low, max_size=min(high, 40)).filter(
        lambda text: low <= len(text.strip()) <= high
    )


def _integer(c: dict[str, Any]) -> st.SearchStrategy[int]:
    low = c.get("ge", c["gt"] + 1 if "gt" in c else -(2**31))
    high = c.get("le", c["lt"] - 1 if "lt" in c else 2**31)
    return st.integers(min_value=low, max_value=high)


def for_annotation(annotation: Any, metadata: list[Any]) -> st.SearchStrategy[Any]:
    """A strategy for one field's annotation and constraint metadata."""
    origin, args = get_origin(annotation), get_args(annotation)
    if origin is Annotated:  # constraints inside a union (``Percent | None``)
        inner = [m for a in args[1:] for m in (a.metadata if isinstance(a, FieldInfo) else [a])]
        return for_annotation(args[0], [*metadata, *inner])
    c = _constraints(metadata)
    if origin is Literal:
        return st.sampled_from(args)
    if origin in (Union, types.UnionType):
        return st.one_of(
            *(for_annotation(a, metadata) if a is not type(None) else st.none() for a in args)
        )
    if origin is tuple:
        item = for_annotation(args[0], [])
        low = c.get("min_length", 0)
        high = max(low, min(c.get("max_length", 3), 3))
        return st.lists(item, min_size=low, max_size=high).map(tuple)
    if annotation is Money:
        return MONEY[_is_positive_money(metadata)]
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return model_strategy(annotation)
    simple: dict[Any, st.SearchStrategy[Any]] = {
        uuid.UUID: st.uuids(),
        bool: st.booleans(),
        dt.date: st.dates(min_value=dt.date(1970, 1, 1), max_value=dt.date(2200, 1, 1)),
        AwareDatetime: AWARE_DATETIMES,
        dt.datetime: AWARE_DATETIMES,
    }
    if annotation in simple:
        return simple[annotation]
    if annotation is str:
        return _text(c, _typed_text(metadata))
    if annotation is int:
        return _integer(c)
    return st.from_type(annotation)


def field_strategy(info: FieldInfo) -> st.SearchStrategy[Any]:
    return for_annotation(info.annotation, list(info.metadata))


@cache
def model_strategy(cls: type[BaseModel]) -> st.SearchStrategy[Any]:
    fields = {name: field_strategy(info) for name, info in cls.model_fields.items()}
    if issubclass(cls, Event):
        fields["schema_version"] = st.just(current_version(cls))
    return st.builds(cls, **fields)


def events(cls: type[Event]) -> st.SearchStrategy[Event]:
    """Valid instances of one event type, exercising every field."""
    return model_strategy(cls)
