"""A real Redis Cluster owned by the test session: 6 nodes (3 masters, 3 replicas).

Each node is a ``redis-server --cluster-enabled yes`` with its own port and directory, AOF
``everysec`` and ``noeviction`` like production; ``redis-cli --cluster create
--cluster-replicas 1 --cluster-yes`` joins them. No containers needed.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from pathlib import Path

import redis
from redis.cluster import RedisCluster

from tests.support.redis_server import RedisServer, free_port

NODE_TIMEOUT_MS = 2000


class RedisClusterNodes:
    """Six servers joined into one cluster; kill a master and wait for its replica."""

    def __init__(self, data_dir: Path, size: int = 6) -> None:
        self.nodes = [self._node(data_dir / f"node{i}") for i in range(size)]

    @staticmethod
    def _node(data_dir: Path) -> RedisServer:
        args = ("--cluster-enabled", "yes", "--cluster-config-file", str(data_dir / "nodes.conf"),
                "--cluster-node-timeout", str(NODE_TIMEOUT_MS))  # fmt: skip
        return RedisServer(data_dir, port=free_cluster_port(), extra_args=args)

    @property
    def url(self) -> str:
        """What a service's ``REDIS_URL`` names: every node as a startup node."""
        return "redis+cluster://" + ",".join(f"127.0.0.1:{n.port}" for n in self.nodes) + "/"

    def start(self) -> None:
        for node in self.nodes:
            node.start()
        cli = shutil.which("redis-cli")
        if cli is None:
            raise RuntimeError("redis-cli is not installed (apt-get install redis-tools)")
        subprocess.run(
            [cli, "--cluster", "create", *(f"127.0.0.1:{n.port}" for n in self.nodes),
             "--cluster-replicas", "1", "--cluster-yes"],
            check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=120,
        )  # fmt: skip
        self.wait_until_ok()

    def client(self) -> RedisCluster:
        return RedisCluster(host="127.0.0.1", port=self.nodes[0].port)

    def wait_until_ok(self, timeout: float = 120) -> None:
        """Until every node says ``cluster_state:ok``, all 16384 slots are served and every
        replica has synchronised with its master (only a synchronised replica can take over)."""
        deadline = time.monotonic() + timeout
        while True:
            running = [node for node in self.nodes if node.proc is not None]
            states = [self._state(node) for node in running]
            if all(s.get("cluster_state") == "ok" and s.get("cluster_slots_ok") == "16384"
                   for s in states) and all(self._synced(node) for node in running):  # fmt: skip
                return
            if time.monotonic() > deadline:
                raise TimeoutError(f"the cluster is not ok: {states}")
            time.sleep(0.2)

    def masters(self) -> list[RedisServer]:
        return [n for n in self.nodes if n.proc is not None and self._role(n) == "master"]

    def master_of(self, key: str) -> RedisServer:
        """The node serving ``key``'s slot now."""
        client = self.client()
        try:
            port = client.get_node_from_key(key).port
        finally:
            client.close()
        return next(node for node in self.nodes if node.port == port)

    def replica_of(self, master: RedisServer) -> RedisServer:
        for node in self.nodes:
            if node is master or node.proc is None:
                continue
            info = redis.Redis(port=node.port).info("replication")
            if info.get("role") == "slave" and int(info.get("master_port", 0)) == master.port:
                return node
        raise LookupError(f"no replica follows 127.0.0.1:{master.port}")

    def stop(self) -> None:
        for node in self.nodes:
            node.stop()

    @staticmethod
    def _state(node: RedisServer) -> dict[str, str]:
        try:
            info = redis.Redis(port=node.port).cluster("INFO")
        except redis.ConnectionError:
            return {}
        return {str(key): str(value) for key, value in dict(info).items()}

    @staticmethod
    def _synced(node: RedisServer) -> bool:
        info = redis.Redis(port=node.port).info("replication")
        return info.get("role") == "master" or info.get("master_link_status") == "up"

    @staticmethod
    def _role(node: RedisServer) -> str:
        return str(redis.Redis(port=node.port).info("replication").get("role"))


def free_cluster_port() -> int:
    """A free port whose cluster bus port (+10000) is free and valid too (a node with a
    bus port above 65535 refuses to start)."""
    while True:
        port = free_port()
        if port + 10000 < 65536 and _bindable(port + 10000):
            return port


def _bindable(port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True
