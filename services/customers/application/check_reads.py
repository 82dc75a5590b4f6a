"""What an order check reads besides the credit account: the currency the customer's
account is kept in.

A registration's currency never changes (a repeat or an import must match it) and a
registered customer stays registered (erasure keeps the registration), so once read it
is kept for the life of the process: a check of a customer seen before reads the credit
account alone — one round trip before the answer is appended. An unknown customer is
not remembered, so a customer registered later is checked as soon as it exists.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field

from services.customers.application.service import Customers


@dataclass
class AccountCurrencies:
    """Each checked customer's registered currency, the ``size`` most recently used."""

    customers: Customers
    size: int = 200_000  # about 100 bytes each
    _known: OrderedDict[str, str] = field(init=False, default_factory=OrderedDict)

    async def of(self, customer_id: str) -> str:
        """The currency ``customer_id`` is registered with; ``CustomerNotFound`` if none."""
        currency = self._known.get(customer_id)
        if currency is not None:
            self._known.move_to_end(customer_id)
            return currency
        customer, _ = await self.customers.registered(customer_id)
        currency = customer.registration.currency
        self._known[customer_id] = currency
        if len(self._known) > self.size:
            self._known.popitem(last=False)
        return currency
