"""What analytics' routes and stream handlers use; built by the composition root (app.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from services.analytics.application.projection import Projection
from services.analytics.application.reports import Reports
from services.analytics.domain.tables import Sheet
from shared.infra.clock import Clock


@dataclass(frozen=True)
class Container:
    projection: Projection
    reports: Reports
    clock: Clock
    zone: ZoneInfo
    workbook: Callable[[Sequence[Sheet]], bytes]
    """Sheets as the bytes of an .xlsx file."""

    async def today(self) -> dt.date:
        """Today in the business time zone, on the service's clock."""
        return (await self.clock.now()).astimezone(self.zone).date()
