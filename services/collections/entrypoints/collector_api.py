"""The collector API: promises, plans, settlements, disputes, classification, write-off,
and the worklist. Who did it is the caller's key name (writes by people are events too)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from fastapi import APIRouter, Header, Query
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from services.collections.application.ranking import RankedPage, RecoveryUnavailable, recovery_page
from services.collections.application.worklist import TaskPage, WorklistPage, WorklistQuery
from services.collections.domain import commands as cmds
from services.collections.entrypoints.api import CustomerId
from services.collections.entrypoints.deps import Wired
from shared.contracts.collections import (
    Classification,
    ConversationChannel,
    ConversationOutcome,
    DisputeReason,
)
from shared.contracts.money import PositiveMoney
from shared.kernel.text import several_lines
from shared.web.auth import Admin, Collector, Reader

router = APIRouter(tags=["collectors"])
IdempotencyKey = Annotated[str | None, Header(alias="Idempotency-Key", max_length=128)]
ConversationNote = several_lines(500, min_length=0)
TaskOutcome = several_lines(280, min_length=0)
Rank = Annotated[
    Literal["score", "expected_recovery"],
    Query(description="score (default) or expected_recovery (overdue × analytics' probability)"),
]


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
    conversation_id: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._:-]+$")
    channel: ConversationChannel
    outcome: ConversationOutcome
    held_at: dt.datetime = Field(description="when it took place, with a time zone")
    contact_id: str | None = Field(default=None, max_length=64)
    note: ConversationNote = ""


class CompleteTaskBody(_Body):
    outcome: TaskOutcome = ""


class ReassignTaskBody(_Body):
    assignee: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._:@-]+$")


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


@router.post("/debtors/{customer_id}/write-off")
async def write_off(customer_id: CustomerId, body: WriteOffBody, who: Admin,
                    wired: Wired, key: IdempotencyKey = None) -> Recorded:  # fmt: skip
    cmd = cmds.WriteOff(customer_id=customer_id, reason=body.reason, written_off_by=who.name)
    return await _run(wired, cmd, key)


@router.post("/debtors/{customer_id}/conversations", status_code=201)
async def record_conversation(customer_id: CustomerId, body: ConversationBody, who: Collector,
                              wired: Wired) -> Recorded:  # fmt: skip
    """Log a call, visit or other conversation and its outcome (the note stays out of the
    timeline's summary: it may name people)."""
    cmd = cmds.RecordConversation(customer_id=customer_id, recorded_by=who.name,
                                  **body.model_dump())  # fmt: skip
    return await _run(wired, cmd, None)


@router.post("/debtors/{customer_id}/tasks/{task_id}/complete")
async def complete_task(customer_id: CustomerId, task_id: str, body: CompleteTaskBody,
                        who: Collector, wired: Wired) -> Recorded:  # fmt: skip
    cmd = cmds.CompleteTask(customer_id=customer_id, task_id=task_id, outcome=body.outcome,
                            completed_by=who.name)  # fmt: skip
    return await _run(wired, cmd, None)


@router.post("/debtors/{customer_id}/tasks/{task_id}/reassign")
async def reassign_task(customer_id: CustomerId, task_id: str, body: ReassignTaskBody,
                        who: Collector, wired: Wired) -> Recorded:  # fmt: skip
    cmd = cmds.ReassignTask(customer_id=customer_id, task_id=task_id, assignee=body.assignee,
                            reassigned_by=who.name)  # fmt: skip
    return await _run(wired, cmd, None)


@router.get("/tasks")
async def open_tasks(
    _: Reader,
    wired: Wired,
    assignee: Annotated[str | None, Query(max_length=64)] = None,
    customer_id: Annotated[str | None, Query(max_length=64)] = None,
    offset: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> TaskPage:
    """Open tasks of every debtor, earliest due first; for one assignee and/or debtor."""
    return await wired.worklist.tasks(assignee, customer_id, offset, limit)


@router.get(
    "/worklist",
    response_model=WorklistPage | RankedPage,
    responses={503: {"description": "rank=expected_recovery: analytics cannot answer now"}},
)
async def worklist(
    _: Reader,
    wired: Wired,
    state: str | None = None,
    classification: str | None = None,
    currency: str | None = None,
    min_overdue: Decimal | None = None,
    min_days_past_due: int | None = None,
    level: Annotated[int | None, Query(ge=0)] = None,
    segment: Annotated[str | None, Query(max_length=32)] = None,
    assignee: Annotated[str | None, Query(max_length=64)] = None,
    offset: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    rank: Rank = "score",
) -> WorklistPage | RankedPage | JSONResponse:
    """Debtors ranked by what recovers most money soonest, filtered and paged (``assignee``:
    debtors with an open task for that person). ``rank=expected_recovery`` orders them by
    overdue × the probability analytics predicts it is recovered, each with that probability
    and its factors (503 naming the reason when analytics cannot answer)."""
    query = WorklistQuery(state=state, classification=classification, currency=currency,
                          min_overdue=min_overdue, min_days_past_due=min_days_past_due,
                          level=level, segment=segment, assignee=assignee,
                          offset=offset, limit=limit)  # fmt: skip
    if rank == "score":
        return await wired.worklist.page(query)
    try:
        return await recovery_page(wired.worklist, wired.predictions, query)
    except RecoveryUnavailable as exc:
        body = {"error": "recovery_prediction_unavailable", "detail": str(exc)}
        return JSONResponse(status_code=503, content=body)


class Rebuilt(BaseModel):
    debtors: int


@router.post("/worklist/rebuild")
async def rebuild_worklist(_: Admin, wired: Wired) -> Rebuilt:
    """Drop the worklist projection and rebuild it from the debtors' event streams."""
    return Rebuilt(debtors=await wired.collections.rebuild_worklist())
