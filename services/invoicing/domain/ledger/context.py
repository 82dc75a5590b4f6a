"""What a decision needs besides the account: today's date and the jurisdiction packs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from services.invoicing.domain.ledger.errors import UnknownJurisdiction
from services.invoicing.domain.ledger.rates import JurisdictionPack


@dataclass(frozen=True)
class LedgerContext:
    """``today`` in the business time zone (the caller reads the clock, never the domain);
    ``value_date_tolerance_days``: how far ahead a payment's value date may lie."""

    today: dt.date
    packs: Mapping[str, JurisdictionPack]
    value_date_tolerance_days: int = 0

    def pack(self, jurisdiction: str) -> JurisdictionPack:
        found = self.packs.get(jurisdiction)
        if found is None:
            raise UnknownJurisdiction(
                f"no jurisdiction pack {jurisdiction!r}; known: {', '.join(sorted(self.packs))}"
            )
        return found
