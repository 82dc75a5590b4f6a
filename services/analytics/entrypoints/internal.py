"""Routes for the other services (the internal key only): the recovery prediction the
collections worklist ranks by when asked (``GET /worklist?rank=expected_recovery``)."""

from __future__ import annotations

from fastapi import APIRouter

from services.analytics.application.prediction import Prediction
from services.analytics.entrypoints.api import LOADING, AsOf
from services.analytics.entrypoints.deps import Wired
from shared.web.auth import Internal

router = APIRouter(prefix="/internal", tags=["internal"])


@router.get("/recovery-prediction", responses=LOADING)
async def recovery_prediction_for_services(
    wired: Wired, _: Internal, as_of: AsOf = None
) -> Prediction:
    """Every debtor with money overdue as of the date (default today): the probability its
    overdue money is recovered and the factors behind it (the report's model, as JSON)."""
    day = as_of or await wired.today()
    return wired.reports.prediction(day)
