"""The collector API: promises, plans, settlements, disputes, classification, write-off,
and the worklist. Who did it is the caller's key name (writes by people are events too)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from fastapi import APIRouter, Header, Query
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from services.collections.application.worklist import WorklistPage, WorklistQuery
from services.collections.domain import commands as cmds
from services.collections.entrypoints.api import CustomerId
from services.collections.entrypoints.deps import Wired
from shared.contracts.collections import Classification, DisputeReason
from shared.contracts.money import PositiveMoney
from shared.web.auth import Admin, Collector, Reader

router = APIRouter(tags=["collectors"])
IdempotencyKey = Annotated[str | None, Header(alias="Idempotency-Key", max_length=128)]


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PromiseBody(_Body):
    promise_id: str = Field(min_length=1, max_length=64)
    amount: PositiveMoney
    due_on: dt.date
    channel: str = Field(min_length=1, max_length=16)
    note: str = Field(default="", max_length=280)


class PlanBody(_Body):
    plan_id: str = Field(min_length=1, max_length=64)
    kind: Literal["instalments", "deferral"] = "instalments"
    instalments: list[cmds.PlannedInstalment] = Field(min_length=1)


class OfferBody(_Body):
    offer_id: str = Field(min_length=1, max_length=64)
    discount: PositiveMoney
    valid_until: dt.date


class DisputeBody(_Body):
    invoice_id: str
    reason: DisputeReason


class ResolveBody(_Body):
    outcome: Literal["upheld_back_to_dunning", "credited"]


class ClassifyBody(_Body):
    classification: Classification


class ConversationBody(_Body):
    conversation_id: str = Field(min_length=1, max_length=64)
    spoken_at: AwareDatetime
    medium: Literal["phone", "video", "in_person"] = "phone"


class WriteOffBody(_Body):
    reason: str = Field(min_length=1, max_length=200)


class Recorded(BaseModel):
    """What the command recorded: the debtor's new version, its state and the events."""

    customer_id: str
    version: int
    state: str
    events: list[str]


async def _run(wired: Wired, cmd: cmds.Command, key: str | None) -> Recorded:
    outcome = await wired.collections.command(cmd, key)
    return Recorded(customer_id=cmd.customer_id, version=outcome.version,
                    state=outcome.state.state, events=[e.type for e in outcome.events])  # fmt: skip


@router.post("/debtors/{customer_id}/promises", status_code=201)
async def make_promise(customer_id: CustomerId, body: PromiseBody, who: Collector,
                       wired: Wired, key: IdempotencyKey = None) -> Recorded:  # fmt: skip
    cmd = cmds.MakePromise(customer_id=customer_id, taken_by=who.name, **body.model_dump())
    return await _run(wired, cmd, key)


@router.post("/debtors/{customer_id}/plans", status_code=201)
async def agree_plan(customer_id: CustomerId, body: PlanBody, who: Collector,
                     wired: Wired, key: IdempotencyKey = None) -> Recorded:  # fmt: skip
    cmd = cmds.AgreePlan(customer_id=customer_id, plan_id=body.plan_id, kind=body.kind,
                         instalments=tuple(body.instalments), taken_by=who.name)  # fmt: skip
    return await _run(wired, cmd, key)


@router.post("/debtors/{customer_id}/settlements", status_code=201)
async def offer_settlement(customer_id: CustomerId, body: OfferBody, who: Collector,
                           wired: Wired, key: IdempotencyKey = None) -> Recorded:  # fmt: skip
    cmd = cmds.OfferSettlement(customer_id=customer_id, offered_by=who.name, **body.model_dump())
    return await _run(wired, cmd, key)


@router.post("/debtors/{customer_id}/settlements/{offer_id}/accept")
async def accept_settlement(customer_id: CustomerId, offer_id: str, who: Collector,
                            wired: Wired) -> Recorded:  # fmt: skip
    cmd = cmds.AcceptSettlement(customer_id=customer_id, offer_id=offer_id, accepted_by=who.name)
    return await _run(wired, cmd, None)


@router.post("/debtors/{customer_id}/disputes", status_code=201)
async def dispute_invoice(customer_id: CustomerId, body: DisputeBody, who: Collector,
                          wired: Wired) -> Recorded:  # fmt: skip
    cmd = cmds.DisputeInvoice(customer_id=customer_id, raised_by=who.name, **body.model_dump())
    return await _run(wired, cmd, None)


@router.post("/debtors/{customer_id}/disputes/{invoice_id}/resolve")
async def resolve_dispute(customer_id: CustomerId, invoice_id: str, body: ResolveBody,
                          who: Collector, wired: Wired) -> Recorded:  # fmt: skip
    cmd = cmds.ResolveDispute(customer_id=customer_id, invoice_id=invoice_id,
                              outcome=body.outcome, resolved_by=who.name)  # fmt: skip
    return await _run(wired, cmd, None)


@router.put("/debtors/{customer_id}/classification")
async def classify(customer_id: CustomerId, body: ClassifyBody, who: Collector,
                   wired: Wired) -> Recorded:  # fmt: skip
    cmd = cmds.ClassifyDebtor(customer_id=customer_id, classification=body.classification,
                              classified_by=who.name)  # fmt: skip
    return await _run(wired, cmd, None)


@router.post("/debtors/{customer_id}/conversations")
async def record_conversation(customer_id: CustomerId, body: ConversationBody, who: Collector,
                              wired: Wired) -> Recorded:  # fmt: skip
    """A conversation with the debtor took place (Reg F: no dunning for seven days after,
    where the debtor's jurisdiction pack says so). Repeating a conversation id records
    nothing new."""
    cmd = cmds.RecordConversation(customer_id=customer_id, conversation_id=body.conversation_id,
                                  spoken_at=body.spoken_at, medium=body.medium,
                                  recorded_by=who.name)  # fmt: skip
    return await _run(wired, cmd, None)


@router.post("/debtors/{customer_id}/write-off")
async def write_off(customer_id: CustomerId, body: WriteOffBody, who: Admin,
                    wired: Wired, key: IdempotencyKey = None) -> Recorded:  # fmt: skip
    cmd = cmds.WriteOff(customer_id=customer_id, reason=body.reason, written_off_by=who.name)
    return await _run(wired, cmd, key)


@router.get("/worklist")
async def worklist(
    _: Reader,
    wired: Wired,
    state: str | None = None,
    classification: str | None = None,
    currency: str | None = None,
    min_overdue: Decimal | None = None,
    min_days_past_due: int | None = None,
    offset: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> WorklistPage:
    """Debtors ranked by what recovers most money soonest, filtered and paged."""
    query = WorklistQuery(state=state, classification=classification, currency=currency,
                          min_overdue=min_overdue, min_days_past_due=min_days_past_due,
                          offset=offset, limit=limit)  # fmt: skip
    return await wired.worklist.page(query)


class Rebuilt(BaseModel):
    debtors: int


@router.post("/worklist/rebuild")
async def rebuild_worklist(_: Admin, wired: Wired) -> Rebuilt:
    """Drop the worklist projection and rebuild it from the debtors' event streams."""
    return Rebuilt(debtors=await wired.collections.rebuild_worklist())
