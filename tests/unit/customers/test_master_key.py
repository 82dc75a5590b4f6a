from __future__ import annotations

import stat
from pathlib import Path

import pytest
from cryptography.fernet import Fernet, InvalidToken
from structlog.testing import capture_logs

from services.customers.adapters.master_key import (
    MasterKeyInvalid,
    MasterKeyMissing,
    installation_master_key,
    master_key,
)
from services.customers.app import build
from shared.infra.settings import Settings


@pytest.mark.parametrize("environment", ["staging", "production"])
def test_a_deployment_refuses_to_start_without_a_master_key(environment: str) -> None:
    with pytest.raises(MasterKeyMissing, match=environment):
        build(Settings(environment=environment, pii_master_key=None))  # type: ignore[arg-type]


def test_without_a_setting_an_installation_makes_its_own_random_key_once_and_keeps_it(
    tmp_path: Path,
) -> None:
    here, elsewhere = tmp_path / "one" / "var", tmp_path / "two" / "var"
    with capture_logs() as logs:
        first = master_key(Settings(environment="development", var_dir=str(here)))
    again = master_key(Settings(environment="test", var_dir=str(here)))
    other = master_key(Settings(environment="development", var_dir=str(elsewhere)))

    assert [entry["event"] for entry in logs] == ["pii_master_key_not_set"]
    assert logs[0]["log_level"] == "warning"
    token = first.encrypt(b"data key")
    assert again.decrypt(token) == b"data key"  # the same installation: the same key
    with pytest.raises(InvalidToken):
        other.decrypt(token)  # another installation cannot open it
    kept = here / "secrets" / "pii-master-key"
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert Fernet(installation_master_key(Settings(var_dir=str(here)))).decrypt(token)


def test_no_key_written_in_the_source_opens_an_installations_data(tmp_path: Path) -> None:
    """The key of main until 2026-12 was derived from a constant in this module: anyone
    could compute it. An installation's key now has nothing in common with it."""
    import base64
    import hashlib

    seed = b"huikuan/development-only/pii-master-key/v1"
    public = base64.urlsafe_b64encode(hashlib.sha256(seed).digest())
    token = master_key(Settings(environment="development", var_dir=str(tmp_path))).encrypt(b"k")

    with pytest.raises(InvalidToken):
        Fernet(public).decrypt(token)


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
