"""Starting the whole system locally: Redis (when none answers), a dev mailbox, the services.

Used by ``huikuan up``, ``huikuan demo`` and the end-to-end tests, so what a newcomer
runs is what the tests run.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import httpx
import redis

from shared.infra.startup import REFUSAL_MARK

SERVICES = ("customers", "invoicing", "collections", "notifications", "analytics")
CONSOLE = "console"  # started after the four when its port is given; it calls their APIs


class SystemError_(RuntimeError):
    """The local system could not be started; the message says why and what to do."""


def redis_reachable(url: str) -> bool:
    """Whether a Redis answers at ``url`` (credentials included) and lets this user in."""
    client = redis.Redis.from_url(url, socket_connect_timeout=1)
    try:
        return bool(client.ping())
    except redis.RedisError:
        return False
    finally:
        client.close()


def start_redis(url: str, data_dir: Path) -> subprocess.Popen[bytes]:
    """A persistent, non-evicting redis-server on the URL's port, data under ``data_dir``."""
    binary = shutil.which("redis-server")
    if binary is None:
        raise SystemError_("redis-server not found: install it (sudo apt-get install redis-server)")
    parsed = urlparse(url)
    if parsed.hostname not in ("127.0.0.1", "localhost", "::1"):
        raise SystemError_(f"Redis at {url} does not answer and is not local: start it first")
    data_dir.mkdir(parents=True, exist_ok=True)
    conf = Path(__file__).resolve().parent.parent / "deploy" / "redis.conf"
    args = [binary, str(conf)] if conf.exists() else [binary]
    proc = subprocess.Popen(
        [
            *args,
            "--port",
            str(parsed.port or 6379),
            "--bind",
            "127.0.0.1",
            "--dir",
            str(data_dir),
            "--daemonize",
            "no",
            "--logfile",
            str(data_dir / "redis.log"),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )

    def ready() -> bool:
        if proc.poll() is not None:
            log = data_dir / "redis.log"
            tail = log.read_text(errors="replace")[-600:] if log.exists() else ""
            raise SystemError_(f"redis-server exited with {proc.returncode}:\n{tail}")
        return redis_reachable(url)

    wait_until(ready, 15, f"redis-server on {url}")
    return proc


def wait_until(check: object, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():  # type: ignore[operator]
            return
        time.sleep(0.1)
    raise SystemError_(f"{what} did not become ready within {seconds:.0f} s")


def port_open(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex((host, port)) == 0


def free_port() -> int:
    """A TCP port nothing listens on now (the OS picks it)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def running_ports(ports: Iterable[int]) -> list[int]:
    """Those of ``ports`` something already listens on (on the loopback)."""
    return [port for port in ports if port_open(port)]


def refusal_in(log: Path, offset: int = 0) -> str | None:
    """The line a service wrote on refusing to start (``shared.infra.startup``) after
    ``offset`` in its log, if any."""
    if not log.exists():
        return None
    with log.open("rb") as text:
        text.seek(offset)
        written = text.read().decode(errors="replace")
    lines = [line for line in written.splitlines() if REFUSAL_MARK in line]
    return lines[-1].strip() if lines else None


@dataclass
class LocalSystem:
    """The services (four event-sourced, and analytics) as separate processes."""

    env: dict[str, str]
    ports: dict[str, int]
    log_dir: Path
    procs: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    # Settings one service gets on top of ``env`` (its Redis ACL user…), and variables of
    # this process's environment the services must not inherit.
    service_env: dict[str, dict[str, str]] = field(default_factory=dict)
    drop_env: tuple[str, ...] = ()
    log_offsets: dict[str, int] = field(default_factory=dict)

    def url(self, service: str) -> str:
        return f"http://127.0.0.1:{self.ports[service]}"

    def start(self, timeout: float = 60) -> None:
        self.log_dir.mkdir(parents=True, exist_ok=True)
        for service in SERVICES:
            self.start_one(service)
        for service in SERVICES:
            wait_until(lambda s=service: self.ready(s), timeout, f"service {service}")
        if CONSOLE in self.ports:
            self.start_one(CONSOLE)
            wait_until(lambda: self.ready(CONSOLE), timeout, f"service {CONSOLE}")

    def start_one(self, service: str) -> None:
        inherited = {k: v for k, v in os.environ.items() if k not in self.drop_env}
        env = {**inherited, **self.env, **self.service_env.get(service, {}),
               "HUIKUAN_PORT": str(self.ports[service])}  # fmt: skip
        path = self.log_dir / f"{service}.log"
        self.log_offsets[service] = path.stat().st_size if path.exists() else 0
        log = path.open("ab")
        self.procs[service] = subprocess.Popen(
            [sys.executable, "-m", f"services.{service}"],
            env=env,
            stdout=log,
            stderr=log,
            cwd=Path(__file__).resolve().parent.parent,
        )

    def ready(self, service: str) -> bool:
        proc = self.procs[service]
        if proc.poll() is not None:
            log = self.log_dir / f"{service}.log"
            reason = refusal_in(log, self.log_offsets.get(service, 0))
            if reason is not None:
                raise SystemError_(f"{reason} (log: {log})")
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise SystemError_(f"service {service} exited with {proc.returncode}:\n{tail}")
        try:
            return httpx.get(f"{self.url(service)}/readyz", timeout=1).status_code == 200
        except httpx.HTTPError:
            return False

    def kill(self, service: str) -> None:
        """SIGKILL one service (crash simulation)."""
        self.procs[service].kill()
        self.procs[service].wait()

    def stop(self) -> None:
        for proc in self.procs.values():
            if proc.poll() is None:
                proc.terminate()
        for proc in self.procs.values():
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
