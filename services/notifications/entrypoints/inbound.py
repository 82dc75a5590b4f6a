"""Public endpoints: the SMS provider's callbacks (HMAC-signed) and unsubscribe links.

No API key here, and strangers reach them: every input is checked before use and refused
with 400, 401 or 403 and the reason, never a 500. The SMS provider proves itself with
``X-Huikuan-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 over "<t>." + body>`` with
the shared secret, at most five minutes old and at most 30 s ahead of this clock; a
signature is accepted once (a replay within its window answers 409). An unsubscribe link
carries its own HMAC token over customer, contact and channel.
"""

from __future__ import annotations

import hmac
import re
import time
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Header, HTTPException, Query, Request, status
from fastapi.responses import HTMLResponse
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationError

from services.notifications.application.ports import CustomersUnavailable
from services.notifications.application.signatures import signature
from services.notifications.entrypoints.deps import Wired
from shared.web.replay import ReplayMemory
from shared.web.state import runtime_of

router = APIRouter(prefix="/notifications", tags=["notifications-public"])

PAST_TOLERANCE_S = 300
FUTURE_SKEW_S = 30
_SIGNATURE = re.compile(r"t=(?P<t>[0-9]{1,12}),v1=(?P<v1>[0-9a-f]{64})")
_TOKEN = re.compile(r"[0-9a-f]{64}")


class SmsCallback(BaseModel):
    """A delivery receipt or a reply, as the SMS provider posts it."""

    model_config = ConfigDict(extra="ignore")

    type: Literal["receipt", "reply"]
    reference: str = Field(max_length=300)
    status: str = Field(default="", max_length=64)
    at: AwareDatetime | None = None
    sender: str = Field(default="", alias="from", max_length=40, repr=False)
    text: str = Field(default="", max_length=1600, repr=False)


def _refused(code: int, reason: str) -> HTTPException:
    return HTTPException(code, reason)


def _checked_signature(header: str, body: bytes, secret: str, now: float) -> str:
    """The signature's MAC when ``header`` signs ``body`` now; otherwise the refusal."""
    if not header:
        raise _refused(status.HTTP_401_UNAUTHORIZED, "missing X-Huikuan-Signature")
    parsed = _SIGNATURE.fullmatch(header.strip())
    if parsed is None:
        expected = "expected t=<unix seconds>,v1=<64 hex digits>"
        raise _refused(status.HTTP_400_BAD_REQUEST, f"malformed X-Huikuan-Signature: {expected}")
    stamp, given = parsed["t"], parsed["v1"]
    if now - int(stamp) > PAST_TOLERANCE_S:
        raise _refused(status.HTTP_401_UNAUTHORIZED, "stale signature (older than 300 s)")
    if int(stamp) - now > FUTURE_SKEW_S:
        raise _refused(status.HTTP_401_UNAUTHORIZED, "signature dated in the future (> 30 s)")
    if not hmac.compare_digest(signature(secret, stamp, body), given):
        raise _refused(status.HTTP_401_UNAUTHORIZED, "bad signature")
    return given


def _callback(body: bytes) -> SmsCallback:
    try:
        return SmsCallback.model_validate_json(body)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(map(str, first["loc"])) or "body"
        raise _refused(status.HTTP_400_BAD_REQUEST, f"{where}: {first['msg']}") from None


def _replays(request: Request) -> ReplayMemory:
    window_ms = (PAST_TOLERANCE_S + FUTURE_SKEW_S) * 1000
    return ReplayMemory(runtime_of(request).redis, "notifications", "sms", window_ms)


SIGNED_ANSWERS: dict[int | str, dict[str, str]] = {
    400: {"description": "Malformed signature header or body (the reason says which)"},
    401: {"description": "Missing, stale, future-dated or wrong signature"},
    409: {"description": "This signed callback was already received (a replay)"},
    503: {"description": "Customers is unavailable: send it again later"},
}


@router.post("/inbound/sms", status_code=status.HTTP_202_ACCEPTED, responses=SIGNED_ANSWERS)
async def sms_callback(
    request: Request,
    wired: Wired,
    replays: Annotated[ReplayMemory, Depends(_replays)],
    x_huikuan_signature: Annotated[str, Header(max_length=200)] = "",
) -> dict[str, str]:
    """Receipts become ``NotificationDelivered``; a STOP / 退订 reply opts the contact out."""
    body = await request.body()
    mac = _checked_signature(x_huikuan_signature, body, wired.sms_inbound_secret, time.time())
    callback = _callback(body)
    if not await replays.first_sighting(mac):
        raise _refused(status.HTTP_409_CONFLICT, "this signed callback was already received")
    try:
        return {"result": await _handle(wired, callback)}
    except CustomersUnavailable as exc:
        await replays.forget(mac)  # not handled: the provider's retry must get through
        raise _refused(status.HTTP_503_SERVICE_UNAVAILABLE, "try again later") from exc


async def _handle(wired: Wired, callback: SmsCallback) -> str:
    if callback.type == "receipt":
        at = callback.at or await wired.clock.now()
        return await wired.inbound.receipt(callback.reference, callback.status, at, callback.status)
    return await wired.inbound.reply(callback.reference, callback.sender, callback.text)


Channel = Literal["email", "sms"]
PAGE = """<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>退订 / Unsubscribe</title>
<body>{content}</body></html>"""
ASK = """<form method="post"><p>确认退订此渠道？Unsubscribe from this channel?</p>
<button type="submit">退订 / Unsubscribe</button></form>"""
DONE = "<p>您已退订此渠道。You have been unsubscribed from this channel.</p>"
LINK_ANSWERS: dict[int | str, dict[str, str]] = {
    403: {"description": "The link's token does not match (or is not a token at all)"},
    503: {"description": "Customers is unavailable: try again later"},
}


class LinkQuery(BaseModel):
    """The signed link's parameters."""

    customer: str = Field(max_length=64)
    contact: str = Field(max_length=64)
    channel: Channel
    token: str = Field(max_length=128)


def _checked(wired: Wired, link: LinkQuery) -> LinkQuery:
    shaped = _TOKEN.fullmatch(link.token) is not None  # ASCII hex only: nothing else compares
    if not shaped or not wired.links.valid(link.customer, link.contact, link.channel, link.token):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "invalid unsubscribe link")
    return link


@router.get("/unsubscribe", response_class=HTMLResponse, responses=LINK_ANSWERS)
async def unsubscribe_page(wired: Wired, link: Annotated[LinkQuery, Query()]) -> HTMLResponse:
    """The link in every e-mail: a page asking to confirm (a link scanner that fetches it
    changes nothing)."""
    _checked(wired, link)
    return HTMLResponse(PAGE.format(content=ASK))


@router.post("/unsubscribe", response_class=HTMLResponse, responses=LINK_ANSWERS)
async def unsubscribe(wired: Wired, link: Annotated[LinkQuery, Query()]) -> HTMLResponse:
    """The confirmation, or a mail client's RFC 8058 one-click POST: consent withdrawn."""
    _checked(wired, link)
    try:
        await wired.optouts.opt_out(link.customer, link.contact, link.channel, "unsubscribe_link")
    except CustomersUnavailable as exc:
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, "try again later") from exc
    return HTMLResponse(PAGE.format(content=DONE))
