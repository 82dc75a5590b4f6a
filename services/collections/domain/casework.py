"""A collector's casework on a debtor: conversations logged, tasks completed or reassigned.

These record what people did; they change no balance and fire no policy rule (so they
need none: a debtor held for want of a policy still has its tasks completed). A repeated
command (the same conversation id, a task already completed) records nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import assert_never

from services.collections.domain import errors
from services.collections.domain.commands import (
    CaseworkCommand,
    CompleteTask,
    ReassignTask,
    RecordConversation,
)
from services.collections.domain.model import Debtor
from shared.contracts import Event
from shared.contracts import collections as c
from shared.kernel import new_event

# A conversation may be logged after it happened, but not claimed to lie in the future.
FUTURE_SKEW = dt.timedelta(minutes=5)


def record_casework(debtor: Debtor, cmd: CaseworkCommand, now: dt.datetime) -> list[Event]:
    if debtor.written_off:
        raise errors.DebtorWrittenOffAlready(f"debtor {debtor.customer_id} was written off")
    match cmd:
        case CompleteTask():
            return complete_task(debtor, cmd, now)
        case ReassignTask():
            return reassign_task(debtor, cmd, now)
        case RecordConversation():
            return record_conversation(debtor, cmd, now)
        case _:
            assert_never(cmd)


def record_conversation(debtor: Debtor, cmd: RecordConversation, now: dt.datetime) -> list[Event]:
    if cmd.conversation_id in debtor.done:
        return []
    if cmd.held_at.tzinfo is None:
        raise errors.ConversationTimeNotValid("held_at needs a time zone (e.g. …Z)")
    if cmd.held_at > now + FUTURE_SKEW:
        when, at = cmd.held_at.isoformat(), now.isoformat()
        raise errors.ConversationTimeNotValid(f"held_at {when} is in the future (now {at})")
    return [new_event(c.ConversationRecorded, now, **cmd.model_dump())]


def complete_task(debtor: Debtor, cmd: CompleteTask, now: dt.datetime) -> list[Event]:
    task = debtor.open_task(cmd.task_id)
    if task is None:
        if cmd.task_id in debtor.done:
            raise errors.TaskNotOpen(f"task {cmd.task_id} is not open (completed already)")
        raise errors.UnknownTask(f"debtor {debtor.customer_id} has no task {cmd.task_id}")
    return [new_event(c.CollectorTaskCompleted, now, customer_id=debtor.customer_id,
                      task_id=task.task_id, task=task.task, outcome=cmd.outcome,
                      completed_by=cmd.completed_by)]  # fmt: skip


def reassign_task(debtor: Debtor, cmd: ReassignTask, now: dt.datetime) -> list[Event]:
    task = debtor.open_task(cmd.task_id)
    if task is None:
        raise errors.UnknownTask(f"debtor {debtor.customer_id} has no open task {cmd.task_id}")
    if task.assignee == cmd.assignee:
        return []
    return [new_event(c.CollectorTaskReassigned, now, customer_id=debtor.customer_id,
                      task_id=task.task_id, task=task.task, previous_assignee=task.assignee,
                      assignee=cmd.assignee, reassigned_by=cmd.reassigned_by)]  # fmt: skip
