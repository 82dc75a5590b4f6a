"""Settings from the environment (prefix ``HUIKUAN_``), one object per process.

Every secret setting can also be read from a file: ``HUIKUAN_<NAME>_FILE``
(``shared.infra.secret_files``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal
from urllib.parse import quote, urlencode, urlsplit, urlunsplit

from pydantic import AliasChoices, Field, model_validator
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from shared.infra.secret_files import SecretFilesSource, SettingsRefused, secret

SERVICE_PORTS: dict[str, int] = {
    "customers": 8101,
    "invoicing": 8102,
    "collections": 8103,
    "notifications": 8104,
    "analytics": 8105,
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
    # A Redis Cluster behind REDIS_URL's seed node(s); same as writing redis+cluster://.
    redis_cluster: bool = False
    # The service's Redis ACL user (deploy: `huikuan redis acl`), for redis-py and FastStream.
    redis_username: str | None = Field(default=None, min_length=1, max_length=64)
    # Production refuses a plaintext redis:// URL (use rediss://) unless this says the
    # network to Redis is private (e.g. Redis on the compose project's own network).
    redis_allow_plaintext: bool = False
    redis_password: str | None = secret()
    # rediss://: the server's certificate is verified against this CA bundle (PEM) instead
    # of the system's store. A CA certificate is public: a plain path, not a secret setting.
    redis_ca_file: str | None = None
    environment: Literal["development", "test", "staging", "production"] = "development"
    partitions: int = Field(default=4, ge=1, le=256)  # fixed at the first start (partitions.py)
    # Consumer names idle this long and holding nothing pending leave their groups.
    stale_consumer_idle_s: float = Field(default=3600.0, ge=1)
    # On SIGTERM: stop reading, let in-flight handlers and HTTP requests finish for at most
    # this long, then exit (below the orchestrator's grace period minus its preStop pause).
    shutdown_timeout_seconds: float = Field(default=30.0, gt=0)
    # Appends reported done only once this many replicas have them (WAIT; 0: off) within
    # the timeout (shared.infra.replicated).
    append_replicas: int = Field(default=0, ge=0, le=5)
    append_replica_timeout_ms: int = Field(default=1000, ge=1)
    # OpenTelemetry: spans exported over OTLP/HTTP to this collector; off when unset.
    otlp_endpoint: str | None = None
    # How often the bus, timer and Redis gauges on /metrics are read (shared.infra.gauges).
    gauges_interval_s: float = Field(default=15.0, gt=0)
    clock: Literal["system", "simulated"] = "system"
    dead_letter_after: int = Field(default=5, ge=1)
    reclaim_idle_ms: int = Field(default=30_000, ge=10)
    poll_interval_ms: int = Field(default=200, ge=1)
    # The processes of a service share its partitions by leases this long, renewed every
    # third of it (shared.infra.ownership): a process that dies gives its partitions up
    # after at most this long.
    partition_lease_ms: int = Field(default=10_000, ge=300)
    # Entries per XREADGROUP / XAUTOCLAIM (shared.infra.bus); different keys run concurrently.
    batch_size: int = Field(default=100, ge=1, le=1000)
    # Redis connections per process, and handlers in flight at once (kept below it, so a
    # backlog never exhausts the pool: a handler may hold a connection while it waits).
    redis_max_connections: int = Field(default=128, ge=4)
    max_in_flight: int = Field(default=48, ge=1)
    # Container allocations between young garbage collections once the process has started
    # (shared.infra.gc_tuning); unset: the service's own default.
    gc_young_threshold: int | None = Field(default=None, ge=700)
    # Transient failures (shared.infra.transient) are retried in place, never dead-lettered;
    # an entry waiting longer than this raises huikuan_entries_stuck_on_transient.
    transient_backoff_cap_s: float = Field(default=30.0, gt=0)
    transient_alert_after_s: float = Field(default=300.0, gt=0)
    # An entry delivered this often without an ack (its handler keeps killing the
    # process) is dead-lettered by the reclaimer.
    crash_dead_letter_after: int = Field(default=20, ge=2)
    timer_poll_interval_ms: int = Field(default=250, ge=10)
    # Debtor states a collections process keeps after its appends (a cached one is not
    # replayed; about 1 KiB each for a debtor with a few invoices).
    state_cache_size: int = Field(default=16384, ge=0)
    # Outbound and due streams are trimmed below what every consumer group still needs
    # (shared.infra.eventstore_trim), never below the last `outbound_retain_s` seconds of
    # entries; every `trim_interval_s` (0: never trim).
    outbound_retain_s: float = Field(default=3600.0, ge=0)
    # An idempotency record (a re-sent command, a redelivered or replayed entry appends
    # nothing) is kept this long, then expires; longer than any redelivery can be late.
    dedupe_retention_s: float = Field(default=7 * 86400.0, ge=3600)
    trim_interval_s: float = Field(default=30.0, ge=0)
    max_payload_bytes: int = Field(default=64 * 1024, ge=1024)
    host: str = "127.0.0.1"
    port: int | None = None
    # A second port serving only the internal routes (/internal/…) and the probes; when it
    # is set the public port no longer serves /internal/…, so a network policy can let only
    # the services that need it reach that port (customers' contacts: notifications).
    internal_port: int | None = Field(default=None, ge=1, le=65535)
    customers_url: str = "http://127.0.0.1:8101"
    # Where notifications reads a debtor's standing to re-check a deferred or retried
    # message before sending it (unset: not re-checked; staging and production require it),
    # and where `huikuan ledger reconcile` reads collections' balances (unset: the local
    # development port, 8103).
    collections_url: str | None = None
    # Where collections asks analytics for the recovery prediction the worklist can rank by
    # (`GET /worklist?rank=expected_recovery`); unset: that ranking answers 503, the default
    # ranking works without it.
    analytics_url: str | None = None
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
    # How many days after today (business time zone) a payment's or credit's value date may
    # lie; later ones are refused (`value_date_in_future`), so nothing settles in the future.
    value_date_tolerance_days: int = Field(default=1, ge=0, le=31)
    log_json: bool | None = None
    pii_master_key: str | None = secret()
    # customers: every shredded customer listed in this file, outside Redis and its backups
    # (re-applied after a restore: `huikuan erasures reapply`). Off when unset.
    shredded_ledger: str | None = None
    # Notification channels (e-mail above; SMS, letter, webhook off unless configured).
    smtp_starttls: bool = False
    smtp_username: str | None = None
    smtp_password: str | None = secret()
    # A relay that can say whether it holds a Message-ID (GET <url>?message_id=…): asked
    # before an e-mail is sent again after a crash, so it is not sent twice.
    smtp_lookup_url: str | None = None
    smtp_lookup_token: str | None = secret()
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
    # Where customers reach invoicing from outside: the statement's confirm and dispute
    # links are absolute URLs under it (unset: the local development port, 8102; staging
    # and production refuse to start without it).
    invoicing_public_url: str | None = Field(default=None, pattern=r"^https?://[^\s?#]+$")
    unsubscribe_secret: str | None = secret()
    # During a rotation: the secret links already sent were signed with; they still verify,
    # new links are signed with ``unsubscribe_secret`` only (docs/operations.md, "Key rotation").
    unsubscribe_secret_previous: str | None = secret()
    send_lease_ms: int = Field(default=60_000, ge=100)
    # Notification compliance policy (COMPLIANCE.md T2, T5) and the sender R6 names.
    notifications_quiet_weekends: bool | None = None  # None: each jurisdiction pack's default
    notifications_third_party_contact: bool = False  # T5: location inquiries, off by default
    notifications_business_name: str = "Accounts Office"  # must not reveal collection
    notifications_sender_person: str = "Lin Yue"
    notifications_callback_number: str = "+86 21 5555 0100"
    # The creditor every message names (its legal name, postal address, phone / e-mail);
    # checked when the service starts (present, one line, no banned wording).
    notifications_creditor_name: str = "Huikuan Demo Trading Co., Ltd."
    notifications_creditor_address: str = "88 Century Avenue, Pudong, Shanghai 200120, China"
    notifications_creditor_contact: str = "+86 21 5555 0100, accounts@huikuan.example"

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
    def _ca_file_for_tls_only(self) -> Settings:
        if self.redis_ca_file is None:
            return self
        scheme = urlsplit(self.redis_url).scheme
        if scheme not in ("rediss", "rediss+cluster"):
            raise SettingsRefused(
                f"HUIKUAN_REDIS_CA_FILE is set but REDIS_URL is {scheme}://: a CA verifies a "
                "TLS server only, use rediss:// (or unset HUIKUAN_REDIS_CA_FILE)"
            )
        try:
            Path(self.redis_ca_file).read_bytes()
        except OSError as exc:
            raise SettingsRefused(
                f"HUIKUAN_REDIS_CA_FILE names {self.redis_ca_file}, which cannot be read "
                f"({exc.strerror or type(exc).__name__})"
            ) from None
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
        FastStream); ``redis+cluster://`` when it names a cluster (``shared.infra.connection``);
        the CA file as ``ssl_ca_certs`` (redis-py and FastStream read it from the URL).
        Never log it; ``redis_url`` is the one to show."""
        given = urlsplit(self.redis_url)
        if self.redis_cluster and given.scheme in ("redis", "rediss"):
            given = given._replace(scheme=f"{given.scheme}+cluster")
        if self.redis_ca_file is not None:
            ca = urlencode({"ssl_ca_certs": self.redis_ca_file})
            given = given._replace(query=f"{given.query}&{ca}" if given.query else ca)
        if not (self.redis_username or self.redis_password):
            return urlunsplit(given)
        user = quote(self.redis_username or "default", safe="")
        password = quote(self.redis_password or "", safe="")
        credentials = f"{user}:{password}" if self.redis_password else user
        return urlunsplit(given._replace(netloc=f"{credentials}@{given.netloc}"))

    @property
    def simulated_clock_allowed(self) -> bool:
        return self.environment != "production"
