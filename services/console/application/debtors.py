"""What the debtor page shows, gathered from the services on the signed-in person's behalf.

Every call is made with the person's own API key after the console has checked the
person's role; what a role may not see is neither asked for nor shown (contact details
for auditors, evidence for collectors).
"""

from __future__ import annotations

import asyncio
import datetime as dt
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

import structlog

from services.console.application.errors import ApiError
from services.console.application.ports import ServicesApi
from services.console.domain.access import Can, may
from services.console.domain.accounts import Account

log = structlog.get_logger("console.debtors")

MESSAGE_OUTCOMES = ("NotificationSent", "NotificationDeferred", "NotificationSuppressed",
                    "NotificationFailed", "NotificationDelivered")  # fmt: skip
BALANCE_POINTS = 16


def path_id(value: str) -> str:
    return quote(value, safe="")


@dataclass
class DebtorPage:
    debtor: dict[str, Any]
    profile: dict[str, Any] | None = None
    contacts_hidden: bool = False
    legal_hold: dict[str, Any] | None = None
    messages: list[dict[str, Any]] | None = None  # None: not available to this role
    problems: list[str] = field(default_factory=list)


@dataclass
class Debtors:
    api: ServicesApi

    async def page(self, account: Account, key: str, customer_id: str) -> DebtorPage:
        """Raises :class:`ApiError` when collections does not know the debtor."""
        cid = path_id(customer_id)
        debtor, profile, hold, messages = await asyncio.gather(
            self.api.json(key, "GET", "collections", f"/debtors/{cid}"),
            self._optional(self.api.json(key, "GET", "customers", f"/customers/{cid}")),
            self._optional(self._legal_hold(account, key, cid)),
            self._optional(self._messages(account, key, cid)),
        )
        page = DebtorPage(debtor=debtor)
        page.profile, page.legal_hold = self._unwrap(profile, page), self._unwrap(hold, page)
        page.messages = self._unwrap(messages, page)
        if page.profile is not None:
            page.contacts_hidden = self._guard_contacts(account, page.profile, customer_id)
        return page

    def _guard_contacts(self, account: Account, profile: dict[str, Any], customer_id: str) -> bool:
        """Drop contact details the role may not see; log those shown (who, which debtor)."""
        if may(account.role, Can.SEE_CONTACT_DETAILS):
            log.info("contact_details_shown", user=account.username, customer_id=customer_id,
                     purpose="debtor_page")  # fmt: skip
            return False
        for contact in profile.get("contacts", []):
            for personal in ("name", "email", "phone"):
                contact[personal] = None
        return True

    async def _legal_hold(self, account: Account, key: str, cid: str) -> Any:
        if not may(account.role, Can.READ_LEGAL_HOLD):
            return None
        return await self.api.json(key, "GET", "customers", f"/customers/{cid}/legal-hold")

    async def _messages(self, account: Account, key: str, cid: str) -> Any:
        """Each message's outcome with its rule and reason, from the evidence export."""
        if not may(account.role, Can.READ_EVIDENCE):
            return None
        try:
            evidence = await self.api.json(key, "GET", "notifications", f"/evidence/{cid}.json")
        except ApiError as exc:
            if exc.status == 404:
                return []
            raise
        return outcomes(evidence)

    @staticmethod
    async def _optional(call: Any) -> Any:
        try:
            return await call
        except ApiError as exc:
            return exc

    @staticmethod
    def _unwrap(result: Any, page: DebtorPage) -> Any:
        if isinstance(result, ApiError):
            if result.status != 404:
                page.problems.append(str(result))
            return None
        return result

    async def balance_history(
        self, key: str, customer_id: str, timeline: list[dict[str, Any]]
    ) -> dict[str, list[tuple[dt.datetime, float]]]:
        """Outstanding per currency as the debtor stood after its events (at most
        :data:`BALANCE_POINTS` instants, evenly chosen, the latest always)."""
        instants = sorted({dt.datetime.fromisoformat(e["occurred_at"]) for e in timeline})
        if len(instants) > BALANCE_POINTS:
            step = (len(instants) - 1) / (BALANCE_POINTS - 1)
            instants = [instants[round(i * step)] for i in range(BALANCE_POINTS)]
        cid, gate = path_id(customer_id), asyncio.Semaphore(4)

        async def at(instant: dt.datetime) -> dict[str, Any]:
            async with gate:
                params = {"as_of": instant.isoformat()}
                view: dict[str, Any] = await self.api.json(
                    key, "GET", "collections", f"/debtors/{cid}", params=params
                )
                return view

        series: dict[str, list[tuple[dt.datetime, float]]] = {}
        for instant, view in zip(instants, await asyncio.gather(*map(at, instants)), strict=True):
            owed = {m["currency"]: float(m["amount"]) for m in view["outstanding"]}
            for currency in set(owed) | set(series):
                series.setdefault(currency, []).append((instant, owed.get(currency, 0.0)))
        return series


def outcomes(evidence: dict[str, Any]) -> list[dict[str, Any]]:
    """One line per message outcome: when, which request, channel, outcome, rule, reason."""
    lines = []
    for request in evidence.get("requests", []):
        for entry in request.get("events", []):
            event = entry.get("event", {})
            if event.get("type") not in MESSAGE_OUTCOMES:
                continue
            lines.append({
                "at": event.get("occurred_at", ""), "request_id": request["request_id"],
                "type": event["type"], "channel": event.get("channel", ""),
                "template": event.get("template", ""), "rule": event.get("rule", ""),
                "reason": event.get("reason") or _refusals(event) or event.get("error", ""),
                "until": event.get("until", ""), "masked_address": event.get("masked_address", ""),
            })  # fmt: skip
    return sorted(lines, key=lambda line: line["at"])


def _refusals(event: dict[str, Any]) -> str:
    decisions = event.get("decisions") or ()
    return "; ".join(str(d.get("detail") or d.get("rule")) for d in decisions
                     if d.get("outcome") != "allow")  # fmt: skip
