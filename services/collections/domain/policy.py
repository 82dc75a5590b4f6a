"""The dunning policy: ordered levels with conditions and actions, and the branches around them.

A policy is data (``services/collections/policies/*.yaml``), validated by these models.
Every transition event records the policy's ``version`` and the rule that fired: a
level's rule is its ``name``; the other rules are the constants below.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from shared.contracts.collections import Classification
from shared.contracts.notifications import Channel

RULE_OVERDUE_BALANCE_PAID = "current.overdue_balance_paid"
RULE_PLAN_COMPLETED = "plan.completed"
RULE_SETTLEMENT_PAID = "settlement.paid"
RULE_LEVEL_REASSESSED = "level.reassessed"
RULE_PROMISE_BROKEN = "promise.broken"
RULE_PROMISE_KEPT = "promise.kept"
RULE_INSTALMENT_MISSED = "plan.instalment_missed"
RULE_RESUME_PAID = "supply.resume_overdue_paid"
RULE_RESUME_PLAN = "supply.resume_plan_agreed"
RULE_RESUME_DISPUTED = "supply.resume_rest_disputed"
RULE_PLAN_AGREED = "plan.agreed"
RULE_SETTLEMENT_OFFERED = "settlement.offered"
RULE_HARDSHIP_PLAN_FIRST = "hardship.offer_plan_before_demand"
RULE_LIMITATION = "limitation.expiring"
RULE_POLICY_ASSIGNED = "policy.assigned"
RULE_POLICY_DEFAULT = "policy.default_for_jurisdiction"  # the configured fallback applies
RULE_POLICY_MISSING = "policy.missing"

TEMPLATES = frozenset(
    {
        "pre_due_reminder",
        "overdue_reminder_1",
        "overdue_reminder_2",
        "demand_letter",
        "supply_halt_notice",
        "promise_confirmation",
        "promise_broken",
        "payment_plan_schedule",
        "statement_cover",
    }
)
Rating = Literal["A", "B", "C", "D", "E"]
LevelState = Literal[
    "reminded", "overdue", "demand_issued", "supply_halted", "escalated_agency", "escalated_legal"
]


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Condition(_Strict):
    """All given parts must hold (an empty condition always holds)."""

    days_past_due: int | None = None  # oldest unpaid invoice; negative = before its due date
    overdue_at_least: dict[str, Decimal] = Field(default_factory=dict)  # per currency
    unpaid_invoices_at_least: int | None = Field(default=None, ge=1)
    broken_promises_at_least: int | None = Field(default=None, ge=1)
    ratings: tuple[Rating, ...] = ()  # the debtor's credit rating is one of these


class Reminder(_Strict):
    kind: Literal["reminder"] = "reminder"
    template: str
    channels: tuple[Channel, ...] = ("email",)

    @model_validator(mode="after")
    def _known_template(self) -> Reminder:
        if self.template not in TEMPLATES:
            raise ValueError(f"unknown template {self.template!r}")
        return self


class Demand(_Strict):
    kind: Literal["demand"] = "demand"
    template: Literal["demand_letter"] = "demand_letter"
    reply_within_days: int = Field(default=14, ge=1)


class HaltSupply(_Strict):
    kind: Literal["halt_supply"] = "halt_supply"
    notify: bool = True  # also send ``supply_halt_notice``


class HandOver(_Strict):
    kind: Literal["agency", "legal"]


class CollectorTask(_Strict):
    kind: Literal["task"] = "task"
    task: str = Field(min_length=1, max_length=64)
    due_in_days: int = Field(default=3, ge=0)
    assignee: str = Field(default="collections-team", max_length=64)


Action = Annotated[
    Reminder | Demand | HaltSupply | HandOver | CollectorTask, Field(discriminator="kind")
]


class Level(_Strict):
    """One dunning level: reached when ``when`` holds; its actions run once per episode."""

    level: int = Field(ge=1)
    name: str = Field(min_length=1, max_length=64)
    state: LevelState = "overdue"
    when: Condition = Condition()
    actions: tuple[Action, ...] = ()

    def does(self, *kinds: str) -> bool:
        return any(a.kind in kinds for a in self.actions)


class Branch(_Strict):
    """How a collector's classification bends the policy."""

    days_earlier: int = 0  # positive: levels come this many days sooner (faster escalation)
    offer_plan_before_demand: bool = False
    hold_days: int = Field(default=14, ge=0)  # how long a plan offer holds the demand back
    assignee: str = Field(default="collections-team", max_length=64)


NO_BRANCH = Branch()
"""The policy unbent: a debtor without a classification, or one no branch names."""


class Promises(_Strict):
    grace_days: int = Field(default=3, ge=0)
    kept_at_share: Decimal = Field(default=Decimal(1), gt=0, le=1)
    broken_jumps_levels: int = Field(default=1, ge=0)


class Plans(_Strict):
    grace_days: int = Field(default=3, ge=0)
    resume_supply_on_agreement: bool = True
    max_instalments: int = Field(default=12, ge=1)


class Settlements(_Strict):
    max_discount_share: Decimal = Field(default=Decimal("0.2"), ge=0, lt=1)


class Limitation(_Strict):
    years: int = Field(default=3, ge=1)
    warn_days_before: int = Field(default=120, ge=1)
    task_assignee: str = Field(default="legal-team", max_length=64)


class AppliesTo(_Strict):
    jurisdictions: tuple[str, ...] = ()
    segments: tuple[str, ...] = ()
    customers: tuple[str, ...] = ()
    # The explicit fallback for debtors of a jurisdiction no policy names (at most one
    # policy says so); without one, such debtors are held for a collector, never dunned
    # under another country's policy.
    default: bool = False


class DunningPolicy(_Strict):
    """One version of one policy."""

    id: str = Field(min_length=1, max_length=64)
    version: str = Field(min_length=1, max_length=32)
    effective_from: dt.date
    timezone: str = "Asia/Shanghai"
    applies_to: AppliesTo = AppliesTo()
    levels: tuple[Level, ...] = Field(min_length=1)
    promises: Promises = Promises()
    plans: Plans = Plans()
    settlements: Settlements = Settlements()
    limitation: Limitation = Limitation()
    branches: dict[Classification, Branch] = Field(default_factory=dict)
    exempt_customers: frozenset[str] = frozenset()
    exempt_invoices: frozenset[str] = frozenset()

    @model_validator(mode="after")
    def _levels_ascend(self) -> DunningPolicy:
        numbers = [lvl.level for lvl in self.levels]
        if numbers != list(range(1, len(numbers) + 1)):
            raise ValueError(f"levels must be numbered 1, 2, 3… in order, got {numbers}")
        if len({lvl.name for lvl in self.levels}) != len(numbers):
            raise ValueError("level names must be unique (they are the rules' names)")
        if self.applies_to.default and not self.version.startswith("default"):
            raise ValueError(
                "a default policy's version must start with 'default' "
                f"(every decision names it), got {self.version!r}"
            )
        return self

    def level(self, number: int) -> Level | None:
        return self.levels[number - 1] if 1 <= number <= len(self.levels) else None

    def branch(self, classification: str | None) -> Branch:
        if not classification:
            return NO_BRANCH
        branch: Branch = self.branches.get(classification, NO_BRANCH)  # type: ignore[call-overload]
        return branch
