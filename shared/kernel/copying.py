"""``CheapCopy``: pydantic's shallow ``model_copy`` without its generic copying machinery.

Frozen models change by copy (``model_copy(update=...)``): every event a debtor folds and
every envelope the repository stamps is one. pydantic's own ``model_copy`` goes through
``copy.copy`` three times per call; this one builds the same instance directly — the same
field values, ``update`` applied unvalidated (as pydantic's), the same fields-set — and
falls back to pydantic's for deep copies, extra fields or private attributes.
``fields_of``: a model's field values, as ``dict(model)`` gives them, without its cost.
``validator_of``: a model class's validator, read once (every attribute read on a model
class goes through pydantic's metaclass ``__getattr__`` hook); ``validated``: ``cls(**fields)``
by that validator, without pydantic's ``__init__`` wrapper.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from pydantic import BaseModel
from pydantic_core import SchemaValidator

_set = object.__setattr__
M = TypeVar("M", bound=BaseModel)


class CheapCopy(BaseModel):
    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Self:
        if deep or self.__pydantic_extra__ is not None or self.__pydantic_private__ is not None:
            return super().model_copy(update=update, deep=deep)
        values = self.__dict__.copy()
        fields_set = set(self.__pydantic_fields_set__)
        if update:
            values.update(update)
            fields_set.update(update)
        return _built(type(self), values, fields_set)


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
    not keywords: packing keywords into a new dict costs more than a dict display)."""
    fields = _PLAIN.get(cls)
    if fields is None:
        fields = _PLAIN[cls] = _plain_fields(cls)
    if values.keys() != fields:
        return cls.model_construct(**values)
    return _built(cls, values, set(values))


_PLAIN: dict[type[BaseModel], Any] = {}
"""By model class: its field names (a keys view) when it is a plain model, else an empty
tuple (never equal to a keys view). A class's attributes are looked up once: each lookup
on a model class goes through pydantic's metaclass ``__getattr__`` hook."""


def _plain_fields(cls: type[BaseModel]) -> Any:
    """The field names of a model without private attributes or extra fields allowed."""
    if cls.__private_attributes__ or cls.model_config.get("extra") == "allow":
        return ()
    return cls.__pydantic_fields__.keys()  # ``model_fields``: a slow descriptor


def _built(cls: type[M], values: dict[str, Any], fields_set: set[str]) -> M:
    """An instance of a model without private attributes or extra fields, its field values
    and fields-set given as they are (no validation, no defaults filled)."""
    made = _new(cls) if cls in _NEW_OK else _made(cls)
    _set(made, "__dict__", values)
    _set(made, "__pydantic_extra__", None)
    _set(made, "__pydantic_fields_set__", fields_set)
    _set(made, "__pydantic_private__", None)
    return made


_new = object.__new__
_NEW_OK: set[type[BaseModel]] = set()
"""Model classes whose ``__new__`` is ``object.__new__`` (pydantic's models do not define
one): made by calling it directly, not by looking ``__new__`` up on the class (a lookup
through pydantic's metaclass hook, dearer than the rest of a copy's bookkeeping)."""


def _made(cls: type[M]) -> M:
    if cls.__new__ is _new:
        _NEW_OK.add(cls)
    return cls.__new__(cls)


_VALIDATORS: dict[type[BaseModel], SchemaValidator] = {}


def validator_of(cls: type[BaseModel]) -> SchemaValidator:
    """``cls.__pydantic_validator__``, remembered once the class is complete (a class whose
    schema waits on a forward reference has a stand-in, asked again each time; a later
    ``model_rebuild`` would not be seen, and nothing here calls one).
    ``validator_of(cls).validate_python(data)`` is what ``cls(**data)`` does for a model
    without an ``__init__`` of its own, and ``validate_json`` what ``model_validate_json``
    does, without their Python wrappers."""
    known = _VALIDATORS.get(cls)
    if known is not None:
        return known
    found = cls.__pydantic_validator__
    if isinstance(found, SchemaValidator):
        _VALIDATORS[cls] = found
    return cast(SchemaValidator, found)  # a stand-in (MockValSer) answers the same calls


_PLAIN_INIT: set[type[BaseModel]] = set()


def validated(cls: type[M], data: dict[str, Any]) -> M:
    """``cls(**data)``: the same validation, errors and instance, from the dict as it is.
    ``cls(**kwargs)`` packs its keywords into a new dict for pydantic's ``__init__``, which
    wraps the validator: for an event that is a sixth of its construction (counted: 39,000
    instructions against 32,000). A class with an ``__init__`` of its own is called."""
    if cls not in _PLAIN_INIT:
        if cls.__init__ is not BaseModel.__init__:
            return cls(**data)
        _PLAIN_INIT.add(cls)
    made: M = validator_of(cls).validate_python(data)
    return made
