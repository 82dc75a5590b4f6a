"""The master key that wraps every customer's data key (``HUIKUAN_PII_MASTER_KEY``).

The setting holds one Fernet key, or several separated by commas for rotation (the
first encrypts, all decrypt); ``HUIKUAN_PII_MASTER_KEY_FILE`` names a file holding it.
Staging and production refuse to start without it. Elsewhere (a developer's machine, the
tests) a random key is made once for the installation and kept under its ``var``
directory (``secrets/pii-master-key``, mode 0600), with a warning: personal data is
encrypted at rest with a key no one else has — never with a key derived from the source.
"""

from __future__ import annotations

import structlog
from cryptography.fernet import Fernet, MultiFernet

from shared.infra.local_secrets import DEPLOYED, local_secret, local_secret_path
from shared.infra.settings import Settings

log = structlog.get_logger("customers.master_key")

LOCAL_KEY_NAME = "pii-master-key"


class MasterKeyMissing(RuntimeError):
    """Staging and production need ``HUIKUAN_PII_MASTER_KEY``; customers refuses to start."""


class MasterKeyInvalid(RuntimeError):
    """``HUIKUAN_PII_MASTER_KEY`` is not a (comma-separated list of) Fernet key(s)."""


def installation_master_key(settings: Settings) -> str:
    """This installation's own development key (made at random the first time)."""
    path = local_secret_path(settings.var_dir, LOCAL_KEY_NAME)
    return local_secret(path, lambda: Fernet.generate_key().decode())


def master_key(settings: Settings) -> MultiFernet:
    """The master key to wrap data keys with, as ``settings`` give it (or refuse)."""
    return MultiFernet(master_keys(settings))


def master_keys(settings: Settings) -> list[Fernet]:
    """The configured master keys, first (the one that wraps new data keys) first."""
    configured = settings.pii_master_key
    if not configured:
        if settings.environment in DEPLOYED:
            raise MasterKeyMissing(
                f"set HUIKUAN_PII_MASTER_KEY (or …_FILE: a Fernet key) in {settings.environment}"
            )
        log.warning(
            "pii_master_key_not_set",
            detail="using this installation's own key under var/secrets (not for deployments)",
            environment=settings.environment,
        )
        configured = installation_master_key(settings)
    try:
        found = [Fernet(k.strip()) for k in configured.split(",") if k.strip()]
    except (ValueError, TypeError) as exc:
        # Never echo the setting: it is a secret, even when malformed.
        raise MasterKeyInvalid("HUIKUAN_PII_MASTER_KEY is not a valid Fernet key") from exc
    if not found:
        raise MasterKeyInvalid("HUIKUAN_PII_MASTER_KEY holds no key")
    return found
