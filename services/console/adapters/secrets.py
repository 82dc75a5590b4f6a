"""The console's secret, and the keys derived from it.

One secret (``HUIKUAN_CONSOLE_SECRET``) signs session cookies and seals each user's API
key at rest in Redis. Development and tests keep a random one in a file under the
console's var directory (created once, mode 0600); staging and production must set it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken

from services.console.settings import ConsoleSettings
from shared.infra.local_secrets import local_secret


class MissingSecret(RuntimeError):
    """Staging and production need ``HUIKUAN_CONSOLE_SECRET``."""


def console_secret(settings: ConsoleSettings) -> str:
    if settings.console_secret:
        return settings.console_secret
    if settings.environment in ("staging", "production"):
        raise MissingSecret(
            f"HUIKUAN_CONSOLE_SECRET is not set; {settings.environment} needs its own "
            "(e.g. `openssl rand -hex 32`)"
        )
    return local_secret(Path(settings.console_var_dir) / "secret", lambda: secrets.token_hex(32))


def derive(secret: str, purpose: str) -> bytes:
    """A 32-byte key for one purpose (HMAC-SHA-256 of the purpose under the secret)."""
    return hmac.new(secret.encode(), purpose.encode(), hashlib.sha256).digest()


class SealedKeys:
    """Seals and opens the users' API keys (Fernet: AES-128-CBC + HMAC-SHA-256)."""

    def __init__(self, secret: str) -> None:
        self._fernet = Fernet(base64.urlsafe_b64encode(derive(secret, "hk-console-api-keys")))

    def seal(self, key: str) -> str:
        return self._fernet.encrypt(key.encode()).decode()

    def open(self, sealed: str) -> str | None:
        """The key, or None when it was sealed under another secret."""
        try:
            return self._fernet.decrypt(sealed.encode()).decode()
        except InvalidToken:
            return None
