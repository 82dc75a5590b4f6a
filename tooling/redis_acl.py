"""The Redis ACL: one user per kind of client, each allowed what it needs and nothing else.

``huikuan redis acl`` writes these users as a Redis ACL file (``aclfile``). Key patterns
follow ``shared.infra.keys``: every key a service writes carries its service's name
(``hk:{p03}:out:invoicing``, ``hk:customers:pii:…``, ``hk:dlq:notifications``) or is one of
its aggregates' streams (``hk:{p03}:es:invoice:…``), so a service's user writes its own
keys only. Followers read other services' outbound streams through a selector that allows
the consumer-group commands alone (no ``XADD`` there). No Huikuan user may run ``KEYS``,
``FLUSHALL``, ``CONFIG``, ``ACL``, ``DEBUG``, ``SHUTDOWN`` or any other ``@dangerous``
command but ``INFO`` (the start-up safety check), and only the operators' user and the
console write API-key records (which no one can forge anyway without the server secret).

A new key a service writes must carry its service's name (or get its rule here); the test
that runs the services against a Redis with these users finds any that does not.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from services.collections.domain.state import AGGREGATE_TYPE as DEBTOR
from services.customers.domain.creditfile import CREDIT_AGGREGATE as CREDIT
from services.customers.domain.state import AGGREGATE_TYPE as CUSTOMER
from services.invoicing.domain.account_state import AGGREGATE_TYPE as ACCOUNT
from services.invoicing.domain.state import AGGREGATE_TYPE as INVOICE
from services.notifications.domain.state import AGGREGATE_TYPE as NOTIFICATION
from shared.infra import keys

P = keys.PREFIX
PARTITION = "{p*}"  # braces are literal in Redis glob patterns
# Each ingest stream and the service that reads it (and writes its ``:rejected`` stream).
INGEST_READERS = {"invoices": "invoicing", "customers": "customers", "orders": "customers"}
INGEST_STREAMS = tuple(INGEST_READERS)
SERVICE_AGGREGATES = {
    "customers": (CUSTOMER, CREDIT),
    "invoicing": (INVOICE, ACCOUNT),
    "collections": (DEBTOR,),
    "notifications": (NOTIFICATION,),
    "analytics": (),  # a projection: facts and checkpoints under hk:{pNN}:proj:analytics:*
}
ERP_USER = "erp"
ADMIN_USER = "huikuan-admin"
CONSOLE_USER = "huikuan-console"

# Every Huikuan process: connect, identify, check the server, run scripts and transactions;
# on a Redis Cluster, learn which node serves which slot (CLUSTER SLOTS); read the server's
# clock (TIME: partition leases are dated by it, shared.infra.ownership).
# (redis-py's CLIENT SETINFO is left out: Redis 7.0 has no such subcommand to name, and
# redis-py ignores its refusal.)
_CONNECTION = ("+ping", "+hello", "+auth", "+client|setname", "+client|id", "+select", "+echo",
               "+info", "+cluster|slots", "+time")  # fmt: skip
# Data commands on a client's own keys: everything but the dangerous ones (KEYS, FLUSH*,
# SORT, MIGRATE, …), pub/sub and administration.
_DATA = ("+@read", "+@write", "+@keyspace", "+@scripting", "+@transaction", "+@blocking",
         "-@dangerous", "-@pubsub", "-@admin", "+info")  # fmt: skip
# Following another service's outbound stream in a consumer group, and nothing else there.
_FOLLOW = ("+xreadgroup", "+xack", "+xgroup|create", "+xgroup|createconsumer", "+xautoclaim",
           "+xclaim", "+xpending", "+xinfo|groups", "+xinfo|stream", "+xinfo|consumers",
           "+xgroup|delconsumer",
           "+xlen", "+xrange", "+xrevrange", "+evalsha", "+eval")  # fmt: skip
_ERP_FOLLOW = ("+xreadgroup", "+xack", "+xgroup|create", "+xgroup|createconsumer")


@dataclass(frozen=True)
class AclUser:
    """One ACL user: its name and its rules (without the password)."""

    name: str
    rules: tuple[str, ...]
    why: str

    def line(self, password: str) -> str:
        digest = hashlib.sha256(password.encode()).hexdigest()
        return " ".join(["user", self.name, "on", f"#{digest}", *self.rules])


def _selector(patterns: tuple[str, ...], commands: tuple[str, ...]) -> str:
    return "(" + " ".join([*patterns, *commands]) + ")"


def _own_keys(service: str) -> tuple[str, ...]:
    aggregates = SERVICE_AGGREGATES.get(service, ())
    streams = [f"~{P}:{PARTITION}:{kind}:{a}:*" for a in aggregates for kind in ("es", "snap")]
    return (
        *streams,
        f"~{P}:{PARTITION}:*:{service}",  # outbox, dedupe, timers, timer data, due, leases
        f"~{P}:{PARTITION}:*:{service}:*",  # per-partition keys of its own (send history…)
        f"~{P}:{service}:*",  # global keys of its own (index, vault, worklist, replay memory)
        f"~{service}:*",  # the same, from before every key began with hk: (notifications')
        f"~{keys.dead_letter(service)}",
        f"~{keys.ready_probe(service)}",
        f"~{keys.projection(service, '*')}",
        f"~{P}:clock:*",  # the simulated clock (the admin route may advance it)
        f"~{keys.PARTITION_COUNT}",  # stored at the first start, checked at every start
        *(f"~{keys.ingest(n)}*" for n, reader in INGEST_READERS.items() if reader == service),
    )


def service_user(service: str) -> AclUser:
    root = ("resetkeys", "resetchannels", "-@all", *_CONNECTION, *_DATA,
            *_own_keys(service), f"%R~{keys.API_KEYS}", f"%R~{keys.dead_letter('*')}")  # fmt: skip
    # A partition's followed streams are read in one XREADGROUP (one slot), so the selector
    # names the service's own per-partition streams (its outbox, its due timers) beside the
    # others' outbound ones: a command must be allowed whole by the root or one selector.
    # It gives nothing new on its own keys (the root already allows every data command).
    follow = _selector((f"~{keys.outbox(0, '*').replace(keys.tag(0), PARTITION)}",
                        f"~{P}:{PARTITION}:*:{service}"), _FOLLOW)  # fmt: skip
    return AclUser(f"huikuan-{service}", (*root, follow),
                   f"the {service} service: its own keys; follows outbound streams")  # fmt: skip


def erp_user() -> AclUser:
    ingest = _selector(tuple(f"~{keys.ingest(n)}" for n in INGEST_STREAMS), ("+xadd",))
    outbound = _selector((f"~{keys.outbox(0, '*').replace(keys.tag(0), PARTITION)}",), _ERP_FOLLOW)
    rules = ("resetkeys", "resetchannels", "-@all", "+ping", "+hello", "+auth",
             "+client|setname", ingest, outbound)  # fmt: skip
    why = "an ERP / bank feed: XADD to the ingest streams, follow outbound streams"
    return AclUser(ERP_USER, rules, why)


def console_user() -> AclUser:
    rules = ("resetkeys", "resetchannels", "-@all", *_CONNECTION, *_DATA,
             f"~{P}:console:*", f"~{keys.API_KEYS}")  # fmt: skip
    return AclUser(CONSOLE_USER, rules, "the console: its accounts and sessions; API keys")


def admin_user() -> AclUser:
    rules = ("resetkeys", "resetchannels", "-@all", *_CONNECTION, *_DATA, f"~{P}:*")
    return AclUser(ADMIN_USER, rules,
                   "operators' `huikuan` CLI: keys, dead letters, replays, the clock")  # fmt: skip


def acl_users() -> list[AclUser]:
    """Every user of the ACL file, the services first."""
    services = [service_user(s) for s in SERVICE_AGGREGATES]
    return [*services, console_user(), admin_user(), erp_user()]


def password_suffix(user: str) -> str:
    """``customers`` for ``huikuan-customers``: the suffix of its password file / secret."""
    return user.removeprefix("huikuan-")


def development_passwords() -> dict[str, str]:
    """The public development passwords of docker-compose.override.yml (refused nowhere
    else: staging and production have their own ACL file, made from their secrets)."""
    return {u.name: f"dev-only-redis-password-{password_suffix(u.name)}" for u in acl_users()}


def acl_file(passwords: dict[str, str]) -> str:
    """The ACL file: ``default`` disabled, every user with its password (stored hashed).
    Redis reads no comments in an ACL file: what each user is for is in docs/security.md."""
    lines = ["user default off resetkeys resetchannels -@all"]
    lines += [user.line(passwords[user.name]) for user in acl_users()]
    return "\n".join(lines) + "\n"
