"""``CheapCopy``: pydantic's shallow ``model_copy`` without its generic copying machinery.

Frozen models change by copy (``model_copy(update=...)``): every event a debtor folds and
every envelope the repository stamps is one. pydantic's own ``model_copy`` goes through
``copy.copy`` three times per call; this one builds the same instance directly — the same
field values, ``update`` applied unvalidated (as pydantic's), the same fields-set — and
falls back to pydantic's for deep copies, extra fields or private attributes.
``fields_of``: a model's field values, as ``dict(model)`` gives them, without its cost.
``validator_of``: a model class's validator; ``validated``: ``cls(**fields)`` by that
validator, without pydantic's ``__init__`` wrapper; ``json_bytes``: ``model_dump_json()``'s
bytes. What these need of a class is read once per class (``_KNOWN``): every attribute
read on a model class goes through pydantic's metaclass ``__getattr__`` hook.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Self, TypeVar

from pydantic import BaseModel
from pydantic_core import SchemaSerializer, SchemaValidator

_set = object.__setattr__
M = TypeVar("M", bound=BaseModel)


class CheapCopy(BaseModel):
    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Self:
        cls = type(self)
        known = _KNOWN.get(cls) or _learn(cls)
        if deep or known.names is None:  # not a plain model
            return super().model_copy(update=update, deep=deep)
        values = self.__dict__.copy()
        fields_set = self.__pydantic_fields_set__
        # The class's full set is shared while it stays the same; any other, one of its own.
        if update:
            values.update(update)
            if fields_set is not known.names_set or not fields_set.issuperset(update):
                fields_set = set(fields_set)
                fields_set.update(update)
        elif fields_set is not known.names_set:
            fields_set = set(fields_set)
        return _built(cls, values, fields_set)


def fields_of(model: BaseModel) -> dict[str, Any]:
    """The model's field values as they are, by name: what ``dict(model)`` gives. ``dict``
    first asks the model for a ``keys`` method, which pydantic answers by raising from its
    ``__getattr__``: thirty times the cost of copying the values. A model with extra
    fields goes through ``dict``."""
    if model.__pydantic_extra__:
        return dict(model)
    return model.__dict__.copy()


def constructed(cls: type[M], values: dict[str, Any]) -> M:
    """``cls.model_construct(**values)`` for trusted values naming every field of a plain
    model: the instance built directly (pydantic's own walks the fields, their defaults and
    aliases on every call — a fifth of folding an invoice into an account). Anything else
    (a field left out, private attributes, extra fields allowed) goes through pydantic.
    ``values`` becomes the instance's own ``__dict__``: pass a dict made for it (a dict,
    not keywords: packing keywords into a new dict costs more than a dict display), its
    keys in the class's field order where it can be (then checked by one tuple comparison,
    not a set comparison)."""
    known = _KNOWN.get(cls) or _learn(cls)
    if tuple(values) == known.names or values.keys() == known.fields:  # every field
        return _built(cls, values, known.names_set)
    return cls.model_construct(**values)


def _built(cls: type[M], values: dict[str, Any], fields_set: set[str]) -> M:
    """An instance of a model without private attributes or extra fields, its field values
    and fields-set given as they are (no validation, no defaults filled)."""
    made = _new(cls) if (_KNOWN.get(cls) or _learn(cls)).plain_new else cls.__new__(cls)
    _set(made, "__dict__", values)
    _set(made, "__pydantic_extra__", None)
    _set(made, "__pydantic_fields_set__", fields_set)
    _set(made, "__pydantic_private__", None)
    return made


def validator_of(cls: type[BaseModel]) -> SchemaValidator:
    """``cls.__pydantic_validator__``: ``validator_of(cls).validate_json(data)`` is what
    ``cls.model_validate_json(data)`` does, without its Python wrapper."""
    return (_KNOWN.get(cls) or _learn(cls)).validator


def validated(cls: type[M], data: dict[str, Any]) -> M:
    """``cls(**data)``: the same validation, errors and instance, from the dict as it is.
    ``cls(**kwargs)`` packs its keywords into a new dict for pydantic's ``__init__``, which
    wraps the validator: for an event that is a sixth of its construction (counted: 39,000
    instructions against 32,000). A class with an ``__init__`` of its own is called."""
    known = _KNOWN.get(cls) or _learn(cls)
    if not known.plain_init:
        return cls(**data)
    made: M = known.validator.validate_python(data)
    return made


def json_bytes(model: BaseModel) -> bytes:
    """``model.model_dump_json().encode()``, byte for byte, from the model's own serializer:
    without ``model_dump_json``'s keyword handling and its str round trip."""
    cls = type(model)
    return (_KNOWN.get(cls) or _learn(cls)).serializer.to_json(model)


_new = object.__new__


@dataclass(frozen=True, slots=True)
class _Known:
    """What the helpers above need of one model class."""

    fields: Any  # its field names (a keys view) if a plain model, else () (equal to none)
    names: tuple[str, ...] | None  # the same names in order, None if not a plain model
    # The same names: the fields-set of every instance that has them all, shared (pydantic
    # only ever adds a field's name to a fields-set, and this one has every name already;
    # a copy that sets a field, ours or pydantic's, copies the set first).
    names_set: set[str]
    plain_new: bool  # its ``__new__`` is ``object.__new__`` (pydantic's models define none)
    plain_init: bool  # its ``__init__`` is pydantic's
    validator: SchemaValidator
    serializer: SchemaSerializer


_KNOWN: dict[type[BaseModel], _Known] = {}


def _learn(cls: type[BaseModel]) -> _Known:
    """``cls``'s record (the helpers above look in ``_KNOWN`` first), kept once the class is
    complete (a class whose schema still waits on a forward reference has stand-ins for its
    validator and serializer: read again each time). A later ``model_rebuild`` would not be
    seen; nothing here calls one."""
    plain = not cls.__private_attributes__ and cls.model_config.get("extra") != "allow"
    known = _Known(
        fields=cls.__pydantic_fields__.keys() if plain else (),  # not ``model_fields``: slow
        names=tuple(cls.__pydantic_fields__) if plain else None,
        names_set=set(cls.__pydantic_fields__) if plain else set(),
        plain_new=cls.__new__ is _new,
        plain_init=cls.__init__ is BaseModel.__init__,
        validator=cls.__pydantic_validator__,  # type: ignore[arg-type]
        serializer=cls.__pydantic_serializer__,
    )
    if isinstance(known.validator, SchemaValidator) and isinstance(
        known.serializer, SchemaSerializer
    ):
        _KNOWN[cls] = known
    return known
