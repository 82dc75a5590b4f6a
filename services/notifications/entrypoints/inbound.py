"""Public endpoints: the SMS provider's callbacks (HMAC-signed) and unsubscribe links.

No API key here: the SMS provider proves itself with ``X-Huikuan-Signature`` (HMAC-SHA256
over ``"<t>." + body`` with the shared secret, at most five minutes old); an unsubscribe
link carries its own HMAC token over customer, contact and channel.
"""

from __future__ import annotations

import time
from typing import Annotated, Literal

from fastapi import APIRouter, Header, HTTPException, Query, Request, status
from fastapi.responses import HTMLResponse
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from services.notifications.application.ports import CustomersUnavailable
from services.notifications.application.signatures import verify_signature_header
from services.notifications.entrypoints.deps import Wired

router = APIRouter(prefix="/notifications", tags=["notifications-public"])


class SmsCallback(BaseModel):
    """A delivery receipt or a reply, as the SMS provider posts it."""

    model_config = ConfigDict(extra="ignore")

    type: Literal["receipt", "reply"]
    reference: str = Field(max_length=300)
    status: str = Field(default="", max_length=64)
    at: AwareDatetime | None = None
    sender: str = Field(default="", alias="from", max_length=40, repr=False)
    text: str = Field(default="", max_length=1600, repr=False)


@router.post("/inbound/sms", status_code=status.HTTP_202_ACCEPTED)
async def sms_callback(
    request: Request, wired: Wired, x_huikuan_signature: Annotated[str, Header()] = ""
) -> dict[str, str]:
    """Receipts become ``NotificationDelivered``; a STOP / 退订 reply opts the contact out."""
    body = await request.body()
    secret = wired.sms_inbound_secret
    if not verify_signature_header(secret, x_huikuan_signature, body, time.time()):
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "bad or stale signature")
    callback = SmsCallback.model_validate_json(body)
    inbound = wired.inbound
    try:
        if callback.type == "receipt":
            at = callback.at or await wired.clock.now()
            handled = await inbound.receipt(
                callback.reference, callback.status, at, callback.status
            )
        else:
            handled = await inbound.reply(callback.reference, callback.sender, callback.text)
    except CustomersUnavailable as exc:
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, "try again later") from exc
    return {"result": handled}


Channel = Literal["email", "sms"]
PAGE = """<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>退订 / Unsubscribe</title>
<body>{content}</body></html>"""
ASK = """<form method="post"><p>确认退订此渠道？Unsubscribe from this channel?</p>
<button type="submit">退订 / Unsubscribe</button></form>"""
DONE = "<p>您已退订此渠道。You have been unsubscribed from this channel.</p>"


class LinkQuery(BaseModel):
    """The signed link's parameters."""

    customer: str = Field(max_length=64)
    contact: str = Field(max_length=64)
    channel: Channel
    token: str = Field(max_length=128)


def _checked(wired: Wired, link: LinkQuery) -> LinkQuery:
    if not wired.links.valid(link.customer, link.contact, link.channel, link.token):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "invalid unsubscribe link")
    return link


@router.get("/unsubscribe", response_class=HTMLResponse)
async def unsubscribe_page(wired: Wired, link: Annotated[LinkQuery, Query()]) -> HTMLResponse:
    """The link in every e-mail: a page asking to confirm (a link scanner that fetches it
    changes nothing)."""
    _checked(wired, link)
    return HTMLResponse(PAGE.format(content=ASK))


@router.post("/unsubscribe", response_class=HTMLResponse)
async def unsubscribe(wired: Wired, link: Annotated[LinkQuery, Query()]) -> HTMLResponse:
    """The confirmation, or a mail client's RFC 8058 one-click POST: consent withdrawn."""
    _checked(wired, link)
    try:
        await wired.optouts.opt_out(link.customer, link.contact, link.channel, "unsubscribe_link")
    except CustomersUnavailable as exc:
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, "try again later") from exc
    return HTMLResponse(PAGE.format(content=DONE))
