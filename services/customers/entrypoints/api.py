"""The customers API: register, look up, record consent. A write answers 201 when it
registered something, 200 when the very same registration had already been made."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response, status
from pydantic import BaseModel, ConfigDict, Field

from services.customers.application.service import Customers
from services.customers.application.views import ConsentView, CustomerProfile, RegistrationView
from services.customers.domain.commands import ChangeConsent, NewContact, RegisterCustomer
from services.customers.domain.values import (
    ConsentChannel,
    ContactId,
    Currency,
    CustomerId,
    Jurisdiction,
    LegalName,
    Segment,
)
from shared.auth import Principal, Role, require_roles

router = APIRouter(prefix="/customers", tags=["customers"])

Registrar = Annotated[Principal, Depends(require_roles(Role.INTEGRATION))]
ConsentRecorder = Annotated[Principal, Depends(require_roles(Role.INTEGRATION, Role.COLLECTOR))]
Reader = Annotated[Principal, Depends(require_roles(Role.COLLECTOR, Role.AUDITOR))]


def customers(request: Request) -> Customers:
    service: Customers = request.app.state.customers
    return service


Service = Annotated[Customers, Depends(customers)]


class RegistrationBody(BaseModel):
    """A customer with its one contact (more contacts come with later commands)."""

    model_config = ConfigDict(extra="forbid")

    customer_id: CustomerId
    legal_name: LegalName = Field(repr=False)
    jurisdiction: Jurisdiction
    currency: Currency
    segment: Segment = "standard"
    contact: NewContact

    def command(self) -> RegisterCustomer:
        fields = self.model_dump(exclude={"contact"})
        return RegisterCustomer(**fields, contacts=(self.contact,))


class ConsentBody(BaseModel):
    """Consent given (true) or withdrawn (false) on a channel, and where that came from."""

    model_config = ConfigDict(extra="forbid")

    channel: ConsentChannel
    consent: bool
    source: str = Field(min_length=1, max_length=64, examples=["sms_stop", "customer_letter"])


@router.post("", status_code=status.HTTP_201_CREATED)
async def register_customer(
    body: RegistrationBody, response: Response, who: Registrar, service: Service
) -> RegistrationView:
    registered = await service.register(body.command(), requested_by=who.name)
    response.status_code = status.HTTP_201_CREATED if registered.created else status.HTTP_200_OK
    return registered.view


@router.get("/{customer_id}")
async def get_customer(customer_id: CustomerId, _: Reader, service: Service) -> CustomerProfile:
    return await service.profile(customer_id)


@router.post("/{customer_id}/contacts/{contact_id}/consent")
async def change_consent(
    customer_id: CustomerId,
    contact_id: ContactId,
    body: ConsentBody,
    who: ConsentRecorder,
    service: Service,
) -> ConsentView:
    cmd = ChangeConsent(customer_id=customer_id, contact_id=contact_id, **body.model_dump())
    return await service.change_consent(cmd, requested_by=who.name)
