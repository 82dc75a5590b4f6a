from __future__ import annotations

import pytest
from cryptography.fernet import Fernet
from structlog.testing import capture_logs

from services.customers.adapters.master_key import (
    MasterKeyInvalid,
    MasterKeyMissing,
    development_master_key,
    master_key,
)
from services.customers.app import build
from shared.infra.settings import Settings


def test_production_refuses_to_start_without_a_master_key() -> None:
    with pytest.raises(MasterKeyMissing):
        build(Settings(environment="production", pii_master_key=None))


def test_outside_production_a_fixed_development_key_is_used_with_a_warning() -> None:
    with capture_logs() as logs:
        first = master_key(Settings(environment="development", pii_master_key=None))
    second = master_key(Settings(environment="test", pii_master_key=None))

    assert [entry["event"] for entry in logs] == ["pii_master_key_not_set"]
    assert logs[0]["log_level"] == "warning"
    token = first.encrypt(b"data key")
    assert second.decrypt(token) == b"data key"
    assert Fernet(development_master_key()).decrypt(token) == b"data key"


def test_a_configured_master_key_is_used_and_nothing_is_logged() -> None:
    key = Fernet.generate_key().decode()
    with capture_logs() as logs:
        cipher = master_key(Settings(environment="production", pii_master_key=key))

    assert logs == []
    assert Fernet(key).decrypt(cipher.encrypt(b"x")) == b"x"


def test_an_old_master_key_listed_after_the_new_one_still_decrypts() -> None:
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    wrapped_long_ago = Fernet(old).encrypt(b"data key")

    cipher = master_key(Settings(environment="production", pii_master_key=f"{new},{old}"))

    assert cipher.decrypt(wrapped_long_ago) == b"data key"
    assert Fernet(new).decrypt(cipher.encrypt(b"y")) == b"y"


def test_a_malformed_master_key_is_refused_without_echoing_it() -> None:
    with pytest.raises(MasterKeyInvalid) as refused:
        master_key(Settings(environment="production", pii_master_key="not-a-key-s3cret"))

    assert "s3cret" not in str(refused.value)
