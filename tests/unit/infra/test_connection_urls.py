"""``redis+cluster://`` URLs: which nodes, which plain URL FastStream and redis-py get."""

from __future__ import annotations

from shared.infra import connection
from shared.infra.settings import Settings


def test_a_cluster_url_names_every_startup_node() -> None:
    url = "redis+cluster://svc:s3cret@10.0.0.1:7000,10.0.0.2:7001,redis-c/"
    assert connection.is_cluster(url)
    assert connection.cluster_nodes(url) == [("10.0.0.1", 7000), ("10.0.0.2", 7001),
                                             ("redis-c", 6379)]  # fmt: skip
    assert connection.node_url(url) == "redis://svc:s3cret@10.0.0.1:7000"


def test_a_plain_url_is_not_a_cluster_and_stays_as_it_is() -> None:
    assert not connection.is_cluster("redis://127.0.0.1:6391/0")
    assert connection.node_url("rediss://h:6380/0") == "rediss://h:6380/0"
    assert connection.node_url("rediss+cluster://h:7000/") == "rediss://h:7000"


def test_the_acl_user_from_settings_reaches_a_cluster_url() -> None:
    settings = Settings(redis_url="redis+cluster://a:7000,b:7000/", redis_username="invoicing",
                        redis_password="pw/with:odd@chars")  # fmt: skip
    url = settings.redis_connection_url()
    assert connection.cluster_nodes(url) == [("a", 7000), ("b", 7000)]
    assert connection.node_url(url).startswith("redis://invoicing:pw%2Fwith%3Aodd%40chars@a:7000")


def test_the_cluster_setting_makes_a_seed_node_url_a_cluster_url() -> None:
    settings = Settings(redis_url="rediss://redis-cluster.ns.svc:6379/0", redis_cluster=True)
    url = settings.redis_connection_url()
    assert connection.is_cluster(url)
    assert connection.node_url(url) == "rediss://redis-cluster.ns.svc:6379"
    assert Settings(redis_url="redis://h:6379/0").redis_connection_url() == "redis://h:6379/0"
