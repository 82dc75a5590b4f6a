"""The console's settings: the common ones plus its own (``HUIKUAN_CONSOLE_*``)."""

from __future__ import annotations

from pydantic import Field

from shared.infra.secret_files import secret
from shared.infra.settings import SERVICE_PORTS, Settings

CONSOLE_PORT = 8100


def _local(service: str) -> str:
    return f"http://127.0.0.1:{SERVICE_PORTS[service]}"


class ConsoleSettings(Settings):
    """Where the services' APIs are, the secret that signs sessions, the lock-out rule."""

    invoicing_url: str = _local("invoicing")
    collections_url: str = _local("collections")
    notifications_url: str = _local("notifications")
    # Signs session cookies and seals the users' API keys. Development and tests keep a
    # random one under ``console_var_dir``; staging and production must set it.
    console_secret: str | None = secret(min_length=32)
    console_var_dir: str = "var/console"
    console_session_hours: int = Field(default=8, ge=1, le=24 * 14)
    console_lockout_failures: int = Field(default=5, ge=1)
    console_lockout_minutes: int = Field(default=15, ge=1)
    # Session cookies carry ``Secure`` everywhere but in development (None: that default).
    console_secure_cookies: bool | None = None
    console_api_timeout_s: float = Field(default=10.0, gt=0)

    @property
    def secure_cookies(self) -> bool:
        if self.console_secure_cookies is not None:
            return self.console_secure_cookies
        return self.environment != "development"

    def service_urls(self) -> dict[str, str]:
        return {
            "customers": self.customers_url,
            "invoicing": self.invoicing_url,
            "collections": self.collections_url,
            "notifications": self.notifications_url,
        }
