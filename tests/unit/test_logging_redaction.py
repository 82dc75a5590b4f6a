from __future__ import annotations

import io
import logging
import uuid
from collections.abc import Iterator

import pytest
import structlog
from hypothesis import given, settings
from hypothesis import strategies as st

from shared.infra.logging import (
    _CANDIDATE,
    _EMAIL,
    REDACTED_EMAIL,
    REDACTED_PHONE,
    _phone_or_keep,
    get_logger,
    redact_personal_data,
    scrub_text,
)
from tests.support.log_capture import lines, logging_into

NAME = "Wang Xiaoming"
EMAIL = "wang.xiaoming@example.cn"
PHONE = "+86 138-0013-8000"
EVENT_ID = "6f1c2a9e-3b7d-4c55-9a51-0e2f4d8b7c10"
DUE_DATE = "2026-01-15"
AMOUNT = "1200.00"
INVOICE = "INV-2026-0001"


@pytest.fixture
def captured() -> Iterator[io.StringIO]:
    stream = io.StringIO()
    with logging_into(stream, json=True):
        yield stream


def assert_no_personal_data(output: str) -> None:
    for planted in (NAME, "Xiaoming", EMAIL, "13800138000", "138-0013-8000", "0013"):
        assert planted not in output


def test_personal_data_bound_on_a_logger_or_in_the_message_is_redacted(
    captured: io.StringIO,
) -> None:
    log = get_logger("test").bind(debtor_name=NAME, contact={"email": EMAIL, "mobile": PHONE})
    log.info(f"reminder for {EMAIL} and {PHONE}", to=EMAIL, note=f"called {PHONE} twice")

    assert_no_personal_data(captured.getvalue())
    [line] = lines(captured)
    assert line["event"] == "reminder for [redacted-email] and [redacted-phone]"
    assert line["debtor_name"] == line["contact"] == line["to"] == "[redacted]"
    assert line["note"] == "called [redacted-phone] twice"


def test_ids_dates_and_amounts_survive_redaction(captured: io.StringIO) -> None:
    log = get_logger("test")
    with structlog.contextvars.bound_contextvars(event_id=EVENT_ID, correlation_id=EVENT_ID):
        log.info(f"invoice {INVOICE} due {DUE_DATE}", amount=AMOUNT, due=f"{DUE_DATE}T00:00:00Z")

    [line] = lines(captured)
    assert line["event"] == f"invoice {INVOICE} due {DUE_DATE}"
    assert line["event_id"] == line["correlation_id"] == EVENT_ID
    assert line["amount"] == AMOUNT
    assert line["due"] == f"{DUE_DATE}T00:00:00Z"
    assert line["service"] == "collections"
    assert line["level"] == "info"
    assert str(line["timestamp"]).endswith("Z")


def test_stdlib_loggers_are_rendered_as_redacted_json_lines(captured: io.StringIO) -> None:
    logging.getLogger("uvicorn.error").warning("client %s sent %s", EMAIL, INVOICE)

    assert_no_personal_data(captured.getvalue())
    [line] = lines(captured)
    assert line["event"] == f"client [redacted-email] sent {INVOICE}"
    assert line["logger"] == "uvicorn.error"
    assert line["service"] == "collections"


def test_exception_tracebacks_are_scrubbed(captured: io.StringIO) -> None:
    try:
        raise RuntimeError(f"SMTP refused {EMAIL}")
    except RuntimeError:
        get_logger("test").exception("sending failed")

    assert_no_personal_data(captured.getvalue())
    assert "RuntimeError: SMTP refused [redacted-email]" in lines(captured)[0]["exception"]


def test_console_rendering_is_redacted_too() -> None:
    stream = io.StringIO()
    with logging_into(stream, json=False):
        get_logger("test").info(f"call {PHONE}", recipient_name=NAME)
    assert "[redacted-phone]" in stream.getvalue()
    assert_no_personal_data(stream.getvalue())


@pytest.mark.parametrize(
    "text",
    [
        EVENT_ID,
        DUE_DATE,
        "2026-01-15 10:00:00",
        "2026-01-15T10:00:00.123+08:00",
        "period 2026-01-01 2026-01-31",
        AMOUNT,
        "12345678.90",
        INVOICE,
        "1767225600000-0",
        "redis://127.0.0.1:6379/0",
    ],
)
def test_scrubbing_leaves_non_personal_numbers_alone(text: str) -> None:
    assert scrub_text(text) == text


@pytest.mark.parametrize(
    "text", ["13800138000", "+86 138 0013 8000", "(415) 555-2671", "020-8888 8888", "tel:+4420794"]
)
def test_scrubbing_finds_phone_numbers(text: str) -> None:
    assert scrub_text(text).endswith("[redacted-phone]")


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet="0123456789 -()+./@aZ_:T\n", max_size=40))
def test_text_kept_unscanned_is_text_the_full_scan_would_keep(text: str) -> None:
    full = _CANDIDATE.sub(_phone_or_keep, _EMAIL.sub(REDACTED_EMAIL, text))
    assert scrub_text(text) == full


def test_safe_keys_pass_as_they_are_and_their_other_values_are_still_scrubbed() -> None:
    event_id = uuid.uuid4()
    out = redact_personal_data(None, "info", {
        "event_id": event_id, "stream": "hk:{p01}:out:invoicing", "entry_id": "1764369851123-0",
        "timestamp": "2026-11-28T22:44:11.123456Z", "service": {"nested": "a@b.example"},
        "detail": "call +86 138 0013 8000", "owner": event_id,
    })  # fmt: skip
    assert out["event_id"] == str(event_id) and out["owner"] == str(event_id)
    assert out["stream"] == "hk:{p01}:out:invoicing" and out["entry_id"] == "1764369851123-0"
    assert out["timestamp"] == "2026-11-28T22:44:11.123456Z"
    assert out["service"] == {"nested": REDACTED_EMAIL}  # not a string: scrubbed as before
    assert out["detail"] == f"call {REDACTED_PHONE}"
