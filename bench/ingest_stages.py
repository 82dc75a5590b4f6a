"""Where an ingest command's instructions go: invoicing's path cut into stages, each counted.

    .venv/bin/python bench/ingest_stages.py [--n N]      # N default 500

``instructions.py invoicing`` counts a whole ingest command (about 1.3 M instructions on
CPython 3.11). This script splits the part that is invoicing's own Python — from the
entry's JSON to the append script's packed arguments — into the stages below, runs each
over N ``IssueInvoice`` commands (the payloads ``slice.py`` writes) on N accounts opened
by another process (loaded cold from the snapshot their opening wrote, as the bench's
process does),
and counts each stage's instructions with valgrind's callgrind: collection is on only
while a stage runs, and a dump is written after each. Nothing touches Redis or the bus:
what the rest of the process costs (reads, replies, acknowledgements, the event loop) is
the difference between this total and ``instructions.py``'s.

The cyclic garbage collector is off while the stages run, so a stage is not charged for a
collection that the objects of earlier stages caused (the service's collector costs a
few µs per command; ``slice.py`` prints it). Before counting, the staged path is checked
against the repository's own (``RedisRepository._plan``): the same events, the same
append arguments.

Needs ``valgrind`` (Debian: ``apt-get install valgrind``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import hiredis
import redis.asyncio as aioredis
from common import ROOT, callgrind_total, load_bench

from services.invoicing.adapters.rate_packs import load_packs
from services.invoicing.app import SNAPSHOT_EVERY
from services.invoicing.application.service import Invoicing
from services.invoicing.domain.account_commands import OpenForCustomer
from services.invoicing.domain.account_state import AGGREGATE_TYPE, AccountState, evolve, initial
from services.invoicing.domain.decide import AccountRules, decide
from services.invoicing.domain.due_watch import DueWatch
from services.invoicing.entrypoints.ingest import parse_ingest
from shared.contracts import encode_event, parse_stored
from shared.infra.clock import FixedClock
from shared.infra.eventstore import AppendResult, EventStore, Loaded, Tail
from shared.infra.redis_repository import RedisRepository
from shared.infra.repository import Cause, fold, seed_of, stamp
from shared.infra.settings import Settings

STAGES = {  # in the order they run; "  " marks a part of the stage above, counted alone
    "parse": "the entry's JSON → IngestMessage (pydantic), its key and lane",
    "command": "the message → IssueInvoice command",
    "booking": "the account's work: ledger command, BookInvoice, cause (two derived ids)",
    "load": "the account from the snapshot its opening wrote: the state parsed",
    "  decide": "the ledger's decision and its events: fact applied, 2 events, due timer",
    "  stamp": "envelopes: event ids derived, aggregate, version, correlation",
    "plan": "decide, stamp and the state after (the decision's own fold, looked up)",
    "script args": "the append script's keys and arguments: events encoded, hash chain",
    "pack": "EVALSHA packed into the Redis protocol (hiredis)",
    "settle": "the outcome, the account's state cached",
}
NOW = dt.datetime(2027, 1, 3, 1, 0, tzinfo=dt.UTC)


class Staged:
    """Invoicing's objects for the staged path, built as ``services.invoicing.app`` does."""

    def __init__(self) -> None:
        settings = Settings()
        self.store = EventStore(aioredis.Redis(), "invoicing", 4)  # never connects
        self.rules = AccountRules(
            packs=load_packs(),
            watch=DueWatch(settings.grace_days, settings.business_timezone),
            value_date_tolerance_days=settings.value_date_tolerance_days,
        )
        self.repo = RedisRepository(self.store, AGGREGATE_TYPE, initial, evolve, AccountState,
                                    FixedClock(NOW), snapshot_every=SNAPSHOT_EVERY,
                                    snapshot_first=True)  # fmt: skip
        self.invoicing = Invoicing(self.repo, None, self.rules)  # type: ignore[arg-type]

    def opened(self, customer_id: str) -> bytes:
        """The snapshot an account's opening wrote (``snapshot_first``), by another process:
        the state after its stored events, as JSON."""
        opening = OpenForCustomer(jurisdiction="cn", on=NOW.date())
        decision = decide(initial(customer_id), opening, NOW, self.rules)
        cause = Cause.command(AGGREGATE_TYPE, customer_id, f"open:{customer_id}", idempotent=False)
        ref = self.repo.ref(customer_id)
        events = stamp(decision.events, ref, 0, seed_of(cause), "invoicing", cause)
        stored = [parse_stored(encode_event(event)) for event in events]
        return fold(evolve, initial(customer_id), stored).model_dump_json().encode()


def payload(i: int) -> bytes:
    """``slice.py``'s i-th ingest command, as its backlog holds it."""
    return json.dumps(load_bench("slice").ingest_command(i)).encode()


