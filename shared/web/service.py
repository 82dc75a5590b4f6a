"""A service process: FastAPI admin API + FastStream consumers + timer poller, one lifespan.

``create_service_app(service, settings, wire)`` returns a FastAPI app whose lifespan
connects Redis, refuses an evicting or non-persistent Redis, builds the FastStream
broker, lets the service ``wire`` its handlers and routers, creates consumer groups,
starts the broker and the timer poller, and stops them all on shutdown.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager, suppress

import structlog
from fastapi import APIRouter, FastAPI

from shared.infra.clock import announce_clock
from shared.infra.eventstore_trim import StreamTrimmer, produced_streams
from shared.infra.gauges import refresh_gauges_forever
from shared.infra.logging import configure_logging
from shared.infra.partitions import check_partition_count
from shared.infra.runtime import (
    Runtime,
    Wire,
    build_runtime,
    check_no_development_secrets,
    check_redis_is_safe,
    check_redis_transport,
    check_redis_user,
)
from shared.infra.settings import Settings
from shared.infra.stale_consumers import remove_stale_consumers_forever
from shared.infra.startup import say_refusal
from shared.infra.timers import TimerPoller
from shared.infra.tracing import configure_tracing
from shared.web.admin import admin_router
from shared.web.asyncapi import asyncapi_router
from shared.web.body_limit import BodySizeLimit
from shared.web.errors import install_error_handlers
from shared.web.health import health_router
from shared.web.openapi import document_error_answers
from shared.web.ports import InternalPortSplit
from shared.web.request_metrics import RequestMetrics
from shared.web.state import attach, attach_container, set_ready

log = structlog.get_logger("runtime")


async def _started(app: FastAPI, service: str, settings: Settings, wire: Wire) -> Runtime:
    """Everything that may refuse the start: settings, secrets, Redis, the composition."""
    check_no_development_secrets(settings)
    check_redis_user(settings)
    check_redis_transport(settings)
    rt = build_runtime(service, settings)
    attach(app, rt)
    await check_redis_is_safe(rt.redis)
    await check_partition_count(rt.redis, settings.partitions)
    await announce_clock(rt.redis, settings)
    attach_container(app, wire(rt))
    await rt.consumer.ensure_groups()
    return rt


def create_service_app(
    service: str, settings: Settings, *, wire: Wire, routers: Sequence[APIRouter] = ()
) -> FastAPI:
    """The service's process: FastAPI admin API + FastStream consumers + timer poller.

    ``wire`` is the service's composition root: at start-up it builds the service's
    container on the runtime and registers its stream handlers; routers reach the container
    through ``shared.web.state.container_of`` (one typed dependency per service).
    """
    configure_logging(service, json=settings.log_json)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        try:
            rt = await _started(app, service, settings, wire)
        except Exception as exc:
            say_refusal(service, exc, settings.redis_url)
            raise
        poller = TimerPoller(
            rt.redis, service, settings.partitions, rt.clock, settings.timer_poll_interval_ms,
            held=rt.consumer.held_partitions,
        )  # fmt: skip
        async with rt.broker:
            await rt.broker.start()
            await rt.consumer.start()
            stale = remove_stale_consumers_forever(
                rt.redis, rt.consumer.streams, service, settings.stale_consumer_idle_s,
                rt.consumer.name,
            )  # fmt: skip
            gauges = refresh_gauges_forever(
                rt.redis, service, rt.consumer.streams, settings.partitions, rt.clock.now,
                settings.gauges_interval_s,
            )  # fmt: skip
            tasks = [asyncio.create_task(poller.run()), asyncio.create_task(stale)]
            tasks.append(asyncio.create_task(gauges))
            tasks += [start() for start in rt.background]
            trimmer = StreamTrimmer(
                rt.redis, produced_streams(service, settings.partitions),
                settings.outbound_retain_s, settings.trim_interval_s,
            )  # fmt: skip
            if settings.trim_interval_s > 0:
                tasks.append(asyncio.create_task(trimmer.run()))
            set_ready(app, True)
            log.info("service_started", consumer=rt.consumer.name)
            try:
                yield
            finally:
                log.info("service_draining", timeout_s=settings.shutdown_timeout_seconds)
                set_ready(app, False)
                poller.stop()
                trimmer.stop()
                await rt.consumer.stop()
                for task in tasks:
                    task.cancel()
                    with suppress(asyncio.CancelledError, Exception):
                        await task
            # ``consumer.stop()`` above: no new reads, every in-flight batch finished and
            # acknowledged (up to the timeout), then the partition leases released.
        await rt.redis.aclose()
        log.info("service_stopped")

    app = FastAPI(title=f"Huikuan {service}", version="0.1.0", lifespan=lifespan)
    configure_tracing(service, app, settings.otlp_endpoint)
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_payload_bytes)
    app.add_middleware(InternalPortSplit, internal_port=settings.internal_port)
    app.add_middleware(RequestMetrics, service=service)  # outermost: counts every answer
    app.include_router(health_router(service))
    app.include_router(admin_router(service))
    app.include_router(asyncapi_router(service))
    for router in routers:
        app.include_router(router)
    install_error_handlers(app)
    document_error_answers(app)
    return app
