"""The console's worklist page over a large worklist: p50 / p95 of the first page.

    .venv/bin/python bench/console_worklist.py [DEBTORS] [REQUESTS]   # default 100000 40

Before any clock starts, DEBTORS ranked entries are written into collections' worklist
projection (the keys its ``RedisWorklistStore`` keeps: a sorted set by score and a hash of
entries). Then a real collections process and a real console process start; a collector
signs in to the console, and the first worklist page (25 debtors) is fetched REQUESTS
times through the console, and the same page straight from collections' API with the
same key, so the console's own share shows.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import redis
import redis.asyncio as aioredis
from common import bench_redis

from services.collections.adapters.worklist_store import entries_key, rank_key, versions_key
from services.collections.application.worklist import WorklistEntry
from services.console.app import build_console
from services.console.settings import ConsoleSettings
from shared.contracts import Money
from shared.infra.keys import partition_of
from shared.infra.settings import Settings
from tests.support.redis_server import free_port
from tooling.devsystem import wait_until

ROOT = Path(__file__).resolve().parent.parent
PARTITIONS = Settings().partitions
SECRET = "bench-console-secret-" + "3" * 32


def seed(client: redis.Redis, n: int) -> None:
    pipe = client.pipeline(transaction=False)
    for i in range(n):
        amount = 1000 + (i * 7919) % 500_000
        entry = WorklistEntry(
            customer_id=f"C-{i:07d}", state="overdue", level=1 + i % 4,
            overdue=Money(amount=f"{amount}.00", currency="CNY"), days_past_due=5 + i % 200,
            broken_promises=i % 3, rating=None, classification=None, next_action_on=None,
            score=float(amount), version=3,
        )  # fmt: skip
        p = partition_of(entry.customer_id, PARTITIONS)  # the service's default partitions
        pipe.zadd(rank_key(p), {entry.customer_id: entry.score})
        pipe.hset(entries_key(p), entry.customer_id, entry.model_dump_json())
        pipe.hset(versions_key(p), entry.customer_id, 3)
        if i % 2000 == 1999:
            pipe.execute()
    pipe.execute()


def start(module: str, env: dict[str, str], port: int, log: Path) -> subprocess.Popen[bytes]:
    out = log.open("ab")
    proc = subprocess.Popen([sys.executable, "-m", module], cwd=ROOT, stdout=out, stderr=out,
                            env={**os.environ, **env, "HUIKUAN_PORT": str(port)})  # fmt: skip

    def ready() -> bool:
        if proc.poll() is not None:
            raise RuntimeError(f"{module} exited: {log.read_text()[-1500:]}")
        try:
            return httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=1).status_code == 200
        except httpx.HTTPError:
            return False

    wait_until(ready, 60, module)
    return proc


async def collector(settings: ConsoleSettings) -> tuple[str, str]:
    """A collector account: (one-time password, its API key)."""
    client = aioredis.Redis.from_url(settings.redis_url)
    try:
        console = build_console(settings, client)
        account, password = await console.accounts.create("bench", "collector", "en")
        return password, console.accounts.api_key(account)
    finally:
        await client.aclose()


def signed_in(url: str, password: str) -> httpx.Client:
    import re

    client = httpx.Client(base_url=url, timeout=30)
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/sign-in").text)
    assert token
    client.post("/sign-in", data={"username": "bench", "password": password,
                                  "csrf_token": token.group(1)})  # fmt: skip
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/password").text)
    assert token
    client.post("/password", data={"current": password, "new": "bench password 1234",
                                   "csrf_token": token.group(1)})  # fmt: skip
    return client


def timings(fetch: object, requests: int) -> list[float]:
    seconds = []
    for _ in range(3):
        fetch()  # type: ignore[operator]
    for _ in range(requests):
        started = time.perf_counter()
        fetch()  # type: ignore[operator]
        seconds.append(time.perf_counter() - started)
    return seconds


def show(what: str, seconds: list[float]) -> None:
    ms = sorted(s * 1000 for s in seconds)
    p95 = ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))]
    print(f"  {what:<44} p50 {statistics.median(ms):7.1f} ms   p95 {p95:7.1f} ms")


def main(n: int, requests: int) -> None:
    with bench_redis() as server, tempfile.TemporaryDirectory() as folder:
        seed(redis.Redis.from_url(server.url), n)
        ports = {"collections": free_port(), "console": free_port()}
        env = {"REDIS_URL": server.url, "HUIKUAN_ENVIRONMENT": "test", "HUIKUAN_LOG_JSON": "true",
               "HUIKUAN_COLLECTIONS_URL": f"http://127.0.0.1:{ports['collections']}",
               "HUIKUAN_CONSOLE_SECRET": SECRET, "HUIKUAN_CONSOLE_VAR_DIR": folder,
               "HUIKUAN_CONSOLE_SECURE_COOKIES": "false"}  # fmt: skip
        settings = ConsoleSettings(redis_url=server.url, console_secret=SECRET,
                                   console_var_dir=folder)  # fmt: skip
        password, key = asyncio.run(collector(settings))
        procs = [
            start(f"services.{s}", env, p, Path(folder) / f"{s}.log") for s, p in ports.items()
        ]
        try:
            console = signed_in(f"http://127.0.0.1:{ports['console']}", password)
            api = httpx.Client(base_url=env["HUIKUAN_COLLECTIONS_URL"], timeout=30,
                               headers={"X-API-Key": key})  # fmt: skip
            page = console.get("/worklist")
            assert page.status_code == 200 and "C-" in page.text, page.text[:500]
            print(f"\nfirst worklist page (25 debtors) over {n:,} ranked debtors, "
                  f"{requests} requests each")  # fmt: skip
            through_console = timings(lambda: console.get("/worklist").raise_for_status(), requests)
            direct = timings(lambda: api.get("/worklist", params={"limit": 25}), requests)
            show("console GET /worklist (HTML, via the API)", through_console)
            show("collections GET /worklist?limit=25 (JSON)", direct)
        finally:
            for proc in procs:
                proc.terminate()
                proc.wait(timeout=15)


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:]]
    main(args[0] if args else 100_000, args[1] if len(args) > 1 else 40)
