"""Running one service process: ``python -m services.<name>``."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable, Generator
from contextlib import contextmanager

import uvicorn
from fastapi import FastAPI

from shared.infra.gc_tuning import settle_after_start, young_threshold
from shared.infra.settings import SERVICE_PORTS, Settings
from shared.infra.startup import say_refusal


def serve(service: str, build: Callable[[Settings], FastAPI]) -> None:
    try:
        settings = Settings()
        app = build(settings)
    except Exception as exc:  # settings or composition refused: say why, in one line
        say_refusal(service, exc)
        sys.exit(2)
    port = settings.port or SERVICE_PORTS[service]
    # what the imports and the app built stays: never scanned again
    settle_after_start(young_threshold(service, settings.gc_young_threshold))
    public = uvicorn.Server(uvicorn.Config(
        app, host=settings.host, port=port, log_config=None, access_log=False,
        timeout_graceful_shutdown=int(settings.shutdown_timeout_seconds),
    ))  # fmt: skip
    if settings.internal_port is None:
        public.run()
        return
    internal = _Door(uvicorn.Config(app, host=settings.host, port=settings.internal_port,
                                    log_config=None, access_log=False, lifespan="off"))  # fmt: skip
    asyncio.run(_both(public, internal))


class _Door(uvicorn.Server):
    """The internal port's server: the public server owns the signals and the lifespan."""

    @contextmanager
    def capture_signals(self) -> Generator[None, None, None]:
        yield


async def _both(public: uvicorn.Server, internal: uvicorn.Server) -> None:
    """Serve both ports in one process; when the public server stops, the internal one does."""
    door = asyncio.create_task(internal.serve())
    try:
        await public.serve()
    finally:
        internal.should_exit = True
        await door
