"""The master key that wraps every customer's data key (``HUIKUAN_PII_MASTER_KEY``).

The setting holds one Fernet key, or several separated by commas for rotation (the
first encrypts, all decrypt). Without it, production refuses to start; anywhere else a
fixed development key is derived and a warning logged, so a developer's data is still
encrypted at rest, just not secretly.
"""

from __future__ import annotations

import base64
import hashlib

import structlog
from cryptography.fernet import Fernet, MultiFernet

from shared.infra.settings import Settings

log = structlog.get_logger("customers.master_key")

_DEV_SEED = b"huikuan/development-only/pii-master-key/v1"


class MasterKeyMissing(RuntimeError):
    """Production needs ``HUIKUAN_PII_MASTER_KEY``; the service refuses to start without it."""


class MasterKeyInvalid(RuntimeError):
    """``HUIKUAN_PII_MASTER_KEY`` is not a (comma-separated list of) Fernet key(s)."""


def development_master_key() -> str:
    """The fixed, public key used outside production when none is configured."""
    return base64.urlsafe_b64encode(hashlib.sha256(_DEV_SEED).digest()).decode()


def master_key(settings: Settings) -> MultiFernet:
    """The master key to wrap data keys with, as ``settings`` give it (or refuse)."""
    configured = settings.pii_master_key
    if not configured:
        if settings.environment == "production":
            raise MasterKeyMissing("set HUIKUAN_PII_MASTER_KEY (a Fernet key) in production")
        log.warning(
            "pii_master_key_not_set",
            detail="using the public development key; personal data is not protected",
            environment=settings.environment,
        )
        configured = development_master_key()
    try:
        return MultiFernet([Fernet(k.strip()) for k in configured.split(",") if k.strip()])
    except (ValueError, TypeError) as exc:
        # Never echo the setting: it is a secret, even when malformed.
        raise MasterKeyInvalid("HUIKUAN_PII_MASTER_KEY is not a valid Fernet key") from exc
