"""The collection effectiveness index of one calendar month, per currency.

    CEI = (opening AR + credit sales − closing total AR − write-offs)
          / (opening AR + credit sales − closing current AR) × 100

With no write-off in the month this is the standard formula. A write-off takes money out of
receivables without collecting it; the standard formula would count it as collected, so the
month's write-offs leave the numerator (they stay in the denominator: they were collectible).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from pydantic import BaseModel, ConfigDict

from services.analytics.domain.book import Book
from services.analytics.domain.figures import Period, Ratio
from services.analytics.domain.ledger import Receivables, net_sales, receivables, written_off


class CeiMonth(BaseModel):
    model_config = ConfigDict(frozen=True)

    month: Period
    currency: str
    opening: Decimal
    sales: Decimal
    closing_total: Decimal
    closing_current: Decimal
    write_offs: Decimal

    @property
    def collected(self) -> Decimal:
        return self.opening + self.sales - self.closing_total - self.write_offs

    @property
    def collectible(self) -> Decimal:
        return self.opening + self.sales - self.closing_current

    @property
    def index(self) -> Ratio:
        """``percent`` is the CEI; None ("no data") when nothing was collectible."""
        return Ratio.of(self.collected, self.collectible)


def cei(book: Book, currency: str, year: int, month: int) -> CeiMonth:
    """Opening AR is the open receivables at the end of the day before the month starts."""
    period = Period.month(year, month)
    opening = receivables(book, period.start - dt.timedelta(days=1)).get(currency, Receivables())
    closing = receivables(book, period.end).get(currency, Receivables())
    return CeiMonth(
        month=period,
        currency=currency,
        opening=opening.total,
        sales=net_sales(book, currency, period.start, period.end),
        closing_total=closing.total,
        closing_current=closing.current,
        write_offs=written_off(book, currency, period.start, period.end),
    )
