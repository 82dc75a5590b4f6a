"""Master data, contacts and the customer list.

``PUT /customers/{id}/master-data`` sets the company data; contacts are added (201),
stated in full and removed under ``/customers/{id}/contacts``; every write names its
caller in the event and answers codes and company data only (no person's name, e-mail or
phone). ``GET /customers`` lists customers with filters, in id order, a page at a time.
``POST /admin/customers/import`` imports a CSV file (docs/credit-import.md).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response, status
from pydantic import BaseModel

from services.customers.application.directory import DirectoryFilter, Page
from services.customers.application.importing import ImportReport
from services.customers.application.master_data import ContactCodesView, MasterDataView
from services.customers.domain.commands import (
    AddContact,
    ChangeContact,
    ContactUpdate,
    NewContact,
    RemoveContact,
    SetMasterData,
)
from services.customers.domain.master import MasterData
from services.customers.domain.values import ContactId, Currency, CustomerId, Segment
from services.customers.entrypoints.deps import Wired
from shared.contracts.customers import Jurisdiction
from shared.web.auth import Admin, Integration, Reader, Recorder

router = APIRouter(tags=["customers"])
UserName = Annotated[str | None, Query(pattern=r"^[A-Za-z0-9_.@-]{1,64}$")]


@router.put("/customers/{customer_id}/master-data")
async def set_master_data(
    customer_id: CustomerId, body: MasterData, who: Recorder, wired: Wired
) -> MasterDataView:
    """State the company data in full; the event names the fields that changed."""
    cmd = SetMasterData(customer_id=customer_id, master_data=body)
    return await wired.master_data.set_master_data(cmd, requested_by=who.name)


_SAME_REF: dict[int | str, dict[str, Any]] = {
    200: {"description": "A contact with this ref was already there, the same"}
}


@router.post("/customers/{customer_id}/contacts", status_code=201, responses=_SAME_REF)
async def add_contact(
    customer_id: CustomerId, body: NewContact, response: Response, who: Recorder, wired: Wired
) -> ContactCodesView:
    """Add a contact (the next ``ct-N``); with a ``ref`` already on file, nothing changes."""
    cmd = AddContact(customer_id=customer_id, contact=body)
    view = await wired.master_data.add_contact(cmd, requested_by=who.name)
    response.status_code = status.HTTP_201_CREATED if view.changed else status.HTTP_200_OK
    return view


@router.put("/customers/{customer_id}/contacts/{contact_id}")
async def change_contact(
    customer_id: CustomerId, contact_id: ContactId, body: ContactUpdate, who: Recorder,
    wired: Wired,
) -> ContactCodesView:  # fmt: skip
    """State a contact in full but for its consent (its own route records that)."""
    cmd = ChangeContact(customer_id=customer_id, contact_id=contact_id, contact=body)
    return await wired.master_data.change_contact(cmd, requested_by=who.name)


@router.delete("/customers/{customer_id}/contacts/{contact_id}")
async def remove_contact(
    customer_id: CustomerId, contact_id: ContactId, who: Recorder, wired: Wired
) -> ContactCodesView:
    """The person no longer represents the customer; its id is never given again."""
    cmd = RemoveContact(customer_id=customer_id, contact_id=contact_id)
    return await wired.master_data.remove_contact(cmd, requested_by=who.name)


@router.get("/customers")
async def list_customers(
    _: Reader,
    wired: Wired,
    jurisdiction: Jurisdiction | None = None,
    currency: Currency | None = None,
    segment: Annotated[Segment | None, Query()] = None,
    owner: UserName = None,
    collector: UserName = None,
    group: Annotated[CustomerId | None, Query(description="parent company's id")] = None,
    legal_hold: bool | None = None,
    erased: bool | None = None,
    after: Annotated[CustomerId | None, Query(description="the last id of the page before")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> Page:
    """Customers in id order (no personal data): filters combine; ``next_after`` asks for
    the next page and is null on the last."""
    where = DirectoryFilter(
        jurisdiction=jurisdiction, currency=currency, segment=segment, owner=owner,
        collector=collector, group=group, legal_hold=legal_hold, erased=erased,
    )  # fmt: skip
    return await wired.customers.directory_page(where, after, limit)


_CSV_BODY = {
    "requestBody": {
        "required": True,
        "content": {"text/csv": {"schema": {"type": "string"}}},
        "description": "the CSV file (docs/credit-import.md), UTF-8 with or without BOM",
    }
}


@router.post("/admin/customers/import", tags=["admin"], openapi_extra=_CSV_BODY)
async def import_customers(request: Request, who: Integration, wired: Wired) -> ImportReport:
    """Import customers and contacts from a CSV file: counts of new, changed and unchanged
    customers, every malformed row with its line, every customer a rule refused. Files
    above the service's body limit (``HUIKUAN_MAX_PAYLOAD_BYTES``) go through
    ``huikuan customers import``."""
    return await wired.csv_import.import_csv(await request.body(), requested_by=who.name)


class Rebuilt(BaseModel):
    customers: int


@router.post("/admin/customers/directory/rebuild", tags=["admin"])
async def rebuild_directory(_: Admin, wired: Wired) -> Rebuilt:
    """Drop the customer list and write it again from every customer's stream."""
    return Rebuilt(customers=await wired.customers.rebuild_directory())
