"""Collections' balances per invoice, read over its API (``GET /debtors/{id}``) for
reconcile, with the key of the person or tool that asked for the reconciliation."""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from services.invoicing.application.reconcile import Followed, Report
from services.invoicing.application.reconcile import (
    FollowedBalancesUnavailable as CollectionsUnavailable,
)
from services.invoicing.application.service import Invoicing
from shared.contracts.money import Money


@dataclass
class HttpCollectionsBalances:
    http: httpx.AsyncClient
    base_url: str
    api_key: str

    async def invoices(self, customer_id: str) -> dict[str, Followed] | None:
        url = f"{self.base_url.rstrip('/')}/debtors/{customer_id}"
        try:
            answer = await self.http.get(url, headers={"X-API-Key": self.api_key}, timeout=10)
        except httpx.HTTPError as exc:
            raise CollectionsUnavailable(f"collections at {self.base_url}: {exc}") from exc
        if answer.status_code == 404:
            return None
        if answer.status_code != 200:
            raise CollectionsUnavailable(
                f"collections answered {answer.status_code} for debtor {customer_id}"
            )
        return {
            line["invoice_id"]: Followed(
                outstanding=Money.model_validate(line["outstanding"]),
                amount=Money.model_validate(line["amount"]) if line.get("amount") else None,
                due_date=line.get("due_date"),
            )
            for line in answer.json().get("invoices", [])
            if line.get("outstanding") is not None
        }


@dataclass
class HttpReconciler:
    """Reconcile against collections at ``base_url``, asking it with the caller's key."""

    invoicing: Invoicing
    base_url: str

    async def __call__(self, api_key: str, customer_ids: list[str]) -> Report:
        async with httpx.AsyncClient() as http:
            followed = HttpCollectionsBalances(http, self.base_url, api_key)
            return await self.invoicing.reconcile(followed, customer_ids)
