"""Log lines of the project's logging setup, captured in a buffer for a test to read."""

from __future__ import annotations

import io
import json as json_lines
import logging
from collections.abc import Iterator
from contextlib import contextmanager

import structlog

from shared.infra.logging import configure_logging


@contextmanager
def logging_into(stream: io.StringIO, *, json: bool) -> Iterator[None]:
    """Configure logging into ``stream``; restore the global logging setup afterwards."""
    touched = [logging.getLogger(name) for name in ("", "uvicorn", "uvicorn.error", "faststream")]
    saved = [(lg.handlers[:], lg.level, lg.propagate) for lg in touched]
    # structlog's configuration as it was, its processor list the very same object: loggers
    # cached on first use keep that list, and ``structlog.testing.capture_logs`` (in later
    # tests) captures their lines by changing it in place.
    config = structlog.get_config()
    configure_logging("collections", json=json, stream=stream)
    try:
        yield
    finally:
        for lg, (handlers, level, propagate) in zip(touched, saved, strict=True):
            lg.handlers, lg.propagate = handlers, propagate
            lg.setLevel(level)
        structlog.configure(**config)
        structlog.contextvars.clear_contextvars()


def lines(stream: io.StringIO) -> list[dict[str, object]]:
    """The JSON lines written to ``stream``."""
    return [json_lines.loads(line) for line in stream.getvalue().splitlines()]
