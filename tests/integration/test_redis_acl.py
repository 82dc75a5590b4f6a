"""The Redis ACL `huikuan redis acl` writes, loaded by a real redis-server: the ERP user can
run exactly the README's redis-cli commands and is refused everything else; no Huikuan user
may write API-key records but the operators' and the console's, run KEYS, CONFIG, FLUSHALL,
or write another service's keys."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from redis.exceptions import NoPermissionError

from shared.infra import keys
from shared.infra.ownership import LEASE_TICK_LUA
from tests.support.redis_server import RedisServer
from tooling.redis_acl import (
    ADMIN_USER,
    CONSOLE_USER,
    ERP_USER,
    SERVICE_AGGREGATES,
    acl_file,
    acl_users,
    development_passwords,
)

ROOT = Path(__file__).resolve().parents[2]
PASSWORDS = {user.name: f"test-password-of-{user.name}" for user in acl_users()}
REDIS_CLI = shutil.which("redis-cli")


@pytest.fixture(scope="module")
def acl_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    folder = tmp_path_factory.mktemp("redis-acl")
    (folder / "users.acl").write_text(acl_file(PASSWORDS))
    server = RedisServer(folder, extra_args=("--aclfile", str(folder / "users.acl")))
    server.ping_as = (ADMIN_USER, PASSWORDS[ADMIN_USER])
    server.start()
    yield server
    server.stop()


def client(server: RedisServer, user: str) -> redis.Redis:
    return redis.Redis(port=server.port, username=user, password=PASSWORDS[user])


def refused(connection: redis.Redis, *command: str) -> bool:
    try:
        connection.execute_command(*command)
    except NoPermissionError:
        return True
    return False


def readme_blocks() -> list[str]:
    """The README's shell blocks of the section an ERP follows."""
    text = (ROOT / "README.md").read_text()
    section = text.split("## Feeding invoices in, following events out", 1)[1].split("\n## ")[0]
    return re.findall(r"```bash\n(.*?)```", section, flags=re.DOTALL)


def as_erp(block: str, server: RedisServer) -> str:
    login = f"redis-cli --no-auth-warning --user {ERP_USER} --pass {PASSWORDS[ERP_USER]}"
    return block.replace("redis-cli -p 6391", f"{login} -p {server.port}")


@pytest.mark.skipif(REDIS_CLI is None, reason="redis-cli is not installed")
def test_the_erp_user_runs_every_redis_cli_command_of_the_readme(acl_server: RedisServer) -> None:
    admin = client(acl_server, ADMIN_USER)
    queued = admin.xlen(keys.ingest("invoices"))
    ingest, follow = readme_blocks()
    assert ingest.count("redis-cli") == 2 and follow.count("redis-cli") == 3

    wrote = subprocess.run(["bash", "-c", as_erp(ingest, acl_server)], capture_output=True,
                           text=True, timeout=30, check=True)  # fmt: skip
    # A follower sees what is published after its group is made: create the groups (the
    # loop of the block), publish one event as collections would, then read and ack it.
    loop, read_and_ack = follow.split("done\n", 1)
    made = subprocess.run(["bash", "-c", as_erp(loop + "done\n", acl_server)],
                          capture_output=True, text=True, timeout=30, check=True)  # fmt: skip
    service = client(acl_server, "huikuan-collections")
    entry = service.xadd(keys.outbox(0, "collections"), {"__data__": '{"type":"SupplyHalted"}'})
    script = as_erp(read_and_ack, acl_server).replace("<entry-id>", entry.decode())
    followed = subprocess.run(["bash", "-c", script], capture_output=True, text=True,
                              timeout=30, check=True)  # fmt: skip

    outputs = wrote.stdout + made.stdout + followed.stdout
    assert "NOPERM" not in outputs and "ERR" not in outputs, outputs
    assert len(re.findall(r"^\d+-\d+$", wrote.stdout, flags=re.MULTILINE)) == 2
    assert made.stdout.split() == ["OK"] * 4
    assert "SupplyHalted" in followed.stdout and followed.stdout.rstrip().endswith("1")
    assert admin.xlen(keys.ingest("invoices")) == queued + 2


