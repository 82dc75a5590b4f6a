"""OpenTelemetry traces across the services, off unless an OTLP endpoint is set.

With ``HUIKUAN_OTLP_ENDPOINT`` (e.g. ``http://otel-collector:4318``) a process sends its
spans there over OTLP/HTTP: the official instrumentation of FastAPI (every request),
redis-py (every command) and httpx (every call to another service, which carries the
``traceparent`` header on), plus one span per stream entry a consumer handles, named by
the event type and carrying the envelope's ``event_id``, ``correlation_id`` and
``causation_id``: follow one correlation id across services in the trace viewer. Without
the setting nothing is instrumented and the per-entry span is OpenTelemetry's no-op.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from fastapi import FastAPI
from opentelemetry import trace
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor
from opentelemetry.instrumentation.httpx import HTTPXClientInstrumentor
from opentelemetry.instrumentation.redis import RedisInstrumentor
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor

_TRACER = trace.get_tracer("huikuan")
_ENVELOPE = ("event_id", "correlation_id", "causation_id", "event_type")


@contextmanager
def handling(stream: str, item: Any, context: dict[str, Any]) -> Iterator[None]:
    """A span around handling one stream entry (a no-op while tracing is off)."""
    envelope = {**context, "causation_id": getattr(item, "causation_id", None)}
    attributes = {f"huikuan.{k}": str(v) for k, v in envelope.items() if k in _ENVELOPE and v}
    attributes["messaging.destination.name"] = stream
    name = f"handle {context.get('event_type', 'entry')}"
    with _TRACER.start_as_current_span(name, kind=trace.SpanKind.CONSUMER, attributes=attributes):
        yield


def instrument(app: FastAPI, provider: TracerProvider) -> None:
    """The official instrumentation of FastAPI (this app), redis-py and httpx."""
    FastAPIInstrumentor.instrument_app(app, tracer_provider=provider)
    RedisInstrumentor().instrument(tracer_provider=provider)
    HTTPXClientInstrumentor().instrument(tracer_provider=provider)


def configure_tracing(service: str, app: FastAPI, endpoint: str | None) -> TracerProvider | None:
    """Export this process's spans to ``endpoint`` (OTLP/HTTP); nothing when it is None."""
    if not endpoint:
        return None
    provider = TracerProvider(resource=Resource.create({"service.name": f"huikuan-{service}"}))
    exporter = OTLPSpanExporter(endpoint=f"{endpoint.rstrip('/')}/v1/traces")
    provider.add_span_processor(BatchSpanProcessor(exporter))
    trace.set_tracer_provider(provider)
    instrument(app, provider)
    return provider


def tracing_on() -> bool:
    """Whether spans go anywhere: a tracer provider is set (else every span is a no-op,
    and what a span would carry need not be worked out)."""
    provider = trace.get_tracer_provider()
    return not isinstance(provider, trace.ProxyTracerProvider | trace.NoOpTracerProvider)


def handled_together(
    stream: str, items: list[Any], contexts: list[dict[str, Any]],
    errors: Sequence[BaseException | None], started_ns: int, ended_ns: int,
) -> None:  # fmt: skip
    """One span per entry a batch handler took in one call, each spanning that call."""
    for item, context, error in zip(items, contexts, errors, strict=True):
        envelope = {**context, "causation_id": getattr(item, "causation_id", None)}
        attributes = {f"huikuan.{k}": str(v) for k, v in envelope.items() if k in _ENVELOPE and v}
        attributes["messaging.destination.name"] = stream
        span = _TRACER.start_span(f"handle {context.get('event_type', 'entry')}",
                                  kind=trace.SpanKind.CONSUMER, attributes=attributes,
                                  start_time=started_ns)  # fmt: skip
        if error is not None:
            span.record_exception(error)
            span.set_status(trace.Status(trace.StatusCode.ERROR))
        span.end(end_time=ended_ns)
