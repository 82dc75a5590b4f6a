"""The tests' log capture leaves structlog as it found it."""

from __future__ import annotations

import io

import structlog
from structlog.testing import capture_logs

from tests.support.log_capture import lines, logging_into


def test_a_logger_cached_before_a_capture_is_still_captured_by_capture_logs_after_it() -> None:
    outer, inner = io.StringIO(), io.StringIO()
    with logging_into(outer, json=True):  # configured as a service configures it
        log = structlog.get_logger("cached-before")
        log.warning("first_use")  # cached on first use, with the configuration of the moment
        with logging_into(inner, json=True):
            structlog.get_logger("inside").warning("inside_the_capture")
        with capture_logs() as logs:
            log.warning("after_the_capture")
    assert [line["event"] for line in lines(inner)] == ["inside_the_capture"]
    assert [entry["event"] for entry in logs] == ["after_the_capture"]
    assert [line["event"] for line in lines(outer)] == ["first_use"]
