"""What the collections journey does and looks at, the way the system's users do.

An ERP writes invoices and payments as plain JSON to the ingest stream; a collector uses
the collector API; an ERP follows the services' outbound streams; the debtor's contact
reads the e-mails the SMTP server received. Every wait polls with the driver's deadline.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from shared.contracts import Event, parse_event
from shared.infra import keys, redis_types
from shared.infra.settings import Settings
from tests.e2e.conftest import System
from tooling.demo import SHANGHAI, Demo, DemoFailed

OUTCOMES = ("NotificationSent", "NotificationSuppressed", "NotificationDeferred",
            "NotificationFailed")  # fmt: skip


def registration(customer_id: str, email: str, segment: str = "standard") -> dict[str, Any]:
    """A cn debtor with one e-mail contact (no SMS consent, so no SMS provider is needed)."""
    contact = {
        "name": f"Contact {customer_id}", "email": email, "language": "zh-CN",
        "timezone": "Asia/Shanghai", "role": "debtor_staff",
        "consent": {"email": True, "sms": False},
    }  # fmt: skip
    return {"customer_id": customer_id, "legal_name": f"Buyer {customer_id} Co",
            "jurisdiction": "cn", "currency": "CNY", "segment": segment,
            "contact": contact}  # fmt: skip


def cny(amount: str) -> dict[str, str]:
    return {"amount": amount, "currency": "CNY"}


def promise(promise_id: str, amount: str, due_on: dt.date) -> dict[str, Any]:
    """A promise to pay taken by phone, as the collector API takes it."""
    return {"promise_id": promise_id, "amount": cny(amount), "due_on": due_on.isoformat(),
            "channel": "phone"}  # fmt: skip


def text_of(message: Any) -> str:
    """The decoded text parts of one received e-mail."""
    parts = [
        p.get_payload(decode=True) for p in message.walk() if p.get_content_maintype() == "text"
    ]
    return "".join(p.decode("utf-8") for p in parts if p)


def types_in(view: dict[str, Any]) -> list[str]:
    return [entry["type"] for entry in view["timeline"]]


@dataclass
class Journey:
    """The system under test and the demo driver, with the journey's verbs and probes."""

    system: System
    driver: Demo

    async def at(self, day: dt.date, hour: int = 10) -> None:
        """Move the simulated clock to ``hour`` o'clock Shanghai time on ``day``, once every
        message asked for so far has had its outcome at the current time."""
        await self.driver.until("every requested message to have an outcome", self.settled)
        await self.driver.advance_to(dt.datetime.combine(day, dt.time(hour), SHANGHAI))

    async def settled(self) -> bool:
        """Notifications has answered every (request, channel) collections asked for."""
        asked, answered = set(), set()
        for stream in (keys.outbox(p, s) for p in range(Settings().partitions)
                       for s in ("collections", "notifications")):  # fmt: skip
            for _, fields in await redis_types.xrange(self.driver.redis, stream):
                event: Any = parse_event(fields[b"__data__"])
                if event.type == "NotificationRequested":
                    asked |= {(event.request_id, channel) for channel in event.channels}
                elif event.type in OUTCOMES:
                    answered.add((event.request_id, event.channel))
        return asked <= answered

    async def erp(self, command: dict[str, Any]) -> None:
        """One XADD of plain JSON to the ingest stream, as an ERP does."""
        await self.driver.redis.xadd(keys.ingest("invoices"), {"__data__": json.dumps(command)})

    async def issue(self, customer: str, number: str, amount: str, issued: dt.date,
                    due: dt.date) -> None:  # fmt: skip
        await self.erp({"type": "IssueInvoice", "external_number": number, "customer_id": customer,
                        "amount": cny(amount), "issue_date": issued.isoformat(),
                        "due_date": due.isoformat()})  # fmt: skip

    async def pay(self, number: str, payment_id: str, amount: str, on: dt.date) -> None:
        """A payment recorded over invoicing's API."""
        body = {"payment_id": payment_id, "amount": cny(amount), "value_date": on.isoformat()}
        await self.driver.call("POST", "invoicing", f"/invoices/{number}/payments", json=body)

    async def collector(self, customer: str, path: str, body: dict[str, Any]) -> dict[str, Any]:
        """A collector's command on the debtor; the answer lists the events it recorded."""
        answer: dict[str, Any] = await self.driver.call(
            "POST", "collections", f"/debtors/{customer}{path}", json=body
        )
        return answer

    async def view(self, customer: str) -> dict[str, Any]:
        """The debtor as GET /debtors/{id} shows it now (state, invoices, timeline)."""
        view: dict[str, Any] = await self.driver.call("GET", "collections", f"/debtors/{customer}")
        return view

    async def view_when(
        self, what: str, customer: str, test: Callable[[dict[str, Any]], bool]
    ) -> dict[str, Any]:
        async def probe() -> dict[str, Any] | None:
            view = await self.driver.debtor(customer)
            return view if view and test(view) else None

        found: dict[str, Any] = await self.driver.until(f"{customer}: {what}", probe)
        return found

    async def invoice_id(self, customer: str, number: str) -> str:
        view = await self.view(customer)
        [line] = [i for i in view["invoices"] if i["external_number"] == number]
        return str(line["invoice_id"])

    async def events(self, customer: str, service: str, type_: str) -> list[Any]:
        """The events of ``type_`` about ``customer`` on ``service``'s outbound stream."""
        partition = keys.partition_of(customer, Settings().partitions)
        entries = await redis_types.xrange(self.driver.redis, keys.outbox(partition, service))
        found: list[Event] = [parse_event(fields[b"__data__"]) for _, fields in entries]
        return [e for e in found if e.type == type_ and getattr(e, "customer_id", "") == customer]

    async def wait_events(
        self, customer: str, service: str, type_: str, test: Callable[[Any], bool] = bool
    ) -> list[Any]:
        async def probe() -> list[Any]:
            return [e for e in await self.events(customer, service, type_) if test(e)]

        found: list[Any] = await self.driver.until(f"{customer}: {type_} on {service}", probe)
        return found

    async def requested(self, customer: str, template: str) -> Any:
        """The one NotificationRequested of ``template`` collections published for ``customer``."""
        [request] = await self.wait_events(
            customer, "collections", "NotificationRequested", lambda e: e.template == template
        )
        return request

    async def sent(self, request: Any, channel: str) -> Any:
        """The NotificationSent on ``channel`` for ``request``; else what became of it."""
        try:
            [sent] = await self.wait_events(
                request.customer_id, "notifications", "NotificationSent",
                lambda e: e.request_id == request.request_id and e.channel == channel,
            )  # fmt: skip
        except DemoFailed as gave_up:
            raise AssertionError(f"{request.template} not sent on {channel}: "
                                 f"{await self.outcomes(request)}") from gave_up  # fmt: skip
        return sent

    async def outcomes(self, request: Any) -> list[str]:
        """Every notifications event about ``request``, as type, channel and rule or error."""
        found = []
        for type_ in OUTCOMES:
            for e in await self.events(request.customer_id, "notifications", type_):
                if e.request_id == request.request_id:
                    why = getattr(e, "rule", "") or getattr(e, "error", "")
                    found.append(f"{e.type} {e.channel} {why} {getattr(e, 'until', '')}")
        return found

    def mails(self, address: str) -> list[str]:
        """The dunning e-mails ``address`` received (the monthly statements, which invoicing
        sends on the same clock, are left out: their reference is ``statement:…``)."""
        received = self.system.inbox.to(address)
        return [text_of(m) for m in received
                if not str(m.get("X-Huikuan-Reference", "")).startswith("statement:")]  # fmt: skip

    async def mail_about(self, address: str, count: int) -> list[str]:
        """The texts of the e-mails ``address`` received, once there are ``count`` of them."""

        async def probe() -> list[str]:
            texts = self.mails(address)
            return texts if len(texts) >= count else []

        found: list[str] = await self.driver.until(f"{count} e-mails to {address}", probe)
        return found
