"""JSON Schemas of the integration events, generated from the contracts and published.

``write_schemas(folder)`` writes one ``<Type>.json`` per registered event type plus an
``index.json`` (type → family, schema_version, file); ``stale_schemas(folder)`` names the
files that differ from what the contracts generate today, so CI can refuse a contract
change whose published schema was not regenerated (``huikuan schemas check``).

Schemas describe the JSON a producer writes (pydantic's *serialization* mode): every
field is always present, so every field is ``required``, amounts are decimal strings.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema, models_json_schema
from pydantic_core import core_schema

from shared.contracts import EVENT_TYPES, Event

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
INDEX = "index.json"


class WireJsonSchema(GenerateJsonSchema):
    """Serialization schemas with every emitted field marked required.

    ``encode_event`` writes every field, defaults included, so a consumer may rely on all
    of them (pydantic's ``json_schema_serialization_defaults_required``, applied without
    touching the contracts' own config).
    """

    def field_is_required(
        self,
        field: core_schema.ModelField | core_schema.DataclassField | core_schema.TypedDictField,
        total: bool,
    ) -> bool:
        if self.mode == "serialization":
            return field.get("serialization_exclude_if") is None
        return super().field_is_required(field, total)


def schema_id(event_type: str, version: int) -> str:
    """A stable URN naming one version of one event's schema."""
    return f"urn:huikuan:event:{event_type}:v{version}"


def current_version(cls: type[Event]) -> int:
    """The ``schema_version`` an event class writes today."""
    return int(cls.model_fields["schema_version"].default)


def type_name(cls: type[Event]) -> str:
    return str(cls.model_fields["type"].default)


def event_json_schema(cls: type[Event]) -> dict[str, Any]:
    """The self-contained JSON Schema (2020-12) of one event's wire JSON."""
    schema = cls.model_json_schema(mode="serialization", schema_generator=WireJsonSchema)
    name = type_name(cls)
    return {
        "$schema": JSON_SCHEMA_DIALECT,
        "$id": schema_id(name, current_version(cls)),
        **schema,
        "title": name,
    }


def shared_definitions(
    models: list[type[BaseModel]], ref_template: str
) -> tuple[dict[type[BaseModel], str], dict[str, Any]]:
    """Schemas of ``models`` and all they use in one table, with refs per ``ref_template``
    (e.g. ``#/components/schemas/{model}`` for AsyncAPI): ``(ref of each model, table)``."""
    refs, top = models_json_schema(
        [(m, "serialization") for m in models],
        ref_template=ref_template,
        schema_generator=WireJsonSchema,
    )
    by_model = {m: str(refs[(m, "serialization")]["$ref"]) for m in models}
    return by_model, dict(top.get("$defs", {}))


def registered_events() -> list[type[Event]]:
    """Every registered event class, sorted by type name (new contracts appear here)."""
    return [EVENT_TYPES[name] for name in sorted(EVENT_TYPES)]


def schema_index() -> dict[str, Any]:
    return {
        type_name(cls): {
            "family": cls.family,
            "schema_version": current_version(cls),
            "file": f"{type_name(cls)}.json",
        }
        for cls in registered_events()
    }


def schema_documents() -> dict[str, dict[str, Any]]:
    """File name → document, for every file ``docs/schemas`` must hold."""
    docs = {f"{type_name(cls)}.json": event_json_schema(cls) for cls in registered_events()}
    docs[INDEX] = schema_index()
    return docs


def dump_json(document: Mapping[str, Any]) -> str:
    """The canonical text of a generated document: sorted keys, indent 2, final newline."""
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write_documents(folder: Path, documents: Mapping[str, Mapping[str, Any]]) -> list[Path]:
    """Write ``documents`` into ``folder`` and remove JSON files no longer generated."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, document in sorted(documents.items()):
        path = folder / name
        path.write_text(dump_json(document), encoding="utf-8")
        written.append(path)
    for orphan in sorted(folder.glob("*.json")):
        if orphan.name not in documents:
            orphan.unlink()
    return written


def stale_documents(folder: Path, documents: Mapping[str, Mapping[str, Any]]) -> list[str]:
    """Paths under ``folder`` that are missing, differ, or are no longer generated."""
    stale = []
    for name, document in sorted(documents.items()):
        path = folder / name
        if not path.is_file() or path.read_text(encoding="utf-8") != dump_json(document):
            stale.append(str(path))
    if folder.is_dir():
        stale += [str(p) for p in sorted(folder.glob("*.json")) if p.name not in documents]
    return stale


def write_schemas(folder: Path) -> list[Path]:
    """Write ``<Type>.json`` for every registered event and ``index.json`` into ``folder``."""
    return write_documents(folder, schema_documents())


def stale_schemas(folder: Path) -> list[str]:
    """Schema files in ``folder`` that do not match the contracts (empty when up to date)."""
    return stale_documents(folder, schema_documents())
