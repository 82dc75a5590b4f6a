"""Settings from the environment (prefix ``HUIKUAN_``), one object per process.

Every secret setting can also be read from a file: ``HUIKUAN_<NAME>_FILE``
(``shared.infra.secret_files``).
"""

from __future__ import annotations

from typing import Literal
from urllib.parse import quote, urlsplit, urlunsplit

from pydantic import AliasChoices, Field, model_validator
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from shared.infra.secret_files import SecretFilesSource, SettingsRefused, secret

SERVICE_PORTS: dict[str, int] = {
    "customers": 8101,
    "invoicing": 8102,
    "collections": 8103,
    "notifications": 8104,
}


def without_password(url: str) -> str:
    """``url`` with any password in it masked: the form to print or log."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit(parts._replace(netloc=f"{parts.username or ''}:***@{host}"))


class Settings(BaseSettings):
    """Process settings. Every field can be set as ``HUIKUAN_<NAME>``."""

    model_config = SettingsConfigDict(env_prefix="HUIKUAN_", extra="ignore")

    # Huikuan's own local Redis port: the one `huikuan up` starts when nothing answers there.
    redis_url: str = Field(
        default="redis://127.0.0.1:6391/0",
        validation_alias=AliasChoices("REDIS_URL", "HUIKUAN_REDIS_URL", "redis_url"),
    )
    # The service's Redis ACL user (deploy: `huikuan redis acl`), for redis-py and FastStream.
    redis_username: str | None = Field(default=None, min_length=1, max_length=64)
    redis_password: str | None = secret()
    environment: Literal["development", "test", "staging", "production"] = "development"
    partitions: int = Field(default=4, ge=1, le=256)
    clock: Literal["system", "simulated"] = "system"
    dead_letter_after: int = Field(default=5, ge=1)
    reclaim_idle_ms: int = Field(default=30_000, ge=10)
    poll_interval_ms: int = Field(default=200, ge=1)
    # Entries per XREADGROUP / XAUTOCLAIM (shared.infra.bus); different keys run concurrently.
    batch_size: int = Field(default=100, ge=1, le=1000)
    # Redis connections per process, and handlers in flight at once (kept below it, so a
    # backlog never exhausts the pool: a handler may hold a connection while it waits).
    redis_max_connections: int = Field(default=128, ge=4)
    max_in_flight: int = Field(default=48, ge=1)
    # Transient failures (shared.infra.transient) are retried in place, never dead-lettered;
    # an entry waiting longer than this raises huikuan_entries_stuck_on_transient.
    transient_backoff_cap_s: float = Field(default=30.0, gt=0)
    transient_alert_after_s: float = Field(default=300.0, gt=0)
    # An entry delivered this often without an ack (its handler keeps killing the
    # process) is dead-lettered by the reclaimer.
    crash_dead_letter_after: int = Field(default=20, ge=2)
    timer_poll_interval_ms: int = Field(default=250, ge=10)
    max_payload_bytes: int = Field(default=64 * 1024, ge=1024)
    host: str = "127.0.0.1"
    port: int | None = None
    # A second port serving only the internal routes (/internal/…) and the probes; when it
    # is set the public port no longer serves /internal/…, so a network policy can let only
    # the services that need it reach that port (customers' contacts: notifications).
    internal_port: int | None = Field(default=None, ge=1, le=65535)
    customers_url: str = "http://127.0.0.1:8101"
    # The key this process presents to the others' internal routes (`huikuan keys
    # rotate-internal` makes it); services never register keys themselves.
    internal_api_key: str | None = secret()
    # Authenticates every API-key record read back from Redis (HMAC-SHA-256): write access
    # to Redis is not admin access. Required by every service (shared.web.auth).
    api_key_secret: str | None = secret(min_length=32)
    # Where this installation keeps local state (development secrets, the local Redis…).
    var_dir: str = "var"
    # Whether collectors may book payments (off: only integrations and admins book money).
    collectors_may_book_payments: bool = False
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 8025
    smtp_sender: str = "accounts@huikuan.example"
    email_enabled: bool = True
    grace_days: int = Field(default=3, ge=0)
    business_timezone: str = "Asia/Shanghai"
    log_json: bool | None = None
    pii_master_key: str | None = secret()
    # Notification channels (e-mail above; SMS, letter, webhook off unless configured).
    smtp_starttls: bool = False
    smtp_username: str | None = None
    smtp_password: str | None = secret()
    sms_enabled: bool = False
    sms_url: str = "http://127.0.0.1:8025/sms"
    sms_api_key: str | None = secret()
    sms_auth: Literal["bearer", "api_key"] = "bearer"
    sms_inbound_secret: str | None = secret()
    letter_enabled: bool = False
    webhook_enabled: bool = False
    webhook_url: str = "http://127.0.0.1:9000/huikuan"
    webhook_secret: str | None = secret()
    notifications_var_dir: str = "var/notifications"
    notifications_public_url: str = "http://127.0.0.1:8104"
    unsubscribe_secret: str | None = secret()
    send_lease_ms: int = Field(default=60_000, ge=100)
    # Notification compliance policy (COMPLIANCE.md T2, T5) and the sender R6 names.
    notifications_quiet_weekends: bool | None = None  # None: each jurisdiction pack's default
    notifications_third_party_contact: bool = False  # T5: location inquiries, off by default
    notifications_business_name: str = "Accounts Office"  # must not reveal collection
    notifications_sender_person: str = "Lin Yue"
    notifications_callback_number: str = "+86 21 5555 0100"

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        files = SecretFilesSource(settings_cls, prefix="HUIKUAN_")
        return init_settings, env_settings, files, dotenv_settings, file_secret_settings

    @model_validator(mode="after")
    def _credentials_given_once(self) -> Settings:
        given = urlsplit(self.redis_url)
        if (given.username or given.password) and (self.redis_username or self.redis_password):
            raise SettingsRefused(
                "REDIS_URL carries credentials and HUIKUAN_REDIS_USERNAME/PASSWORD are set "
                "too: give them one way only"
            )
        return self

    @model_validator(mode="after")
    def _in_flight_below_pool(self) -> Settings:
        if self.max_in_flight * 2 > self.redis_max_connections:
            raise ValueError(
                f"HUIKUAN_MAX_IN_FLIGHT ({self.max_in_flight}) must be at most half of "
                f"HUIKUAN_REDIS_MAX_CONNECTIONS ({self.redis_max_connections}): a handler "
                "may hold two connections at once"
            )
        return self

    def redis_connection_url(self) -> str:
        """``redis_url`` with the ACL user's credentials in it, for every client (redis-py,
        FastStream). Never log it; ``redis_url`` is the one to show."""
        if not (self.redis_username or self.redis_password):
            return self.redis_url
        given = urlsplit(self.redis_url)
        user = quote(self.redis_username or "default", safe="")
        password = quote(self.redis_password or "", safe="")
        credentials = f"{user}:{password}" if self.redis_password else user
        return urlunsplit(given._replace(netloc=f"{credentials}@{given.netloc}"))

    @property
    def simulated_clock_allowed(self) -> bool:
        return self.environment != "production"
