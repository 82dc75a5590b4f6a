"""What-if: a candidate policy tried on the recorded histories of chosen debtors.

Each debtor's history is read from the event store (read only) and replayed twice through
the pure domain (``services.collections.domain.whatif``): with the policy book in force, and
with the candidate version in force from the period's first day. The report shows, per
debtor and in total, what really happened in the period, and what the candidate would have
done differently (steps added, removed or moved); a debtor whose replay under the book in
force does not give back what happened is flagged (``faithful: false``) so that no one reads
a replay artefact as the candidate's effect. Nothing is appended, scheduled or sent.

The money effect is an estimate from the cure rates the caller passes (analytics'
``/reports/cure-rates?by=template``): each added message step counts its template's share
of owed money paid within the window times the amount owed at the step, each removed one
the same negatively. It is labelled an estimate wherever it is shown.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field

from services.collections.domain.book import PolicyBook
from services.collections.domain.policy import DunningPolicy
from services.collections.domain.state import Debtor
from services.collections.domain.whatif import Difference, Step, compare, replay, steps_of
from shared.config_files import parse_yaml_document
from shared.contracts import Event
from shared.infra.repository import Repository

MESSAGE = "NotificationRequested"


def candidate_of(text: str, source: str = "<candidate policy>") -> DunningPolicy:
    """The candidate policy from YAML; ``ConfigRejected`` lists every problem."""
    return parse_yaml_document(text, DunningPolicy, source, "dunning policy")


class DebtorWhatIf(BaseModel):
    model_config = ConfigDict(frozen=True)

    customer_id: str
    happened: tuple[Step, ...]
    differences: tuple[Difference, ...]
    faithful: bool
    refused: tuple[str, ...] = ()
    estimated_effect: dict[str, Decimal] = Field(default_factory=dict)


class WhatIfReport(BaseModel):
    model_config = ConfigDict(frozen=True)

    policy_id: str
    policy_version: str
    start: dt.date
    end: dt.date
    debtors: tuple[DebtorWhatIf, ...]
    totals: dict[str, int]
    not_faithful: tuple[str, ...]
    estimated_effect: dict[str, Decimal]
    estimate_note: str


@dataclass
class WhatIf:
    repository: Repository[Debtor]
    book: PolicyBook

    async def run(
        self,
        candidate: DunningPolicy,
        customer_ids: list[str],
        start: dt.date,
        end: dt.date,
        cure_rates: dict[str, Decimal] | None = None,
    ) -> WhatIfReport:
        trial = self.book.with_version(candidate.model_copy(update={"effective_from": start}))
        zone = ZoneInfo(candidate.timezone)
        until = dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), zone)
        rows = []
        for customer_id in customer_ids:
            history = await self.repository.history(self.repository.ref(customer_id))
            rows.append(self._one(customer_id, history, trial, until, zone, start, cure_rates))
        return summary(candidate, start, end, rows, cure_rates is not None)

    def _one(
        self,
        customer_id: str,
        history: Sequence[Event],
        trial: PolicyBook,
        until: dt.datetime,
        zone: ZoneInfo,
        start: dt.date,
        cure_rates: dict[str, Decimal] | None,
    ) -> DebtorWhatIf:
        def within(steps: tuple[Step, ...] | list[Step]) -> list[Step]:
            return [s for s in steps if start <= s.on < until.date()]

        happened = within(steps_of([e for e in history if e.occurred_at < until], zone))
        baseline = replay(customer_id, history, self.book, until, zone)
        candidate = replay(customer_id, history, trial, until, zone)
        differences = compare(within(baseline.steps), within(candidate.steps))
        return DebtorWhatIf(
            customer_id=customer_id,
            happened=tuple(happened),
            differences=tuple(differences),
            faithful=compare(happened, within(baseline.steps)) == [],
            refused=candidate.refused,
            estimated_effect=estimate(differences, cure_rates) if cure_rates is not None else {},
        )


def estimate(differences: Sequence[Difference], rates: dict[str, Decimal]) -> dict[str, Decimal]:
    """Per currency: Σ ± cure share of the step's template × amount owed at the step."""
    out: dict[str, Decimal] = {}
    for d in differences:
        step = d.step
        if step.type != MESSAGE or d.change == "moved" or step.amount is None:
            continue
        share = rates.get(step.what)
        if share is None:
            continue
        sign = 1 if d.change == "added" else -1
        cur = step.amount.currency
        out[cur] = out.get(cur, Decimal(0)) + sign * share * step.amount.amount
    return {c: v.quantize(Decimal("0.01")) for c, v in out.items()}


def summary(
    candidate: DunningPolicy,
    start: dt.date,
    end: dt.date,
    rows: list[DebtorWhatIf],
    estimated: bool,
) -> WhatIfReport:
    totals: Counter[str] = Counter(d.change for r in rows for d in r.differences)
    effect: dict[str, Decimal] = {}
    for row in rows:
        for currency, amount in row.estimated_effect.items():
            effect[currency] = effect.get(currency, Decimal(0)) + amount
    note = (
        "ESTIMATE: added minus removed message steps × their template's cure rate (share of "
        "owed money paid within the window, from analytics) × the amount owed at the step; "
        "not a forecast of any one debtor"
        if estimated
        else "no cure rates given: no money estimate"
    )
    return WhatIfReport(
        policy_id=candidate.id,
        policy_version=candidate.version,
        start=start,
        end=end,
        debtors=tuple(rows),
        totals={
            "debtors": len(rows),
            "changed": sum(1 for r in rows if r.differences),
            "added": totals["added"],
            "removed": totals["removed"],
            "moved": totals["moved"],
        },
        not_faithful=tuple(r.customer_id for r in rows if not r.faithful),
        estimated_effect=effect,
        estimate_note=note,
    )
