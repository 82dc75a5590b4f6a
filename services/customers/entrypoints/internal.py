"""Internal API for the other services: the only way contact details leave customers.

Notifications calls it at the moment of sending, with the services' ``internal`` key: no
other role (not even ``admin``) reads contact details here. Each read is in the
customer's access log.
"""

from __future__ import annotations

from fastapi import APIRouter

from services.customers.application.service import Reader
from services.customers.application.views import ContactBook
from services.customers.domain.values import CustomerId
from services.customers.entrypoints.deps import Wired
from shared.web.auth import Internal

router = APIRouter(prefix="/internal/customers", tags=["internal"])


# What is not on file is left out (not null): an erased customer's contacts come without
# name, e-mail or phone, so notifications finds no address to send to.
@router.get("/{customer_id}/contacts", response_model_exclude_none=True)
async def get_contacts(customer_id: CustomerId, who: Internal, wired: Wired) -> ContactBook:
    """Jurisdiction and every contact with name, addresses, language, zone, role, consent,
    cease-contact flag (R4), shared channels (R6), inconvenient slots and channels (R9).
    An erased customer's contacts have no name, e-mail or phone."""
    reader = Reader(who.name, who.role, "GET /internal/customers/{id}/contacts", "notification")
    return await wired.customers.contact_book(customer_id, reader)
