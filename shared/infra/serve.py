"""Running one service process: ``python -m services.<name>``."""

from __future__ import annotations

import sys
from collections.abc import Callable

import uvicorn
from fastapi import FastAPI

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
    uvicorn.run(app, host=settings.host, port=port, log_config=None, access_log=False)
