"""SIGTERM mid-backlog: the service stops reading, finishes what it read, and exits cleanly.

Invoicing (a real process) works through a backlog of ingest commands; it is sent SIGTERM
while busy. It exits with its shutdown done, and everything it had read has its effect and its
acknowledgement: nothing is left pending for another process to redo, every entry it read
was booked on its customer's account (held there: the customers are not registered, so
nothing is published), and the rest of the backlog waits unread for the next process.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis

from shared.infra import keys
from tests.support.redis_server import RedisServer, free_port

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[2]
BACKLOG = 400


def until(check: object, what: str, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while not check():  # type: ignore[operator]
        assert time.monotonic() < deadline, f"{what} did not happen within {seconds} s"
        time.sleep(0.05)


def issued(client: redis.Redis) -> int:
    """Invoices booked: one account stream per customer (each entry names its own)."""
    return sum(1 for _ in client.scan_iter(match="hk:*:es:account:C-GS-*", count=1000))


def test_sigterm_drains_in_flight_work_and_exits_cleanly(
    redis_server: RedisServer, tmp_path: Path
) -> None:
    client = redis.Redis(port=redis_server.port)
    client.flushall()
    stream = keys.ingest("invoices")
    for i in range(BACKLOG):
        client.xadd(stream, {"__data__": json.dumps({
            "type": "IssueInvoice", "external_number": f"INV-GS-{i}", "customer_id": f"C-GS-{i}",
            "amount": {"amount": "100.00", "currency": "CNY"},
            "issue_date": "2027-01-02", "due_date": "2027-02-01"})})  # fmt: skip
    env = {**os.environ, "REDIS_URL": redis_server.url, "HUIKUAN_PORT": str(free_port()),
           "HUIKUAN_ENVIRONMENT": "test", "HUIKUAN_SHUTDOWN_TIMEOUT_SECONDS": "60",
           "HUIKUAN_LOG_JSON": "true"}  # fmt: skip
    log = tmp_path / "invoicing.log"
    with log.open("wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "services.invoicing"], env=env,
                                stdout=out, stderr=out, cwd=ROOT)  # fmt: skip
        try:
            until(lambda: issued(client) > 0, "invoicing to start working")
            proc.send_signal(signal.SIGTERM)
            code = proc.wait(timeout=120)
        finally:
            if proc.poll() is None:
                proc.kill()
    text = log.read_text()
    # uvicorn ends a clean shutdown by re-raising the signal it caught: killed by SIGTERM
    # after "service_stopped", never by a SIGKILL or an error status.
    assert code in (0, -signal.SIGTERM), text[-2000:]
    assert '"service_draining"' in text and '"service_stopped"' in text
    [group] = client.xinfo_groups(stream)
    assert group["pending"] == 0, "entries read but left unacknowledged at exit"
    read = int(group["entries-read"] or 0)
    assert issued(client) == read, "an entry it read was not booked"
    assert read < BACKLOG or group["lag"] == 0  # the unread rest waits for the next process
