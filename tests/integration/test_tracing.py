"""OpenTelemetry: HTTP requests, Redis commands and each handled entry become spans, the
entry's span carrying the envelope's correlation and causation ids."""

from __future__ import annotations

import redis.asyncio as aioredis
from opentelemetry import trace
from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor
from opentelemetry.instrumentation.httpx import HTTPXClientInstrumentor
from opentelemetry.instrumentation.redis import RedisInstrumentor
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from services.collections.app import build
from shared.contracts import encode_event
from shared.infra import keys
from shared.infra.settings import Settings
from shared.infra.tracing import configure_tracing, instrument
from tests.support.apps import eventually, running_app
from tests.support.factories import invoice_issued


async def test_requests_redis_commands_and_handled_events_are_traced(
    redis: aioredis.Redis, settings: Settings
) -> None:
    exporter, provider = InMemorySpanExporter(), TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    trace.set_tracer_provider(provider)
    app = build(settings)
    instrument(app, provider)
    try:
        event = invoice_issued(customer_id="C-TRACE")
        stream = keys.outbox(keys.partition_of("C-TRACE", settings.partitions), "invoicing")
        async with running_app(lambda _: app, settings, redis) as running:
            assert (await running.client.get("/readyz")).status_code == 200
            await redis.xadd(stream, {"__data__": encode_event(event)})

            def handled() -> list[object]:
                return [s for s in exporter.get_finished_spans()
                        if s.name == "handle InvoiceIssued"]  # fmt: skip

            [span] = await eventually(lambda: _now(handled()))
        spans = exporter.get_finished_spans()
    finally:
        FastAPIInstrumentor.uninstrument_app(app)
        RedisInstrumentor().uninstrument()
        HTTPXClientInstrumentor().uninstrument()
        provider.shutdown()
    attributes = dict(span.attributes or {})  # type: ignore[attr-defined]
    assert attributes["huikuan.correlation_id"] == str(event.correlation_id)
    assert attributes["huikuan.event_id"] == str(event.event_id)
    assert attributes["messaging.destination.name"] == stream
    assert any(s.kind is trace.SpanKind.SERVER and "/readyz" in s.name for s in spans)
    assert any((s.attributes or {}).get("db.system") == "redis" for s in spans)


async def _now(value: list[object]) -> list[object] | None:
    return value or None


def test_nothing_is_instrumented_without_an_endpoint(settings: Settings) -> None:
    app = build(settings)
    assert configure_tracing("collections", app, None) is None
    assert not getattr(app, "_is_instrumented_by_opentelemetry", False)
