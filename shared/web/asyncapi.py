"""AsyncAPI 3.0.0 documents of each service's streams, generated from the contracts.

``FLOWS`` is the one map of who publishes what and who follows whom. A service publishes
its families' events on ``hk:{partition}:out:<service>``; the ``partition`` parameter is
the Redis Cluster hash tag of the partition *including its braces* (``{p07}``), so the
real key is ``hk:{p07}:out:collections``. Every entry holds one field, ``__data__``,
the event's JSON. Served at ``GET /asyncapi`` (JSON) and ``GET /asyncapi.yaml``, and
written to ``docs/asyncapi/<service>.json`` by ``huikuan schemas write``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from fastapi import APIRouter, Response

from shared.contracts import Event
from shared.infra import keys
from shared.web.schemas import (
    current_version,
    registered_events,
    shared_definitions,
    stale_documents,
    type_name,
    write_documents,
)

ASYNCAPI_VERSION = "3.0.0"
DOC_VERSION = "0.1.0"
COMPONENT_REF = "#/components/schemas/{model}"


@dataclass(frozen=True)
class Flows:
    """What one service writes and reads on the bus.

    ``families``: every event of these contract families is published by the service,
    except types another service claims in its ``also_publishes``.
    ``follows``: services whose outbound streams it consumes. ``ingest``: ingest streams
    (``hk:ingest:<name>``) of external commands it consumes.
    """

    families: tuple[str, ...]
    also_publishes: tuple[str, ...] = ()
    follows: tuple[str, ...] = ()
    ingest: tuple[str, ...] = ()


FLOWS: dict[str, Flows] = {
    "customers": Flows(families=("customers",)),
    "invoicing": Flows(
        families=("invoicing",), follows=("customers", "collections"), ingest=("invoices",)
    ),
    "collections": Flows(
        families=("collections",),
        also_publishes=("NotificationRequested",),
        follows=("invoicing", "customers"),
    ),
    "notifications": Flows(families=("notifications",), follows=("collections", "invoicing")),
    "analytics": Flows(
        families=(), follows=("invoicing", "collections", "notifications", "customers")
    ),
}

# Commands external systems write into ``hk:ingest:<name>``; their models belong to the
# consuming service (documented in docs/ingest.md), so they are named here, not defined.
INGEST_COMMANDS: dict[str, tuple[str, ...]] = {
    "invoices": (
        "IssueInvoice", "RecordPayment", "ReceivePayment", "ApplyUnappliedCredit",
        "IssueCreditNote", "RaiseCharge", "RefundUnappliedCredit", "ReversePayment",
        "CancelInvoice", "ChangeDueDate",
    )
}  # fmt: skip

PARTITION_PARAMETER = {
    "description": (
        "The partition's Redis Cluster hash tag, braces included: `{p00}` .. `{pNN}` "
        "(zero-padded, P = HUIKUAN_PARTITIONS). The partition of a debtor is "
        "`int.from_bytes(sha256(customer_id)[:8], 'big') % P`; every key of a partition "
        "carries the same tag, e.g. `hk:{p07}:out:collections`."
    ),
    "examples": ["{p00}", "{p01}", "{p02}", "{p03}"],
}


def published_events(service: str) -> list[type[Event]]:
    """The event classes ``service`` publishes on its outbound streams."""
    flows = FLOWS[service]
    claimed = {t for f in FLOWS.values() for t in f.also_publishes}
    return [
        cls
        for cls in registered_events()
        if (cls.family in flows.families and type_name(cls) not in claimed)
        or type_name(cls) in flows.also_publishes
    ]


def _summary(cls: type[Event]) -> str:
    doc = (cls.__doc__ or "").strip()
    own = doc and doc != (Event.__doc__ or "").strip()
    return doc.splitlines()[0] if own else f"{type_name(cls)} ({cls.family} event)."


def _event_message(cls: type[Event], payload_ref: str) -> dict[str, Any]:
    name = type_name(cls)
    return {
        "name": name,
        "title": name,
        "summary": _summary(cls),
        "contentType": "application/json",
        "payload": {"$ref": payload_ref},
        "x-family": cls.family,
        "x-schema-version": current_version(cls),
        "x-schema-file": f"docs/schemas/{name}.json",
    }


def _command_message(name: str) -> tuple[dict[str, Any], dict[str, Any]]:
    description = (
        f"External command `{name}` written by another system (ERP, bank feed). Its "
        "model is defined by the consuming service; see docs/ingest.md."
    )
    schema = {
        "title": name,
        "type": "object",
        "description": description,
        "properties": {"type": {"const": name, "type": "string"}},
        "required": ["type"],
    }
    message = {
        "name": name,
        "title": name,
        "summary": f"External command {name} (see docs/ingest.md).",
        "description": description,
        "contentType": "application/json",
        "payload": {"$ref": f"#/components/schemas/{name}"},
    }
    return message, schema


def _outbound_channel(service: str, events: list[type[Event]]) -> dict[str, Any]:
    return {
        "address": keys.outbox(0, service).replace(keys.tag(0), "{partition}"),
        "title": f"{service} outbound",
        "description": (
            f"Integration events of `{service}`, one stream per partition. Each entry has "
            "one field, `__data__`, holding the event's JSON. Follow it with your own "
            "consumer group (XGROUP CREATE … MKSTREAM, XREADGROUP …, XACK); see "
            "docs/wire-format.md."
        ),
        "parameters": {"partition": dict(PARTITION_PARAMETER)},
        "messages": {
            type_name(c): {"$ref": f"#/components/messages/{type_name(c)}"} for c in events
        },
    }


def _ingest_channel(name: str) -> dict[str, Any]:
    return {
        "address": keys.ingest(name),
        "title": f"ingest {name}",
        "description": (
            "Plain JSON commands from outside systems: `XADD "
            f"{keys.ingest(name)} * __data__ '<json>'`. Not partitioned. See docs/ingest.md."
        ),
        "messages": {n: {"$ref": f"#/components/messages/{n}"} for n in INGEST_COMMANDS[name]},
    }


def _operation(action: str, channel_id: str, channel: dict[str, Any], title: str) -> dict[str, Any]:
    return {
        "action": action,
        "title": title,
        "channel": {"$ref": f"#/channels/{channel_id}"},
        "messages": [
            {"$ref": f"#/channels/{channel_id}/messages/{m}"} for m in channel["messages"]
        ],
    }


Parts = tuple[dict[str, Any], dict[str, Any], dict[str, Any], dict[str, Any]]


def _event_streams(service: str) -> Parts:
    """Channels, operations, messages and schemas of the outbound streams ``service``
    publishes (send) and follows (receive)."""
    channels: dict[str, Any] = {}
    operations: dict[str, Any] = {}
    used: list[type[Event]] = []
    sends = [(service, "send")] if published_events(service) else []  # a read side sends none
    for producer, action in [*sends, *[(f, "receive") for f in FLOWS[service].follows]]:
        events = published_events(producer)
        used += [e for e in events if e not in used]
        channel_id = f"{producer}.outbound"
        channels[channel_id] = _outbound_channel(producer, events)
        verb = "Publish" if action == "send" else "Follow"
        operations[f"{action}{producer.title()}Events"] = _operation(
            action, channel_id, channels[channel_id], f"{verb} {producer} events"
        )
    refs, schemas = shared_definitions(list(used), COMPONENT_REF)
    messages = {type_name(e): _event_message(e, refs[e]) for e in used}
    return channels, operations, messages, schemas


def _ingest_streams(service: str) -> Parts:
    """The same parts for the ingest streams of external commands ``service`` reads."""
    channels: dict[str, Any] = {}
    operations: dict[str, Any] = {}
    messages: dict[str, Any] = {}
    schemas: dict[str, Any] = {}
    for name in FLOWS[service].ingest:
        channel_id = f"ingest.{name}"
        channels[channel_id] = _ingest_channel(name)
        operations[f"receiveIngest{name.title()}"] = _operation(
            "receive", channel_id, channels[channel_id], f"Take {name} commands from outside"
        )
        for command in INGEST_COMMANDS[name]:
            messages[command], schemas[command] = _command_message(command)
    return channels, operations, messages, schemas


def asyncapi_document(service: str) -> dict[str, Any]:
    """The AsyncAPI 3.0.0 document of ``service`` (a plain dict, JSON-serialisable)."""
    channels, operations, messages, schemas = _event_streams(service)
    for part, extra in zip(
        (channels, operations, messages, schemas), _ingest_streams(service), strict=True
    ):
        part.update(extra)
    return {
        "asyncapi": ASYNCAPI_VERSION,
        "info": {
            "title": f"Huikuan {service}",
            "version": DOC_VERSION,
            "description": (
                f"Streams `{service}` publishes and follows on Redis. Wire format, "
                "partitioning and schema evolution: docs/wire-format.md."
            ),
        },
        "defaultContentType": "application/json",
        "servers": {
            "local": {
                "host": "127.0.0.1:6391",
                "protocol": "redis",
                "description": "`huikuan up` / docker compose default; elsewhere REDIS_URL.",
            }
        },
        "channels": channels,
        "operations": operations,
        "components": {"schemas": schemas, "messages": messages},
    }


def asyncapi_documents() -> dict[str, dict[str, Any]]:
    """File name → document for ``docs/asyncapi``."""
    return {f"{service}.json": asyncapi_document(service) for service in FLOWS}


def write_asyncapi(folder: Path) -> list[Path]:
    """Write ``<service>.json`` for every service into ``folder``."""
    return write_documents(folder, asyncapi_documents())


def stale_asyncapi(folder: Path) -> list[str]:
    """AsyncAPI files in ``folder`` that do not match the contracts."""
    return stale_documents(folder, asyncapi_documents())


def asyncapi_router(service: str) -> APIRouter:
    """``GET /asyncapi`` (JSON) and ``GET /asyncapi.yaml``: documentation, no data, no auth."""
    router = APIRouter(tags=["documentation"])
    cache: dict[str, dict[str, Any]] = {}

    def document() -> dict[str, Any]:
        if "doc" not in cache:
            cache["doc"] = asyncapi_document(service)
        return cache["doc"]

    @router.get("/asyncapi", summary="AsyncAPI 3.0.0 document of this service's streams")
    async def asyncapi_json() -> dict[str, Any]:
        return document()

    @router.get("/asyncapi.yaml", summary="The same document as YAML")
    async def asyncapi_yaml() -> Response:
        text = yaml.safe_dump(document(), sort_keys=False, allow_unicode=True)
        return Response(text, media_type="application/yaml")

    return router
