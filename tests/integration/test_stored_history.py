"""A stored history written by main at f25142f still loads, and folds to the same states.

``tests/fixtures/history-main-f25142f.json`` holds 14 aggregate streams (collections'
debtors, invoices, customers, notification requests) that main's services wrote through
main's event store: every event type the four services store, among them the seven
collections then published and now keeps private, and five debtor snapshots. With each
stream the state main's ``evolve`` folded it to. Written into a fresh Redis entry by entry
(ids, bytes, hashes as stored), they must load to those states, and their chains verify.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import redis.asyncio as aioredis
from pydantic import BaseModel

# Every service's modules, so that every type a service stores is registered whichever
# other tests the session ran (some register only when their service's modules load).
import services.analytics.app
import services.collections.app
import services.customers.app
import services.invoicing.app
import services.notifications.app  # noqa: F401
from services.collections.domain.state import Debtor, fold
from services.collections.domain.state import evolve as debtor_evolve
from services.collections.domain.state import initial as debtor_initial
from services.customers.domain.state import CustomerState
from services.customers.domain.state import evolve as customer_evolve
from services.customers.domain.state import initial as customer_initial
from services.invoicing.domain.state import InvoiceState
from services.invoicing.domain.state import evolve as invoice_evolve
from services.invoicing.domain.state import initial as invoice_initial
from services.notifications.domain.state import NotificationState
from services.notifications.domain.state import evolve as notification_evolve
from services.notifications.domain.state import initial as notification_initial
from shared.contracts import STORED_TYPES, Event, parse_stored
from shared.infra import keys
from shared.infra.clock import FixedClock
from shared.infra.eventstore import EventStore, StreamRef
from shared.infra.redis_repository import RedisRepository

FIXTURE = json.loads(
    (Path(__file__).resolve().parents[1] / "fixtures" / "history-main-f25142f.json").read_text()
)
Fold = tuple[Callable[[str], Any], Callable[[Any, Event], Any], type[BaseModel]]
FOLDS: dict[str, Fold] = {
    "collections": (debtor_initial, debtor_evolve, Debtor),
    "invoicing": (invoice_initial, invoice_evolve, InvoiceState),
    "customers": (customer_initial, customer_evolve, CustomerState),
    "notifications": (notification_initial, notification_evolve, NotificationState),
}
STREAMS = {stream["aggregate_id"]: stream for stream in FIXTURE["streams"]}
# Stored event types added since the fixture was written (none of them is in it).
ADDED_SINCE = {"PolicyMissing", "PromiseSuperseded", "ConversationRecorded",
               "CollectorTaskCompleted", "CollectorTaskReassigned",
               "NotificationRefreshed"}  # fmt: skip
# The credit file's business survey and reward points, and the rewards invoicing books.
ADDED_SINCE |= {"CreditSurveyRecorded", "CreditPointsEarned", "RewardCreditGranted"}
# Ending an override early; the points balance customers publishes and invoicing keeps.
ADDED_SINCE |= {"CreditRatingOverrideEnded", "RewardPointsChanged", "RewardPointsNoted"}


def ref_of(stream: dict[str, Any]) -> StreamRef:
    return StreamRef(stream["aggregate_type"], stream["aggregate_id"], stream["partition_key"])


def repository(
    redis: aioredis.Redis, stream: dict[str, Any], snapshots: bool = False
) -> RedisRepository[Any]:
    initial, evolve, model = FOLDS[stream["service"]]
    store = EventStore(redis, stream["service"], FIXTURE["partitions"])
    clock = FixedClock(dt.datetime(2027, 1, 1, tzinfo=dt.UTC))
    return RedisRepository(store, stream["aggregate_type"], initial, evolve, model, clock,
                           snapshot_every=50 if snapshots else 0, cache_size=0)  # fmt: skip


async def write_fixture(redis: aioredis.Redis) -> None:
    """Every stored entry and snapshot, written as main stored them."""
    for stream in FIXTURE["streams"]:
        store = EventStore(redis, stream["service"], FIXTURE["partitions"])
        key = store.stream_key(ref_of(stream))
        for entry in stream["entries"]:
            fields = {"__data__": entry["data"], "hash": entry["hash"], "prev": entry["prev"]}
            await redis.xadd(key, fields, id=f"{entry['version']}-1")  # type: ignore[arg-type]
    for snap in FIXTURE["snapshots"]:
        ref = ref_of(STREAMS[snap["aggregate_id"]])
        partition = keys.partition_of(ref.partition_key, FIXTURE["partitions"])
        fields = {k: snap[k] for k in ("version", "hash", "state", "schema")}
        await redis.hset(keys.snapshot(partition, ref.aggregate_type, ref.aggregate_id),
                         mapping=fields)  # fmt: skip


def test_the_fixture_holds_every_event_type_a_service_stores() -> None:
    stored = {
        t for s in FIXTURE["streams"] for e in s["entries"] for t in [json.loads(e["data"])["type"]]
    }
    # CreditRated is followed by collections and stored by none. The ledger's types (the
    # customer account, and collections following it) came after the fixture too.
    ledger = {"AccountFactRecorded", "InvoiceHeld", "InvoiceCredited", "InvoiceCancelled",
              "InvoiceDueDateChanged", "InvoiceWrittenOff", "PaymentReversed",
              "DebtorInvoiceAdjusted", "StatementIssued", "StatementConfirmed",
              "StatementLineDisputed", "DebtAcknowledged", "StatementScheduleSet",
              "ContactAdded", "ContactChanged", "ContactRemoved", "CustomerMasterDataChanged",
              "CreditCheckDecided"}  # fmt: skip
    # The credit file's stream (customers) came after it too; CreditRated, followed by
    # collections then and stored by none, is now stored there.
    credit = {"CreditInvoiceBalanceChanged", "CreditInvoicePaid", "CreditInvoiceTracked",
              "CreditOrderRecorded", "CreditPromiseTracked", "CreditRated", "CreditRecordLine",
              "CreditReviewed", "CreditRatingOverridden", "CreditLimitRequested",
              "CreditLimitRequestDecided", "CreditExceptionSet",
              "CreditExceptionEnded"}  # fmt: skip
    assert set(STORED_TYPES) - stored - ledger - credit - ADDED_SINCE == set()
    assert {"DebtorInvoiceTracked", "PolicyAssigned", "DebtorRated"} <= stored
    assert len(FIXTURE["snapshots"]) == 5


@pytest.mark.parametrize("aggregate_id", sorted(STREAMS))
async def test_a_stored_stream_folds_to_the_state_main_folded_it_to(
    redis: aioredis.Redis, aggregate_id: str
) -> None:
    await write_fixture(redis)
    stream = STREAMS[aggregate_id]
    repo = repository(redis, stream)

    state, version = await repo.load(ref_of(stream))

    assert version == stream["version"] == len(stream["entries"])
    assert as_main_had_it(state, stream) == as_main_had_it(
        FOLDS[stream["service"]][2].model_validate(stream["state"]), stream
    )
    assert (await repo.verify(ref_of(stream))).ok
    assert [e.type for e in await repo.history(ref_of(stream))] == [
        json.loads(e["data"])["type"] for e in stream["entries"]
    ]


async def test_a_debtor_snapshot_of_an_older_state_model_is_ignored_and_the_stream_refolded(
    redis: aioredis.Redis,
) -> None:
    """Main's snapshots were written under an older ``Debtor`` model (fields were added
    since, e.g. open tasks): trusted, they would lose what those fields derive from the
    history, so the repository refolds the whole stream instead."""
    await write_fixture(redis)
    for snap in FIXTURE["snapshots"]:
        stream = STREAMS[snap["aggregate_id"]]
        repo = repository(redis, stream, snapshots=True)
        events = [parse_stored(e["data"].encode()) for e in stream["entries"]]
        refolded = fold(debtor_initial(stream["aggregate_id"]), events)

        state, version = await repo.load(ref_of(stream))

        assert (state, version) == (refolded, stream["version"])


def as_main_had_it(state: BaseModel, stream: dict[str, Any]) -> Any:
    """The fields main's state models had, at every depth (fields added since derive from
    the same events)."""
    return _pruned(state.model_dump(), stream["state"])


def _pruned(value: Any, reference: Any) -> Any:
    if isinstance(value, dict) and isinstance(reference, dict):
        return {k: _pruned(v, reference[k]) for k, v in value.items() if k in reference}
    sequences = isinstance(value, list | tuple) and isinstance(reference, list)
    if sequences and len(value) == len(reference):
        return [_pruned(v, r) for v, r in zip(value, reference, strict=True)]
    return value
