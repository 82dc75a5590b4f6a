"""Each service's AsyncAPI 3.0.0 document is complete and consistent, names the right
streams, and is served at /asyncapi (JSON) and /asyncapi.yaml without authentication."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest
import yaml
from fastapi import FastAPI

from shared.contracts import EVENT_TYPES
from shared.web.asyncapi import FLOWS, asyncapi_document, asyncapi_router, published_events

SERVICES = sorted(FLOWS)


def refs_in(node: Any) -> list[str]:
    if isinstance(node, dict):
        own = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        return own + [r for v in node.values() for r in refs_in(v)]
    if isinstance(node, list):
        return [r for v in node for r in refs_in(v)]
    return []


def resolve(doc: dict[str, Any], ref: str) -> Any:
    assert ref.startswith("#/"), f"{ref} points outside the document"
    node: Any = doc
    for part in ref[2:].split("/"):
        key = part.replace("~1", "/").replace("~0", "~")
        assert isinstance(node, dict) and key in node, f"{ref} does not resolve"
        node = node[key]
    return node


def messages_of(doc: dict[str, Any], action: str) -> dict[str, dict[str, Any]]:
    """Message name → message object, over every operation with ``action``."""
    found = {}
    for op in doc["operations"].values():
        if op["action"] == action:
            for ref in op["messages"]:
                message = resolve(doc, ref["$ref"])
                if "$ref" in message:
                    message = resolve(doc, message["$ref"])
                found[message["name"]] = message
    return found


@pytest.mark.parametrize("service", SERVICES)
def test_every_reference_in_the_document_resolves_inside_it(service: str) -> None:
    doc = asyncapi_document(service)
    assert doc["asyncapi"] == "3.0.0"
    assert doc["info"]["title"] and doc["info"]["version"]
    refs = refs_in(doc)
    assert refs
    for ref in refs:
        resolve(doc, ref)


@pytest.mark.parametrize("service", SERVICES)
def test_operations_use_messages_of_their_own_channel(service: str) -> None:
    doc = asyncapi_document(service)
    for op_id, op in doc["operations"].items():
        assert op["action"] in {"send", "receive"}, op_id
        channel_ref = op["channel"]["$ref"]
        assert op["messages"], op_id
        for ref in op["messages"]:
            assert ref["$ref"].startswith(channel_ref + "/messages/"), (op_id, ref)


@pytest.mark.parametrize("service", SERVICES)
def test_every_published_message_has_an_object_payload_schema(service: str) -> None:
    doc = asyncapi_document(service)
    published = messages_of(doc, "send")
    assert set(published) == {e.model_fields["type"].default for e in published_events(service)}
    for name, message in published.items():
        schema = resolve(doc, message["payload"]["$ref"])
        assert schema["type"] == "object", name
        assert schema["properties"]["type"]["const"] == name
        assert {"event_id", "occurred_at", "schema_version"} <= set(schema["required"])


@pytest.mark.parametrize("service", SERVICES)
def test_channel_addresses_use_only_declared_parameters_and_no_literal_hash_tag(
    service: str,
) -> None:
    for channel in asyncapi_document(service)["channels"].values():
        address = channel["address"]
        params = set(re.findall(r"\{([^{}]+)\}", address))
        assert params == set(channel.get("parameters", {})), address
        assert "{" not in re.sub(r"\{[a-z]+\}", "", address), address
        for param in channel.get("parameters", {}).values():
            assert "{p00}" in param["description"]


def test_each_service_publishes_on_its_own_outbound_stream() -> None:
    for service in SERVICES:
        sends = [
            resolve(asyncapi_document(service), op["channel"]["$ref"])["address"]
            for op in asyncapi_document(service)["operations"].values()
            if op["action"] == "send"
        ]
        own = [f"hk:{{partition}}:out:{service}"]
        assert sends == (own if FLOWS[service].families else []), service  # a read side: none


def test_every_registered_event_has_exactly_one_publishing_service() -> None:
    publishers: dict[str, list[str]] = {}
    for service in SERVICES:
        for name in messages_of(asyncapi_document(service), "send"):
            publishers.setdefault(name, []).append(service)
    assert set(publishers) == set(EVENT_TYPES)
    assert {
        name: len(services) for name, services in publishers.items() if len(services) != 1
    } == {}
    assert publishers["SupplyHalted"] == ["collections"]
    assert publishers["NotificationRequested"] == ["collections"]
    assert publishers["NotificationSent"] == ["notifications"]


def test_who_follows_what() -> None:
    def received(service: str) -> set[str]:
        return set(messages_of(asyncapi_document(service), "receive"))

    assert received("customers") == set()
    invoicing = received("invoicing")
    assert {"IssueInvoice", "RecordPayment", "ReceivePayment", "IssueCreditNote"} <= invoicing
    assert {"CustomerRegistered", "DisputeResolved", "SettlementCompleted"} <= invoicing
    assert {"DebtorWrittenOff"} <= invoicing and "InvoiceIssued" not in invoicing
    assert {"InvoiceIssued", "PaymentReceived", "CustomerRegistered"} <= received("collections")
    assert "IssueInvoice" not in received("collections")
    assert {"NotificationRequested", "SupplyHalted"} <= received("notifications")
    read_side = {"InvoiceIssued", "PaymentReceived", "DunningLevelReached", "NotificationSent"}
    assert read_side <= received("analytics")


def test_ingest_commands_are_documented_as_external_on_the_ingest_stream() -> None:
    doc = asyncapi_document("invoicing")
    addresses = {c["address"] for c in doc["channels"].values()}
    assert "hk:ingest:invoices" in addresses
    for name in ("IssueInvoice", "RecordPayment", "ReceivePayment", "CancelInvoice"):
        message = doc["components"]["messages"][name]
        assert "docs/ingest.md" in message["description"]
        assert resolve(doc, message["payload"]["$ref"])["properties"]["type"]["const"] == name


@pytest.mark.parametrize("service", SERVICES)
async def test_the_document_is_served_as_json_and_yaml_without_an_api_key(service: str) -> None:
    app = FastAPI()
    app.include_router(asyncapi_router(service))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        as_json = await client.get("/asyncapi")
        as_yaml = await client.get("/asyncapi.yaml")
    assert as_json.status_code == 200
    assert as_json.headers["content-type"].startswith("application/json")
    assert as_json.json() == asyncapi_document(service)
    assert as_yaml.status_code == 200
    assert as_yaml.headers["content-type"].startswith("application/yaml")
    assert yaml.safe_load(as_yaml.text) == asyncapi_document(service)