def test_the_erp_user_is_refused_everything_else(acl_server: RedisServer) -> None:
    erp = client(acl_server, ERP_USER)
    everything_else = [
        ("HSET", keys.API_KEYS, "digest", "{}"),
        ("HGETALL", keys.API_KEYS),
        ("KEYS", "*"),
        ("SCAN", "0"),
        ("CONFIG", "GET", "maxmemory"),
        ("FLUSHALL",),
        ("ACL", "LIST"),
        ("INFO",),
        ("XADD", keys.outbox(0, "collections"), "*", "__data__", "{}"),
        ("XADD", f"{keys.ingest('invoices')}:rejected", "*", "payload", "{}"),
        ("XRANGE", keys.aggregate_stream(0, "debtor", "C-1"), "-", "+"),
        ("XRANGE", keys.ingest("invoices"), "-", "+"),
        ("DEL", keys.ingest("invoices")),
        ("GET", keys.SIM_CLOCK),
        ("SET", keys.SIM_CLOCK, "0"),
        ("HGETALL", "hk:customers:pii:C-1"),
        ("XGROUP", "DESTROY", keys.outbox(0, "collections"), "notifications"),
        ("EVAL", "return 1", "0"),
    ]
    assert [c for c in everything_else if not refused(erp, *c)] == []


@pytest.mark.parametrize("service", sorted(SERVICE_AGGREGATES))
def test_a_service_user_writes_its_own_keys_only_and_never_api_key_records(
    acl_server: RedisServer, service: str
) -> None:
    user = client(acl_server, f"huikuan-{service}")
    other = next(s for s in sorted(SERVICE_AGGREGATES) if s != service)
    # invoicing: invoices and accounts; customers: customers and credit accounts; none for a
    # read side (analytics)
    aggregates = SERVICE_AGGREGATES[service]

    user.xadd(keys.outbox(3, service), {"__data__": "{}"})
    for aggregate in aggregates:
        user.xadd(keys.aggregate_stream(3, aggregate, "X-1"), {"__data__": "{}"})
    user.hset(f"hk:{keys.tag(3)}:proj:{service}:facts", "f-1", "{}")  # a projection's keys
    user.xadd(keys.dead_letter(service), {"error": "x"})
    user.set(keys.ready_probe(service), "1", px=1000)
    user.set(keys.PARTITION_COUNT, 16, nx=True)  # stores / checks the partition count
    own = keys.ownership(service)  # a heartbeat taking both partitions' leases
    heartbeat = user.register_script(LEASE_TICK_LUA)
    leases = [f"{own}:lease:{p}" for p in range(2)]
    assert (
        heartbeat(keys=[f"{own}:members", f"{own}:fence", *leases], args=["c", 1000, "1", 0])[0]
        == 2
    )
    followed = keys.outbox(3, other)  # leaves a stale name of its own in a followed group
    admin = client(acl_server, ADMIN_USER)
    admin.xgroup_create(followed, service, id="0", mkstream=True)
    user.xgroup_createconsumer(followed, service, "gone")
    assert user.xgroup_delconsumer(followed, service, "gone") == 0
    admin.delete(followed)
    assert user.hget(keys.API_KEYS, "digest") is None  # reads key records
    user.xlen(keys.dead_letter(other))  # reads every service's dead letters
    forbidden = [
        ("HSET", keys.API_KEYS, "digest", "{}"),
        ("HDEL", keys.API_KEYS, "digest"),
        ("XADD", keys.outbox(3, other), "*", "__data__", "{}"),
        ("XADD", keys.dead_letter(other), "*", "error", "x"),
        ("KEYS", "*"),
        ("FLUSHALL",),
        ("FLUSHDB",),
        ("CONFIG", "SET", "maxmemory-policy", "allkeys-lru"),
        ("ACL", "SETUSER", ERP_USER, "+@all"),
        ("CLIENT", "LIST"),
        ("SLOWLOG", "RESET"),
        ("SHUTDOWN",),
    ]
    assert [c for c in forbidden if not refused(user, *c)] == []


def test_the_console_writes_api_key_records_and_its_own_keys_only(acl_server: RedisServer) -> None:
    console = client(acl_server, CONSOLE_USER)
    console.hset(keys.API_KEYS, "console-test", "{}")
    console.hdel(keys.API_KEYS, "console-test")
    console.hset("hk:console:users", "wei", "{}")
    assert refused(console, "XADD", keys.outbox(0, "collections"), "*", "a", "b")
    assert refused(console, "HGETALL", "hk:customers:pii:C-1")
    assert refused(console, "FLUSHALL")


def test_the_shipped_development_acl_file_is_what_the_command_writes() -> None:
    shipped = (ROOT / "deploy/compose/development-users.acl").read_text()
    assert shipped == acl_file(development_passwords())
    assert "dev-only-redis-password" not in shipped  # stored hashed, like every password