def child(n: int) -> None:
    """Run under callgrind: every stage over n commands, each inside ``sys.call_tracing``
    (the C function callgrind switches collection on for, and dumps after)."""
    p = Staged()
    payloads = [payload(i) for i in range(n)]
    stored = [p.opened(f"C-{i:07d}") for i in range(n)]
    got: dict[str, list[Any]] = {}

    def run(stage: str, each: Any) -> None:
        def over_all() -> None:
            got[stage] = [each(i) for i in range(n)]

        sys.call_tracing(over_all, ())

    def load(i: int) -> tuple[AccountState, int, str]:
        ref = got["booking"][i][0]
        return p.repo._fold_tail(ref, None, Tail(stored[i], Loaded([], 1, "0" * 64)))

    def stamped(i: int) -> list[Any]:
        (ref, _, cause), (_, version, _) = got["booking"][i], got["load"][i]
        return stamp(got["  decide"][i].events, ref, version, seed_of(cause), "invoicing", cause)

    def packed(i: int) -> bytes:
        keys, args, _ = got["script args"][i]
        return hiredis.pack_command(("EVALSHA", "0" * 40, len(keys), *keys, *args))

    def settled(i: int) -> Any:
        plan, (_, _, last_hash) = got["plan"][i], got["script args"][i]
        version = plan.request.expected_version + len(plan.events)
        return p.repo._settle(plan, AppendResult(version, last_hash=last_hash))

    for i in (n, n + 1):  # warm: first calls fill caches (zone info, schemas), not counted
        ref, decide_on, cause = p.invoicing._booking(parse_ingest(payload(i)).command(), "ingest")
        p.repo._plan(ref, decide_on, cause, NOW, *(p.repo._fold_tail(ref, None, Tail(
            p.opened(f"C-{i:07d}"), Loaded([], 1, "0" * 64)))))  # fmt: skip
    gc.collect()
    gc.disable()
    run("parse", lambda i: _keyed(parse_ingest(payloads[i])))
    run("command", lambda i: got["parse"][i].command())
    run("booking", lambda i: p.invoicing._booking(got["command"][i], "ingest"))
    run("load", load)
    run("  decide", lambda i: got["booking"][i][1](got["load"][i][0], NOW))
    run("  stamp", stamped)
    run("plan", lambda i: p.repo._plan(*got["booking"][i], NOW, *got["load"][i]))
    _check(got, n)
    run("script args", lambda i: p.store._script_call(got["plan"][i].request))
    run("pack", packed)
    run("settle", settled)


def _keyed(message: Any) -> Any:
    _ = message.key, message.lane
    return message


def _check(got: dict[str, list[Any]], n: int) -> None:
    """The stages give what the repository's own planning gives."""
    for i in range(n):
        plan, ours = got["plan"][i], got["  stamp"][i]
        if [e.model_dump() for e in plan.events] != [e.model_dump() for e in ours]:
            raise SystemExit(f"FAILED: the staged events of command {i} differ from _plan's")
        if fold(evolve, got["load"][i][0], ours) != plan.after:
            raise SystemExit(f"FAILED: the staged state of command {i} differs from _plan's")


def main(n: int) -> None:
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed (Debian: apt-get install valgrind)")
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "stages.out"
        env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONHASHSEED": "0"}
        done = subprocess.run(
            ["valgrind", "--tool=callgrind", "--collect-atstart=no",
             "--toggle-collect=sys_call_tracing", "--dump-after=sys_call_tracing",
             f"--callgrind-out-file={out}.%p", sys.executable, __file__, "--child", str(n)],
            env=env, cwd=ROOT, capture_output=True, text=True,
        )  # fmt: skip
        if done.returncode != 0:
            raise SystemExit(f"FAILED: the staged run failed:\n{done.stderr[-3000:]}")
        counts = [callgrind_total(path) for path in _dumps(out)]
    if len(counts) != len(STAGES):
        raise SystemExit(f"FAILED: {len(counts)} dumps for {len(STAGES)} stages")
    total = sum(count for stage, count in zip(STAGES, counts, strict=True) if stage[0] != " ")
    print(f"invoicing's own Python per IssueInvoice ingest command, {n:,} commands on accounts "
          f"loaded cold (Python {sys.version.split()[0]}), instructions:")  # fmt: skip
    for (stage, what), count in zip(STAGES.items(), counts, strict=True):
        print(f"  {stage:<13} {count / n:>10,.0f}  {count / total:6.1%}  {what}")
    print(f"  {'total':<13} {total / n:>10,.0f}")


def _dumps(out: Path) -> list[str]:
    """The per-stage dumps in order (``<out>.<pid>.<k>``, k = 1, 2, …)."""
    found = glob.glob(f"{out}.*.*")
    return sorted(found, key=lambda path: int(path.rsplit(".", 1)[1]))


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=500, help="commands (default 500)")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if (args.child or args.n) < 1:
        parser.error("N must be at least 1")
    return args


if __name__ == "__main__":
    arguments = parse()
    if arguments.child:
        child(arguments.child)
    else:
        main(arguments.n)
