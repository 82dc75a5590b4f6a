"""A statement's answer from the customer: confirmed (by its signed link, or a signed
copy staff record) or some lines disputed. The link routes need no API key: the token in
the link, signed for exactly that customer and statement, is the proof (403 otherwise)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from fastapi import APIRouter, HTTPException, Path, Query, Response, status
from pydantic import BaseModel, ConfigDict, Field

from services.invoicing.domain.account_commands import DisputeStatementLines
from services.invoicing.domain.commands import CustomerId
from services.invoicing.entrypoints.deps import Wired
from shared.web.auth import Reader, Recorder

router = APIRouter(prefix="/customers/{customer_id}/statements/{statement_id}", tags=["statements"])
Customer = Annotated[CustomerId, Path()]
StatementId = Annotated[str, Path(pattern=r"^[0-9a-f-]{36}$")]
Token = Annotated[str, Query(pattern=r"^[0-9a-f]{64}$")]
Expires = Annotated[dt.date, Query(description="the link's last valid day")]
ANSWERS: dict[int | str, dict[str, str]] = {
    200: {"description": "Already recorded"},
    403: {"description": "Not a valid link for this statement"},
    404: {"description": "No such statement"},
}


class Links(BaseModel):
    confirm: str = Field(description="the confirm page's absolute URL, as the customer got it")
    dispute: str = Field(description="the dispute page's absolute URL, as the customer got it")


class Dispute(BaseModel):
    model_config = ConfigDict(extra="forbid")

    invoice_ids: tuple[Annotated[str, Field(max_length=64)], ...] = Field(
        min_length=1, max_length=100
    )
    reason: Literal["quality", "quantity", "price", "delivery", "other"]


class Answer(BaseModel):
    recorded: bool


async def _checked(
    wired: Wired, customer_id: str, statement_id: str, token: str, expires: dt.date
) -> None:
    today = wired.invoicing.rules.today(await wired.clock.now())
    if not wired.links.valid(customer_id, statement_id, token, expires, today):
        raise HTTPException(
            status.HTTP_403_FORBIDDEN, "this link is not valid for the statement or has expired"
        )


def _answer(recorded: bool, response: Response) -> Answer:
    response.status_code = status.HTTP_201_CREATED if recorded else status.HTTP_200_OK
    return Answer(recorded=recorded)


@router.get("/links")
async def statement_links(
    customer_id: Customer, statement_id: StatementId, _: Reader, wired: Wired
) -> Links:
    """The signed links the customer got with its statement (absolute URLs of its pages;
    the same ``token`` and ``expires`` answer the JSON routes below)."""
    state, _version = await wired.invoicing.state(customer_id)
    issued = state.issued_statements.get(statement_id)
    if issued is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no statement {statement_id}")
    on = wired.invoicing.rules.today(issued.occurred_at)
    confirm, dispute = issued.confirm_url, issued.dispute_url
    if confirm is None or dispute is None:  # drawn up before its links travelled with it
        confirm, dispute = wired.links.for_statement(customer_id, statement_id, on)
    return Links(confirm=confirm, dispute=dispute)


@router.post("/confirmation", status_code=201, responses=ANSWERS)
async def confirm_by_link(
    customer_id: Customer, statement_id: StatementId, token: Token, expires: Expires,
    response: Response, wired: Wired,
) -> Answer:  # fmt: skip
    """The customer confirms the balance by the signed link (``StatementConfirmed``)."""
    await _checked(wired, customer_id, statement_id, token, expires)
    recorded = await wired.invoicing.confirm_statement(
        customer_id, statement_id, "customer", "link"
    )
    return _answer(recorded, response)


@router.post("/signed-copy", status_code=201, responses=ANSWERS)
async def confirm_by_signed_copy(
    customer_id: Customer, statement_id: StatementId, response: Response, who: Recorder,
    wired: Wired,
) -> Answer:  # fmt: skip
    """Staff record the customer's signed and stamped copy (双方盖章), naming who recorded it."""
    recorded = await wired.invoicing.confirm_statement(
        customer_id, statement_id, who.name, "signed_copy"
    )
    return _answer(recorded, response)


@router.post("/dispute", status_code=201, responses=ANSWERS)
async def dispute_by_link(
    customer_id: Customer, statement_id: StatementId, token: Token, expires: Expires,
    body: Dispute, response: Response, wired: Wired,
) -> Answer:  # fmt: skip
    """The customer disputes lines of the statement: each invoice is set aside by collections."""
    await _checked(wired, customer_id, statement_id, token, expires)
    cmd = DisputeStatementLines(statement_id=statement_id, invoice_ids=body.invoice_ids,
                                reason=body.reason, by="customer")  # fmt: skip
    return _answer(await wired.invoicing.dispute_statement(customer_id, cmd), response)
