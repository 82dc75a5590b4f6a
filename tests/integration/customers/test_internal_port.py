"""Customers' internal port: contacts are served there and only there.

A real ``python -m services.customers`` process with ``HUIKUAN_INTERNAL_PORT`` set: the
public port answers 404 on ``/internal/…`` (as if the route did not exist), the internal
port answers the contacts route to the ``internal`` role and nothing but it and the probes.
The Kubernetes NetworkPolicy and the staging/production compose files rely on this split
(only notifications may reach the internal port).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import redis.asyncio as aioredis

from shared.infra.api_keys import Role
from shared.infra.settings import Settings
from tests.support.apps import api_key
from tests.support.redis_server import free_port

ROOT = Path(__file__).resolve().parents[3]


def wait_ready(url: str, proc: subprocess.Popen[bytes], log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"customers did not start:\n{log.read_text()[-3000:]}")
        time.sleep(0.2)


@pytest.fixture
def customers(settings: Settings, tmp_path: Path) -> Iterator[tuple[int, int]]:
    public, internal = free_port(), free_port()
    env = {**os.environ, "REDIS_URL": settings.redis_url, "HUIKUAN_ENVIRONMENT": "test",
           "HUIKUAN_PARTITIONS": str(settings.partitions), "HUIKUAN_PORT": str(public),
           "HUIKUAN_INTERNAL_PORT": str(internal)}  # fmt: skip
    log = tmp_path / "customers.log"
    with log.open("ab") as out:
        proc = subprocess.Popen([sys.executable, "-m", "services.customers"],
                                env=env, stdout=out, stderr=out, cwd=ROOT)  # fmt: skip
    try:
        wait_ready(f"http://127.0.0.1:{public}/readyz", proc, log)
        wait_ready(f"http://127.0.0.1:{internal}/readyz", proc, log)
        yield public, internal
    finally:
        proc.terminate()  # uvicorn stops gracefully, then re-raises SIGTERM on itself
        try:
            proc.wait(30)
        finally:
            if proc.poll() is None:
                proc.kill()
        assert "Application shutdown complete" in log.read_text(), log.read_text()[-3000:]


async def test_contacts_answer_on_the_internal_port_only(
    redis: aioredis.Redis, customers: tuple[int, int]
) -> None:
    public, internal = customers
    machine = {"X-API-Key": await api_key(redis, "test-internal", Role.INTERNAL)}
    admin = {"X-API-Key": await api_key(redis, "test-admin", Role.ADMIN)}
    contacts = "/internal/customers/C-UNKNOWN/contacts"
    async with httpx.AsyncClient(timeout=30) as http:
        outside = await http.get(f"http://127.0.0.1:{public}{contacts}", headers=machine)
        inside = await http.get(f"http://127.0.0.1:{internal}{contacts}", headers=machine)
        stranger = await http.get(f"http://127.0.0.1:{internal}{contacts}")
        public_route_inside = await http.get(
            f"http://127.0.0.1:{internal}/customers/C-UNKNOWN", headers=admin
        )
        public_route_outside = await http.get(
            f"http://127.0.0.1:{public}/customers/C-UNKNOWN", headers=admin
        )
    assert outside.status_code == 404 and outside.json() == {"detail": "not found on this port"}
    # the route itself answers on the internal port: an unknown customer is its own 404
    assert inside.status_code == 404 and inside.json() != outside.json(), inside.text
    assert stranger.status_code == 401
    assert public_route_inside.status_code == 404
    assert public_route_inside.json() == {"detail": "not found on this port"}
    assert public_route_outside.status_code == 404
    assert public_route_outside.json() != {"detail": "not found on this port"}
