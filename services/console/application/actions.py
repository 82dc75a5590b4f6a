"""The actions of the debtor page, each one call of an existing API.

A form's fields become the API's body; the API validates (the console adds no rule of its
own), and its refusal comes back as an :class:`ApiError` naming the form field it is
about. The services name the signed-in person in the resulting events, because the call
is made with that person's own key (``console:<username>``).
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from services.console.application.debtors import path_id
from services.console.application.errors import ApiError
from services.console.application.ports import ServicesApi
from services.console.domain.access import Can

Body = dict[str, Any]


def _money(form: dict[str, str], name: str) -> dict[str, str]:
    return {"amount": form.get(name, "").strip(), "currency": form.get("currency", "").strip()}


def actor(username: str) -> str:
    """The name the services know a console user by (their API key's name)."""
    return f"console:{username}"


def _held_at(form: dict[str, str]) -> str:
    """The form's local date and time (``YYYY-MM-DDTHH:MM``) in the user's zone, as UTC."""
    raw, zone = form.get("held_at", "").strip(), form.get("tz", "").strip() or "UTC"
    try:
        local = dt.datetime.fromisoformat(raw)
        held = local if local.tzinfo else local.replace(tzinfo=ZoneInfo(zone))
    except (ValueError, ZoneInfoNotFoundError):
        problem = {"held_at": "a date and time, e.g. 2027-01-05 09:30"}
        raise ApiError(422, "invalid input", fields=problem) from None
    return held.astimezone(dt.UTC).isoformat()


def _new_id(prefix: str) -> str:
    return f"{prefix}-{secrets.token_hex(4).upper()}"


def _instalments(form: dict[str, str]) -> list[dict[str, Any]]:
    """One instalment per line: ``YYYY-MM-DD amount``."""
    lines = [line.split() for line in form.get("instalments", "").splitlines() if line.strip()]
    if not lines or any(len(parts) != 2 for parts in lines):
        raise ApiError(422, "invalid input", fields={
            "instalments": "one line per instalment: YYYY-MM-DD amount"})  # fmt: skip
    currency = form.get("currency", "").strip()
    return [{"due_on": d, "amount": {"amount": a, "currency": currency}} for d, a in lines]


@dataclass(frozen=True)
class Action:
    """One form of the debtor page and the API call it makes."""

    name: str
    can: Can
    method: str
    service: str
    path: Callable[[str, dict[str, str]], str]
    body: Callable[[dict[str, str]], Body]
    fields: tuple[str, ...]
    idempotent: bool = False


ACTIONS: dict[str, Action] = {
    a.name: a
    for a in (
        Action("promise", Can.ACT_ON_DEBTORS, "POST", "collections",
               lambda c, f: f"/debtors/{c}/promises",
               lambda f: {"promise_id": _new_id("PR"), "amount": _money(f, "amount"),
                          "due_on": f.get("due_on", ""), "channel": f.get("channel", ""),
                          "note": f.get("note", "")},
               ("amount", "currency", "due_on", "channel", "note", "promise_id"), True),
        Action("plan", Can.ACT_ON_DEBTORS, "POST", "collections",
               lambda c, f: f"/debtors/{c}/plans",
               lambda f: {"plan_id": _new_id("PL"), "kind": f.get("kind", "instalments"),
                          "instalments": _instalments(f)},
               ("kind", "currency", "instalments", "plan_id"), True),
        Action("settlement", Can.ACT_ON_DEBTORS, "POST", "collections",
               lambda c, f: f"/debtors/{c}/settlements",
               lambda f: {"offer_id": _new_id("SO"), "discount": _money(f, "discount"),
                          "valid_until": f.get("valid_until", "")},
               ("discount", "currency", "valid_until", "offer_id"), True),
        Action("dispute", Can.ACT_ON_DEBTORS, "POST", "collections",
               lambda c, f: f"/debtors/{c}/disputes",
               lambda f: {"invoice_id": f.get("invoice_id", ""), "reason": f.get("reason", "")},
               ("invoice_id", "reason")),
        Action("resolve", Can.ACT_ON_DEBTORS, "POST", "collections",
               lambda c, f: f"/debtors/{c}/disputes/{path_id(f.get('invoice_id', ''))}/resolve",
               lambda f: {"outcome": f.get("outcome", "")},
               ("invoice_id", "outcome")),
        Action("classify", Can.ACT_ON_DEBTORS, "PUT", "collections",
               lambda c, f: f"/debtors/{c}/classification",
               lambda f: {"classification": f.get("classification", "")},
               ("classification",)),
        Action("conversation", Can.ACT_ON_DEBTORS, "POST", "collections",
               lambda c, f: f"/debtors/{c}/conversations",
               lambda f: {"conversation_id": f.get("form_nonce") or _new_id("CV"),
                          "channel": f.get("channel", ""), "outcome": f.get("outcome", ""),
                          "held_at": _held_at(f), "note": f.get("note", "")},
               ("channel", "outcome", "held_at", "note", "conversation_id")),
        Action("complete_task", Can.ACT_ON_DEBTORS, "POST", "collections",
               lambda c, f: f"/debtors/{c}/tasks/{path_id(f.get('task_id', ''))}/complete",
               lambda f: {"outcome": f.get("outcome", "")},
               ("task_id", "outcome")),
        Action("reassign_task", Can.ACT_ON_DEBTORS, "POST", "collections",
               lambda c, f: f"/debtors/{c}/tasks/{path_id(f.get('task_id', ''))}/reassign",
               lambda f: {"assignee": f.get("assignee", "").strip()},
               ("task_id", "assignee")),
        Action("legal_hold", Can.PLACE_LEGAL_HOLD, "PUT", "customers",
               lambda c, f: f"/customers/{c}/legal-hold",
               lambda f: {"reason": f.get("reason", ""), "reference": f.get("reference", "")},
               ("reason", "reference")),
    )
}  # fmt: skip


async def perform(
    api: ServicesApi, key: str, action: Action, customer_id: str, form: dict[str, str]
) -> Any:
    """Call the action's API; a repeated submission of one rendered form is one command
    (its ``form_nonce`` is the Idempotency-Key where the API takes one)."""
    headers = {}
    if action.idempotent and form.get("form_nonce"):
        headers["Idempotency-Key"] = f"console:{form['form_nonce']}"
    return await api.json(key, action.method, action.service,
                          action.path(path_id(customer_id), form), json=action.body(form),
                          headers=headers)  # fmt: skip
