from __future__ import annotations

from pathlib import Path

import redis
from typer.testing import CliRunner

from tests.support.redis_server import RedisServer
from tooling.cli_keys import keys_app

runner = CliRunner()


def keys_cli(server: RedisServer, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(keys_app, [*args, "--redis-url", server.url])
    return result.exit_code, result.stdout, result.stderr


def fresh(server: RedisServer) -> None:
    client = redis.Redis.from_url(server.url)
    client.flushall()
    client.close()


def test_create_prints_the_key_once_and_warns_on_stderr(redis_server: RedisServer) -> None:
    fresh(redis_server)
    code, out, err = keys_cli(
        redis_server, "create", "--name", "erp-bridge", "--role", "integration"
    )

    assert code == 0
    assert out.strip().startswith("hk_")
    assert "not be shown again" in err
    assert "hk_" not in err


def test_list_shows_name_role_and_digest_prefix_but_never_the_key(
    redis_server: RedisServer,
) -> None:
    fresh(redis_server)
    _, key, _ = keys_cli(redis_server, "create", "--name", "erp-bridge", "--role", "integration")

    code, out, _ = keys_cli(redis_server, "list")

    assert code == 0
    assert key.strip() not in out
    assert "erp-bridge" in out
    assert "integration" in out


def test_revoke_by_digest_prefix_removes_the_key(redis_server: RedisServer) -> None:
    fresh(redis_server)
    keys_cli(redis_server, "create", "--name", "erp-bridge", "--role", "integration")
    _, listing, _ = keys_cli(redis_server, "list")
    prefix = listing.split()[0]

    code, out, _ = keys_cli(redis_server, "revoke", prefix)

    assert code == 0
    assert f"revoked {prefix}" in out
    assert "erp-bridge" not in keys_cli(redis_server, "list")[1]


def test_revoke_with_an_unknown_prefix_fails(redis_server: RedisServer) -> None:
    fresh(redis_server)
    code, _, err = keys_cli(redis_server, "revoke", "000000000000")
    assert code == 1
    assert "no key matches" in err


def test_rotate_internal_keep_valid_keeps_the_key_redis_accepts_and_rotates_any_other(
    redis_server: RedisServer, tmp_path: Path
) -> None:
    fresh(redis_server)
    written = tmp_path / "internal-api-key"
    keys_cli(redis_server, "rotate-internal", "--write", str(written))
    first = written.read_text()

    code, _, err = keys_cli(redis_server, "rotate-internal", "--write", str(written),
                            "--keep-valid")  # fmt: skip
    kept = written.read_text()
    keys_cli(redis_server, "rotate-internal")  # someone rotates: the file's key is revoked
    keys_cli(redis_server, "rotate-internal", "--write", str(written), "--keep-valid")

    assert code == 0 and "still valid: kept" in err
    assert kept == first
    assert written.read_text() != first


def test_rotate_internal_keep_valid_makes_a_key_when_the_file_is_missing(
    redis_server: RedisServer, tmp_path: Path
) -> None:
    fresh(redis_server)
    written = tmp_path / "keys" / "internal-api-key"

    code, _, err = keys_cli(redis_server, "rotate-internal", "--write", str(written),
                            "--keep-valid")  # fmt: skip

    assert code == 0 and "new internal key written" in err
    assert written.read_text().startswith("hk_")
