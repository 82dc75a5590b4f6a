"""Structured logging: JSON lines with ``service``, context vars and personal data redacted.

Every log line, from structlog or from stdlib loggers (uvicorn, faststream), goes through
the same :class:`structlog.stdlib.ProcessorFormatter`. Per-message context is bound by
callers::

    with structlog.contextvars.bound_contextvars(event_id=..., correlation_id=...):
        log.info("invoice tracked")

Run uvicorn with ``log_config=None`` and give the broker a propagating stdlib logger
(``RedisBroker(..., logger=logging.getLogger("faststream.access"))``) so that their
output is rendered here too.

A consumer sets :data:`LOG_CONTEXT` around each stream entry it handles instead: a
function giving the entry's fields (stream, ``event_id``, ``correlation_id``,
``event_type``), called only when a line is logged, so handling an entry that logs
nothing works none of them out.
"""

from __future__ import annotations

import dataclasses
import functools
import logging
import re
import sys
import uuid
from collections.abc import Callable, Iterable, Mapping
from contextvars import ContextVar
from typing import Any, TextIO

import structlog
from pydantic import BaseModel
from structlog.typing import EventDict, Processor, WrappedLogger

DEFAULT_REDACT_KEYS: frozenset[str] = frozenset(
    {"email", "phone", "mobile", "name", "address", "contact", "recipient", "to"}
    | {"body", "content"}
)
"""Key-name tokens whose values are replaced: ``debtor_email``, ``contactName``, ``to``."""

SAFE_KEYS: frozenset[str] = frozenset(
    {"event", "level", "timestamp", "logger", "service", "event_id", "correlation_id"}
    | {"logger_name", "func_name", "process_name", "thread_name", "exception", "exc_info"}
)
"""Keys that are never redacted by name (their string values are still scrubbed)."""

SAFE_VALUE_KEYS: frozenset[str] = frozenset(
    {"level", "timestamp", "logger", "logger_name", "service"}
    | {"event_id", "correlation_id", "causation_id", "entry_id", "stream"}
)
"""Keys whose values the logging pipeline or Huikuan itself writes from typed data (levels,
ISO timestamps, logger and service names, UUIDs, stream names and entry ids): passed as they
are, without scanning. Only a string, number or UUID is passed so; anything else is scrubbed."""

REDACTED = "[redacted]"
REDACTED_EMAIL = "[redacted-email]"
REDACTED_PHONE = "[redacted-phone]"

_EMAIL = re.compile(r"[\w.+%-]+@[\w-]+(?:\.[\w-]+)+")
# Kept as-is: ISO dates/datetimes, matched first so a phone candidate never starts inside one.
_DATE = r"(?P<date>\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?)"
# A run of digits with optional +, parentheses, single spaces or dashes between them. It must
# stand alone: not glued to letters, dots (amounts, IPs), slashes or dashes (INV-2026-0001,
# UUID groups), and it is taken whole or not at all (the look-ahead forbids stopping early).
_PHONE = r"(?P<phone>(?<![\w.\-/+])(?:\+|\()?\d(?:(?:[ \-]|\) ?)?\d)*(?![\w./\-]|(?:[ \-]|\) ?)\d))"
_CANDIDATE = re.compile(f"{_DATE}|{_PHONE}")
_STREAM_ENTRY_ID = re.compile(r"\d{12,}-\d+")
# A phone needs 7 digits at most two characters apart (a separator, or ") "); text without
# such a run and without "@" holds neither a phone nor an e-mail, and is kept unscanned.
_MAYBE_PHONE = re.compile(r"\d(?:\D{0,2}\d){6}")


def _phone_or_keep(match: re.Match[str]) -> str:
    text = match.group(0)
    if match.group("date") is not None or _STREAM_ENTRY_ID.fullmatch(text):
        return text
    digits = sum(ch.isdigit() for ch in text)
    return REDACTED_PHONE if 7 <= digits <= 15 else text


def scrub_text(text: str) -> str:
    """Replace e-mail addresses and phone numbers found inside free text."""
    if "@" not in text and _MAYBE_PHONE.search(text) is None:
        return text
    return _CANDIDATE.sub(_phone_or_keep, _EMAIL.sub(REDACTED_EMAIL, text))


def _key_tokens(key: str) -> list[str]:
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", key)
    return [token for token in re.split(r"[^a-zA-Z0-9]+", spaced.lower()) if token]


def _is_personal_key(key: object, redact_keys: frozenset[str]) -> bool:
    if not isinstance(key, str) or key in SAFE_KEYS or key.startswith("_"):
        return False
    return _personal_key_name(key, redact_keys)


@functools.lru_cache(maxsize=4096)
def _personal_key_name(key: str, redact_keys: frozenset[str]) -> bool:
    """Whether a token of ``key`` names personal data (keys repeat: the answer is cached)."""
    for token in _key_tokens(key):
        singular = {token, token.removesuffix("s"), token.removesuffix("es")}
        if singular & redact_keys:
            return True
    return False


