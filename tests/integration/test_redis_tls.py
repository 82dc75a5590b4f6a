"""``rediss://`` with ``HUIKUAN_REDIS_CA_FILE``: every client verifies the server against it.

A real redis-server speaking TLS only, its certificate from a CA made for the test
(``tests.support.tls_redis``): the service's clients (redis-py, FastStream's broker, the
synchronous client) connect when given the CA, and are refused — certificate not verified
— without it. The same on a (one-node) Redis Cluster over TLS, through the cluster clients.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from pydantic import ValidationError
from redis.exceptions import RedisClusterException

from shared.infra import connection
from shared.infra.runtime import redis_client
from shared.infra.settings import Settings
from tests.support.tls_redis import TlsRedisServer


@pytest.fixture(scope="module")
def tls_redis(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TlsRedisServer]:
    server = TlsRedisServer(Path(tmp_path_factory.mktemp("redis-tls")))
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def tls_cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TlsRedisServer]:
    server = TlsRedisServer(Path(tmp_path_factory.mktemp("redis-tls-cluster")), cluster=True)
    server.start()
    yield server
    server.stop()


def tls_settings(server: TlsRedisServer, *, ca: bool, cluster: bool = False) -> Settings:
    return Settings(
        redis_url=f"rediss://127.0.0.1:{server.port}/0",
        redis_cluster=cluster,
        redis_ca_file=str(server.ca) if ca else None,
        environment="test",
    )


async def round_trip(settings: Settings) -> bytes | str | None:
    """A write and a read through the service's client, then a ping by FastStream's broker."""
    client = redis_client(settings)
    broker = connection.broker(settings.redis_connection_url())
    try:
        await client.set("hk:{p00}:tls-check", "verified")
        value = await client.get("hk:{p00}:tls-check")
        await broker.connect()
        assert await broker.ping(timeout=30)
        return value
    finally:
        await broker.stop()
        await client.aclose()


@pytest.mark.parametrize("cluster", [False, True], ids=["one server", "cluster"])
def test_every_client_verifies_a_tls_redis_against_the_configured_ca(
    cluster: bool, request: pytest.FixtureRequest
) -> None:
    server: TlsRedisServer = request.getfixturevalue("tls_cluster" if cluster else "tls_redis")
    settings = tls_settings(server, ca=True, cluster=cluster)

    assert asyncio.run(round_trip(settings)) == b"verified"
    with connection.sync_client(settings.redis_connection_url()) as client:
        assert client.ping()


@pytest.mark.parametrize("cluster", [False, True], ids=["one server", "cluster"])
def test_without_the_ca_the_servers_certificate_is_refused(
    cluster: bool, request: pytest.FixtureRequest
) -> None:
    server: TlsRedisServer = request.getfixturevalue("tls_cluster" if cluster else "tls_redis")
    url = tls_settings(server, ca=False, cluster=cluster).redis_connection_url()

    refused = pytest.raises(
        (redis.RedisError, RedisClusterException), match="certificate verify failed"
    )
    with refused, connection.sync_client(url, socket_connect_timeout=30) as client:
        client.ping()


def test_a_ca_file_with_a_plaintext_redis_url_is_refused_naming_the_rule(tmp_path: Path) -> None:
    ca = tmp_path / "ca.pem"
    ca.write_text("not checked before the scheme\n")

    with pytest.raises(ValidationError, match="a CA verifies a TLS server only, use rediss://"):
        Settings(redis_url="redis://127.0.0.1:6379/0", redis_ca_file=str(ca))


def test_a_ca_file_that_cannot_be_read_is_refused_naming_the_file(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "ca.pem"

    with pytest.raises(ValidationError, match=f"HUIKUAN_REDIS_CA_FILE names {missing}, which"):
        Settings(redis_url="rediss://redis.example:6380/0", redis_ca_file=str(missing))


def test_the_ca_file_is_read_from_the_environment_as_documented(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ca = tmp_path / "ca.pem"
    ca.write_text("-----BEGIN CERTIFICATE-----\n")
    monkeypatch.setenv("REDIS_URL", "rediss+cluster://a:7000,b:7000/")
    monkeypatch.setenv("HUIKUAN_REDIS_CA_FILE", str(ca))

    url = Settings().redis_connection_url()

    assert connection.tls_options(url) == {"ssl": True, "ssl_ca_certs": str(ca)}
    assert connection.cluster_nodes(url) == [("a", 7000), ("b", 7000)]
