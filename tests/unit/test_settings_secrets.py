"""Secret settings from files (``HUIKUAN_<NAME>_FILE``) and the Redis ACL user's credentials,
as the manifests in deploy/ give them."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from shared.infra.runtime import check_redis_transport, check_redis_user
from shared.infra.secret_files import SettingsRefused, secret_fields
from shared.infra.settings import Settings, without_password

SECRETS = {
    "internal_api_key", "api_key_secret", "pii_master_key", "smtp_password", "sms_api_key",
    "sms_inbound_secret", "webhook_secret", "unsubscribe_secret", "unsubscribe_secret_previous",
    "redis_password",
    "smtp_lookup_token",
}  # fmt: skip


def test_every_secret_setting_can_come_from_a_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in SECRETS:
        path = tmp_path / name
        path.write_text(f"{name}-value-from-its-file-0123456789abcdef\n")
        monkeypatch.setenv(f"HUIKUAN_{name.upper()}_FILE", str(path))

    settings = Settings()

    assert set(secret_fields(Settings)) == SECRETS
    for name in SECRETS:  # one trailing newline dropped, nothing else
        assert getattr(settings, name) == f"{name}-value-from-its-file-0123456789abcdef"
    assert "value-from-its-file" not in repr(settings)


def test_a_secret_file_that_cannot_be_read_refuses_the_start_naming_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = tmp_path / "nowhere" / "unsubscribe-secret"
    monkeypatch.setenv("HUIKUAN_UNSUBSCRIBE_SECRET_FILE", str(missing))

    with pytest.raises(SettingsRefused, match=r"HUIKUAN_UNSUBSCRIBE_SECRET_FILE names .*nowhere"):
        Settings()


def test_an_empty_secret_file_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    empty = tmp_path / "key"
    empty.write_text("\n")
    monkeypatch.setenv("HUIKUAN_PII_MASTER_KEY_FILE", str(empty))

    with pytest.raises(SettingsRefused, match="empty"):
        Settings()


def test_a_secret_given_both_as_value_and_as_file_is_refused_without_showing_either(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "secret"
    path.write_text("from-the-file-s3cret")
    monkeypatch.setenv("HUIKUAN_WEBHOOK_SECRET", "from-the-env-s3cret")
    monkeypatch.setenv("HUIKUAN_WEBHOOK_SECRET_FILE", str(path))

    with pytest.raises(SettingsRefused, match="both HUIKUAN_WEBHOOK_SECRET and") as refused:
        Settings()
    assert "s3cret" not in str(refused.value)


def test_the_redis_user_and_password_reach_the_connection_url_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "redis-password"
    path.write_text("p@ss:w/rd\n")
    monkeypatch.setenv("HUIKUAN_REDIS_USERNAME", "huikuan-invoicing")
    monkeypatch.setenv("HUIKUAN_REDIS_PASSWORD_FILE", str(path))
    monkeypatch.setenv("REDIS_URL", "redis://redis:6379/0")

    settings = Settings()

    assert settings.redis_url == "redis://redis:6379/0"
    url = settings.redis_connection_url()
    assert url == "redis://huikuan-invoicing:p%40ss%3Aw%2Frd@redis:6379/0"
    assert without_password(url) == "redis://huikuan-invoicing:***@redis:6379/0"


def test_credentials_in_the_url_and_in_the_settings_at_once_are_refused() -> None:
    with pytest.raises(ValidationError, match="give them one way only"):
        Settings(redis_url="redis://a:b@redis:6379/0", redis_username="huikuan-customers")


@pytest.mark.parametrize("environment", ["staging", "production"])
def test_a_deployment_without_its_own_redis_user_is_refused(environment: str) -> None:
    with pytest.raises(RuntimeError, match="HUIKUAN_REDIS_USERNAME"):
        check_redis_user(Settings(environment=environment))  # type: ignore[arg-type]
    check_redis_user(Settings(environment=environment, redis_username="huikuan-customers"))  # type: ignore[arg-type]
    check_redis_user(Settings(environment="development"))


def test_production_refuses_a_plaintext_redis_url_unless_allowed() -> None:
    plain = Settings(environment="production", redis_url="redis://redis:6379/0")
    with pytest.raises(RuntimeError, match="refuses a plaintext Redis URL"):
        check_redis_transport(plain)
    with pytest.raises(RuntimeError, match="rediss://"):
        check_redis_transport(plain.model_copy(update={"redis_url": "redis+cluster://r:7000/"}))
    check_redis_transport(plain.model_copy(update={"redis_url": "rediss://redis:6379/0"}))
    check_redis_transport(plain.model_copy(update={"redis_allow_plaintext": True}))
    check_redis_transport(Settings(environment="staging", redis_url="redis://redis:6379/0"))
