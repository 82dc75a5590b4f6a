"""A real redis-server owned by the test session: own port, own data directory, AOF on."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from pathlib import Path

import redis


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class RedisServer:
    """Start, kill (-9) and restart a redis-server with persistence on its own directory."""

    def __init__(
        self, data_dir: Path, port: int | None = None, extra_args: tuple[str, ...] = ()
    ) -> None:
        self.data_dir = data_dir
        self.port = port or free_port()
        self.extra_args = extra_args  # e.g. ("--aclfile", path), ("--appendonly", "no")
        self.ping_as: tuple[str, str] | None = None  # (user, password) once ACLs are on
        self.proc: subprocess.Popen[bytes] | None = None
        binary = shutil.which("redis-server")
        if binary is None:
            raise RuntimeError("redis-server is not installed (apt-get install redis-server)")
        self.binary = binary

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.proc = subprocess.Popen(
            [
                self.binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--dir",
                str(self.data_dir),
                "--appendonly",
                "yes",
                "--appendfsync",
                "everysec",
                "--maxmemory-policy",
                "noeviction",
                "--save",
                "",
                "--logfile",
                str(self.data_dir / "redis.log"),
                *self.extra_args,
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        user, password = self.ping_as or (None, None)
        client = redis.Redis(port=self.port, username=user, password=password)
        while True:
            try:
                if client.ping():
                    break
            except redis.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        # AOF loading finishes before PING answers; keep a handle for callers.
        client.close()

    def kill(self) -> None:
        """SIGKILL: the server gets no chance to flush anything beyond its AOF policy."""
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait()
            self.proc = None

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            self.proc.wait(timeout=10)
            self.proc = None

    def restart(self, *, hard: bool = False) -> None:
        if hard:
            self.fsync()
            self.kill()
        else:
            self.stop()
        self.start()

    def fsync(self) -> None:
        """Wait past one appendfsync=everysec period so the AOF is on disk."""
        time.sleep(1.2)
