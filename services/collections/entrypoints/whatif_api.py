"""``POST /admin/what-if``: a candidate dunning policy replayed over recorded histories.

Admins only. Reads the debtors' histories and nothing else: it appends no event, schedules
no timer and requests no message (docs/metrics.md, "What-if").
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter, HTTPException
from pydantic import BaseModel, ConfigDict, Field, model_validator

from services.collections.application.whatif import WhatIf, WhatIfReport, candidate_of
from services.collections.entrypoints.deps import Wired
from shared.config_files import ConfigRejected
from shared.web.auth import Admin

router = APIRouter(prefix="/admin", tags=["admin"])
MAX_DEBTORS = 100_000
MAX_DAYS = 3660


class WhatIfRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    policy_yaml: Annotated[str, Field(min_length=1, max_length=200_000)]
    start: dt.date
    end: dt.date
    customers: (
        Annotated[
            list[Annotated[str, Field(min_length=1, max_length=64)]], Field(max_length=MAX_DEBTORS)
        ]
        | None
    ) = None
    cure_rates: dict[str, Annotated[Decimal, Field(ge=0, le=1)]] | None = Field(
        default=None, description="template → share of owed money paid within the window"
    )

    @model_validator(mode="after")
    def _ordered(self) -> WhatIfRequest:
        if self.end < self.start:
            raise ValueError(f"end ({self.end}) is before start ({self.start})")
        if (self.end - self.start).days > MAX_DAYS or self.end.year > 2999:
            raise ValueError(f"a period of at most {MAX_DAYS} days, ending before year 3000")
        return self


@router.post("/what-if", responses={422: {"description": "The candidate policy is invalid"}})
async def what_if(body: WhatIfRequest, wired: Wired, _: Admin) -> WhatIfReport:
    """What the candidate policy would have done differently, per debtor and in total,
    beside what happened; nothing is written or sent."""
    try:
        candidate = candidate_of(body.policy_yaml)
    except ConfigRejected as refused:
        raise HTTPException(
            422, {"error": "policy_refused", "problems": refused.problems}
        ) from None
    customers = body.customers
    if customers is None:
        customers = await wired.worklist.store.debtor_ids()
    runner = WhatIf(wired.collections.repository, wired.collections.book)
    return await runner.run(candidate, customers, body.start, body.end, body.cure_rates)
