"""Running one service process: ``python -m services.<name>``."""

from __future__ import annotations

from collections.abc import Callable

import uvicorn
from fastapi import FastAPI

from shared.infra.settings import SERVICE_PORTS, Settings


def serve(service: str, build: Callable[[Settings], FastAPI]) -> None:
    settings = Settings()
    port = settings.port or SERVICE_PORTS[service]
    uvicorn.run(build(settings), host=settings.host, port=port, log_config=None, access_log=False)
