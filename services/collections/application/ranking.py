"""The worklist ranked by expected recovery: each debtor's overdue amount × the probability
that analytics predicts it is recovered, with the factors behind that probability.

Collections asks analytics over HTTP (``GET /internal/recovery-prediction``, the internal
key) each time this ranking is shown, rather than following an event analytics publishes:
a probability is a function of the whole book as of today — every debtor's probability moves
as its debts age and whenever the model is fitted on new history — so an event would have
to be re-published for every debtor every day, and collections would keep a second, stale
copy between publications. Asked at the moment the list is shown, it is true then. The
price is a dependency at read time, kept off the default ranking: when analytics is not
configured, unreachable or still loading, only this ranking fails (503 with the reason);
``GET /worklist`` without it never calls analytics.

The overdue amount is collections' own (the worklist's, at the moment shown); analytics
gives the probability only. Amounts are not converted between currencies: as in the default
ranking, the debtor's largest overdue currency counts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal, Protocol

from pydantic import BaseModel, ConfigDict

from services.collections.application.worklist import WorklistEntry, WorklistQuery
from shared.contracts import Money
from shared.contracts.money import minor_units


class RecoveryUnavailable(RuntimeError):
    """Analytics cannot give the prediction now (not configured, unreachable, loading)."""


class DebtorOutlook(BaseModel):
    """What analytics predicts for one debtor."""

    model_config = ConfigDict(frozen=True)

    customer_id: str
    probability: Decimal | None  # None: no model and no history for the debtor's bucket
    factors: dict[str, Decimal] = {}


class Outlook(BaseModel):
    """Analytics' prediction as of a day: how it was made, and each debtor's."""

    model_config = ConfigDict(frozen=True)

    as_of: dt.date
    method: str
    debtors: tuple[DebtorOutlook, ...]


class RecoveryPredictions(Protocol):
    """Where the worklist reads recovery predictions (analytics' internal API)."""

    async def outlook(self) -> Outlook:
        """The prediction as of today; raises :class:`RecoveryUnavailable` with the reason."""
        ...


class RecoveryEstimate(BaseModel):
    """Why a debtor stands where it does: the probability, the money it stands for, and the
    factors (log-odds each feature adds, or the aging bucket's historical rate)."""

    probability: Decimal | None
    expected_recovery: Money | None
    method: str
    as_of: dt.date
    factors: dict[str, Decimal]


class RankedEntry(WorklistEntry):
    recovery: RecoveryEstimate | None
    """None: analytics has no prediction for the debtor (ranked after those it has)."""


class RankedPage(BaseModel):
    rank: Literal["expected_recovery"] = "expected_recovery"
    total: int
    offset: int
    limit: int
    entries: list[RankedEntry]


def expected(entry: WorklistEntry, probability: Decimal) -> Money:
    """probability × overdue, rounded half up to the currency's minor unit."""
    unit = Decimal(1).scaleb(-minor_units(entry.overdue.currency))
    amount = (probability * entry.overdue.amount).quantize(unit, rounding=ROUND_HALF_UP)
    return Money(amount=amount, currency=entry.overdue.currency)


def rank_by_expected_recovery(
    entries: Sequence[WorklistEntry], outlook: Outlook
) -> list[RankedEntry]:
    """Highest expected recovery first; debtors without a probability after, by the default
    score; ties by the default score, then customer id."""
    known = {d.customer_id: d for d in outlook.debtors}
    ranked = []
    for entry in entries:
        found = known.get(entry.customer_id)
        estimate = None
        if found is not None and found.probability is not None:
            estimate = RecoveryEstimate(
                probability=found.probability,
                expected_recovery=expected(entry, found.probability),
                method=outlook.method,
                as_of=outlook.as_of,
                factors=found.factors,
            )
        ranked.append(RankedEntry(**entry.model_dump(), recovery=estimate))
    return sorted(ranked, key=_order)


def _order(entry: RankedEntry) -> tuple[bool, Decimal, float, str]:
    value = entry.recovery.expected_recovery if entry.recovery else None
    return (
        value is None,
        -(value.amount if value else Decimal(0)),
        -entry.score,
        entry.customer_id,
    )


class Ranked(Protocol):
    async def admitted(self, query: WorklistQuery) -> list[WorklistEntry]: ...


async def recovery_page(
    worklist: Ranked, predictions: RecoveryPredictions | None, query: WorklistQuery
) -> RankedPage:
    """A page of the worklist ranked by expected recovery (every admitted debtor is read:
    the order depends on analytics' answer, not on the stored score)."""
    if predictions is None:
        raise RecoveryUnavailable(
            "recovery prediction is not configured here (HUIKUAN_ANALYTICS_URL is unset); "
            "the default ranking (no rank parameter) works without it"
        )
    outlook = await predictions.outlook()
    ranked = rank_by_expected_recovery(await worklist.admitted(query), outlook)
    chosen = ranked[query.offset : query.offset + query.limit]
    return RankedPage(total=len(ranked), offset=query.offset, limit=query.limit, entries=chosen)
