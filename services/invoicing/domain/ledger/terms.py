"""Payment terms: when an invoice falls due, and the reward for paying early.

Written the way the trade writes them and parsed by ``PaymentTerms.parse``:

- ``net 30``: due 30 days after the issue date.
- ``2/10 net 30``: due in 30 days; 2 % off when paid within 10 days of the issue date
  (value date on or before issue date + 10). The seeds' 对于及时付款，提供折扣.
- ``net 30 EOM`` (also ``月结30天``): due 30 days after the end of the issue month, the
  usual monthly-settlement terms in China (月结) and much of Europe; ``EOM`` alone is
  due at the end of the issue month.

The discount is booked as a credit note when a payment inside the window settles the
invoice (``allocation.py``); its amount is ``percent`` of the invoice amount less credit
notes, rounded ROUND_HALF_UP to the currency's minor unit.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field, model_validator

_WESTERN = re.compile(
    r"^(?:(?P<pct>\d{1,2}(?:\.\d{1,4})?)\s*/\s*(?P<days>\d{1,3})\s*,?\s*)?"
    r"(?:(?:net|n)\s*/?\s*(?P<net>\d{1,3}))?\s*(?P<eom>eom)?$",
    re.IGNORECASE,
)
_MONTHLY = re.compile(r"^月结\s*(?P<net>\d{1,3})\s*天$")


class EarlyDiscount(BaseModel):
    """``percent`` off when paid with a value date on or before ``until``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    percent: Decimal = Field(gt=0, lt=100)
    until: dt.date


class PaymentTerms(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    net_days: int = Field(ge=0, le=366)
    end_of_month: bool = False
    discount_percent: Decimal | None = Field(default=None, gt=0, lt=100)
    discount_days: int | None = Field(default=None, ge=0, le=366)

    @model_validator(mode="after")
    def _discount_has_both_parts(self) -> PaymentTerms:
        if (self.discount_percent is None) != (self.discount_days is None):
            raise ValueError("an early-payment discount needs both a percent and a number of days")
        return self

    @classmethod
    def parse(cls, text: str) -> PaymentTerms:
        """``net 30``, ``2/10 net 30``, ``net 30 EOM``, ``EOM``, ``月结30天``."""
        cleaned = " ".join(text.split())
        monthly = _MONTHLY.match(cleaned)
        if monthly:
            return cls(net_days=int(monthly["net"]), end_of_month=True)
        western = _WESTERN.match(cleaned)
        if not cleaned or western is None or (western["net"] is None and not western["eom"]):
            raise ValueError(
                f"payment terms {text!r} not understood: write e.g. 'net 30', "
                "'2/10 net 30', 'net 30 EOM' or '月结30天'"
            )
        return cls(
            net_days=int(western["net"] or 0),
            end_of_month=bool(western["eom"]),
            discount_percent=Decimal(western["pct"]) if western["pct"] else None,
            discount_days=int(western["days"]) if western["days"] else None,
        )

    def due_date(self, issue_date: dt.date) -> dt.date:
        start = _month_end(issue_date) if self.end_of_month else issue_date
        return start + dt.timedelta(days=self.net_days)

    def discount(self, issue_date: dt.date) -> EarlyDiscount | None:
        if self.discount_percent is None or self.discount_days is None:
            return None
        until = issue_date + dt.timedelta(days=self.discount_days)
        return EarlyDiscount(percent=self.discount_percent, until=until)

    def __str__(self) -> str:
        parts = []
        if self.discount_percent is not None:
            parts.append(f"{self.discount_percent}/{self.discount_days}")
        parts.append(f"net {self.net_days}")
        if self.end_of_month:
            parts.append("EOM")
        return " ".join(parts)


def _month_end(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])