def _scrub_value(value: Any, redact_keys: frozenset[str]) -> Any:
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, str):
        return scrub_text(value)
    if isinstance(value, uuid.UUID):
        return str(value)  # hex groups: neither a phone nor an e-mail
    if isinstance(value, BaseModel):
        value = value.model_dump(mode="json")
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        value = dataclasses.asdict(value)
    if isinstance(value, Mapping):
        return _scrub_mapping(value, redact_keys)
    if isinstance(value, list | tuple | set | frozenset):
        return [_scrub_value(item, redact_keys) for item in value]
    return scrub_text(str(value))


def _scrub_mapping(mapping: Mapping[Any, Any], redact_keys: frozenset[str]) -> dict[Any, Any]:
    scrubbed: dict[Any, Any] = {}
    for key, value in mapping.items():
        if key == "exc_info" or (isinstance(key, str) and key.startswith("_")):
            scrubbed[key] = value
        elif key in SAFE_VALUE_KEYS and isinstance(value, str | int | uuid.UUID):
            scrubbed[key] = value if not isinstance(value, uuid.UUID) else str(value)
        elif _is_personal_key(key, redact_keys):
            scrubbed[key] = REDACTED
        else:
            scrubbed[key] = _scrub_value(value, redact_keys)
    return scrubbed


def make_redactor(redact_keys: Iterable[str] = DEFAULT_REDACT_KEYS) -> Processor:
    """A processor redacting values of personal keys and scrubbing e-mails/phones in text."""
    keys = frozenset(key.lower() for key in redact_keys)

    def redact(logger: WrappedLogger, method_name: str, event_dict: EventDict) -> EventDict:
        return _scrub_mapping(event_dict, keys)

    return redact


redact_personal_data: Processor = make_redactor()
"""The default redaction processor (keys in :data:`DEFAULT_REDACT_KEYS`)."""

LOG_CONTEXT: ContextVar[Callable[[], Mapping[str, Any]] | None] = ContextVar(
    "huikuan_log_context", default=None
)
"""Fields every line logged in this context carries (a line's own keys and those bound with
``structlog.contextvars`` win)."""


def merge_log_context(logger: WrappedLogger, method_name: str, event_dict: EventDict) -> EventDict:
    if (fields := LOG_CONTEXT.get()) is not None:
        for key, value in fields().items():
            event_dict.setdefault(key, value)
    return event_dict


_STRUCTLOG_CHAIN: list[Processor] = [
    structlog.stdlib.filter_by_level,
    structlog.contextvars.merge_contextvars,
    merge_log_context,
    structlog.stdlib.add_log_level,
    structlog.stdlib.add_logger_name,
    structlog.stdlib.PositionalArgumentsFormatter(),
    structlog.processors.StackInfoRenderer(),
    structlog.processors.TimeStamper(fmt="iso", utc=True),
    structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
]
_FOREIGN_CHAIN: list[Processor] = [
    structlog.contextvars.merge_contextvars,
    merge_log_context,
    structlog.stdlib.add_log_level,
    structlog.stdlib.add_logger_name,
    structlog.stdlib.ExtraAdder(),
    structlog.processors.TimeStamper(fmt="iso", utc=True),
]
_ADOPTED_LOGGERS = ("uvicorn", "uvicorn.error", "uvicorn.access", "faststream")


def _add_service(service: str) -> Processor:
    def add_service(logger: WrappedLogger, method_name: str, event_dict: EventDict) -> EventDict:
        event_dict.setdefault("service", service)
        return event_dict

    return add_service


def _is_tty(stream: TextIO) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def _formatter(service: str, as_json: bool, redactor: Processor) -> logging.Formatter:
    renderer: list[Processor] = (
        [structlog.processors.format_exc_info, redactor, structlog.processors.JSONRenderer()]
        if as_json
        else [redactor, structlog.dev.ConsoleRenderer()]
    )
    return structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=_FOREIGN_CHAIN,
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            _add_service(service),
            *renderer,
        ],
    )


def configure_logging(
    service: str,
    *,
    json: bool | None = None,
    stream: TextIO | None = None,
    level: int | str = logging.INFO,
    redact_keys: Iterable[str] = DEFAULT_REDACT_KEYS,
) -> None:
    """Send all logging (structlog and stdlib) as redacted lines to ``stream`` (stderr).

    ``json=None`` renders for humans on a TTY and JSON lines otherwise.
    Calling it again replaces the previous configuration.
    """
    target = stream if stream is not None else sys.stderr
    as_json = json if json is not None else not _is_tty(target)
    handler = logging.StreamHandler(target)
    handler.setFormatter(_formatter(service, as_json, make_redactor(redact_keys)))
    root = logging.getLogger()
    root.handlers = [handler]
    root.setLevel(level)
    for name in _ADOPTED_LOGGERS:
        adopted = logging.getLogger(name)
        adopted.handlers = []
        adopted.propagate = True
    structlog.configure(
        processors=_STRUCTLOG_CHAIN,
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )


def get_logger(name: str | None = None) -> structlog.stdlib.BoundLogger:
    """A structlog logger; configuration is looked up lazily, so module level use is fine."""
    logger: structlog.stdlib.BoundLogger = structlog.stdlib.get_logger(name)
    return logger
