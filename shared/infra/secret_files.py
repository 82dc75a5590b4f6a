"""Secret settings read from files: ``HUIKUAN_<NAME>_FILE`` names a file holding ``<NAME>``.

Kubernetes Secrets and compose ``secrets:`` arrive as files, so every secret setting can be
given either as its value (``HUIKUAN_UNSUBSCRIBE_SECRET``) or as the path of a file holding
it (``HUIKUAN_UNSUBSCRIBE_SECRET_FILE``; one trailing newline is dropped). Both at once, or
a named file that cannot be read, is a start-up error naming the setting and the file —
never the value.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from pydantic import Field
from pydantic.fields import FieldInfo
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource

SECRET_MARK = "huikuan_secret"


class SettingsRefused(ValueError):
    """A setting cannot be used as given; the message names it (and never a secret's value)."""


def secret(default: str | None = None, **constraints: Any) -> Any:
    """A secret setting: never shown in ``repr``, also readable from ``HUIKUAN_<NAME>_FILE``."""
    return Field(default, repr=False, json_schema_extra={SECRET_MARK: True}, **constraints)


def is_secret(field: FieldInfo) -> bool:
    extra = field.json_schema_extra
    return isinstance(extra, dict) and bool(extra.get(SECRET_MARK))


def secret_fields(settings_cls: type[BaseSettings]) -> list[str]:
    return [name for name, field in settings_cls.model_fields.items() if is_secret(field)]


def read_secret_file(setting: str, path: str) -> str:
    """The content of ``path`` without one trailing newline; refused when unreadable or empty."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else type(exc).__name__
        message = f"{setting}_FILE names {path}, which cannot be read ({reason})"
        raise SettingsRefused(message) from None
    value = text[:-1] if text.endswith("\n") else text
    value = value[:-1] if value.endswith("\r") else value
    if not value:
        raise SettingsRefused(f"{setting}_FILE names {path}, which is empty")
    return value


class SecretFilesSource(PydanticBaseSettingsSource):
    """Values of secret settings from the files their ``…_FILE`` variables name."""

    def __init__(self, settings_cls: type[BaseSettings], prefix: str) -> None:
        super().__init__(settings_cls)
        self.prefix = prefix

    def get_field_value(self, field: FieldInfo, field_name: str) -> tuple[Any, str, bool]:
        return None, field_name, False  # every value is produced by __call__

    def __call__(self) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for name in secret_fields(self.settings_cls):
            setting = f"{self.prefix}{name}".upper()
            path = os.environ.get(f"{setting}_FILE")
            if path is None:
                continue
            if os.environ.get(setting) is not None:
                raise SettingsRefused(
                    f"both {setting} and {setting}_FILE are set: give the secret one way only"
                )
            values[name] = read_secret_file(setting, path)
        return values
