"""The customers API: register, look up, record consent, cease-contact requests and contact
preferences. A registration answers 201 when it registered something, 200 when the very
same registration had already been made; the other writes answer 200 and the state after."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Response, status
from pydantic import BaseModel, ConfigDict, Field

from services.customers.application.service import Reader as CustomerReader
from services.customers.application.views import (
    AccessLogView,
    ConsentView,
    ContactPreferencesView,
    CustomerProfile,
    RegistrationView,
)
from services.customers.domain.commands import (
    ChangeConsent,
    NewContact,
    RecordCeaseRequest,
    RegisterCustomer,
    SetContactPreferences,
    WithdrawCeaseRequest,
)
from services.customers.domain.preferences import ContactPreferences, SourceCode
from services.customers.domain.values import (
    ConsentChannel,
    ConsentSource,
    ContactId,
    Currency,
    CustomerId,
    Jurisdiction,
    LegalName,
    Segment,
)
from services.customers.entrypoints.deps import Wired
from shared.web.auth import Auditor, ConsentRecorder, Integration, Reader, Recorder

router = APIRouter(prefix="/customers", tags=["customers"])


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
    source: Annotated[ConsentSource, Field(examples=["sms_stop", "customer_letter"])]


class CeaseRequestBody(BaseModel):
    """R4: a written cease-contact request, the day it arrived and how it came."""

    model_config = ConfigDict(extra="forbid")

    received_on: date
    source: SourceCode


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    responses={200: {"description": "Already registered so"}},
)
async def register_customer(
    body: RegistrationBody, response: Response, who: Integration, wired: Wired
) -> RegistrationView:
    registered = await wired.customers.register(body.command(), requested_by=who.name)
    response.status_code = status.HTTP_201_CREATED if registered.created else status.HTTP_200_OK
    return registered.view


Purpose = Annotated[
    ConsentSource | None,
    Query(description="why the personal data is read (kept in the access log); "
          "default: the role's purpose (collection, administration)"),
]  # fmt: skip


@router.get("/{customer_id}")
async def get_customer(
    customer_id: CustomerId, who: Reader, wired: Wired, purpose: Purpose = None
) -> CustomerProfile:
    """Collectors and admins see contacts' names, e-mail addresses and phone numbers in
    full, and each such read is logged (who, when, which customer, why); auditors see them
    masked. ``contact_details`` says which."""
    reader = CustomerReader(who.name, who.role, "GET /customers/{id}", purpose)
    return await wired.customers.profile(customer_id, reader)


@router.get("/{customer_id}/access-log")
async def get_access_log(
    customer_id: CustomerId,
    _: Auditor,
    wired: Wired,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> AccessLogView:
    """Every read of the customer's personal data in full, newest first: who, when, why."""
    reads = await wired.customers.access_reads(customer_id, limit)
    return AccessLogView(customer_id=customer_id, reads=tuple(reads))


@router.post("/{customer_id}/contacts/{contact_id}/consent")
async def change_consent(
    customer_id: CustomerId,
    contact_id: ContactId,
    body: ConsentBody,
    who: ConsentRecorder,
    wired: Wired,
) -> ConsentView:
    cmd = ChangeConsent(customer_id=customer_id, contact_id=contact_id, **body.model_dump())
    return await wired.customers.change_consent(cmd, requested_by=who.name)


@router.put("/{customer_id}/contacts/{contact_id}/preferences")
async def set_preferences(
    customer_id: CustomerId,
    contact_id: ContactId,
    body: ContactPreferences,
    who: Recorder,
    wired: Wired,
) -> ContactPreferencesView:
    """State in full the contact's shared channels (R6), inconvenient slots and channels (R9)."""
    cmd = SetContactPreferences(customer_id=customer_id, contact_id=contact_id, preferences=body)
    return await wired.customers.set_preferences(cmd, requested_by=who.name)


@router.post("/{customer_id}/contacts/{contact_id}/cease-contact")
async def record_cease_request(
    customer_id: CustomerId,
    contact_id: ContactId,
    body: CeaseRequestBody,
    who: Recorder,
    wired: Wired,
) -> ContactPreferencesView:
    """R4: from now on only notices that collection ends or of a named remedy reach the debtor."""
    cmd = RecordCeaseRequest(customer_id=customer_id, contact_id=contact_id, **dict(body))
    return await wired.customers.record_cease_request(cmd, requested_by=who.name)


@router.delete("/{customer_id}/contacts/{contact_id}/cease-contact")
async def withdraw_cease_request(
    customer_id: CustomerId,
    contact_id: ContactId,
    received_on: Annotated[date, Query(description="the day the withdrawal arrived")],
    source: Annotated[SourceCode, Query(description="how it came, e.g. letter")],
    who: Recorder,
    wired: Wired,
) -> ContactPreferencesView:
    """The contact withdrew its cease-contact request (in writing, like the request)."""
    cmd = WithdrawCeaseRequest(
        customer_id=customer_id, contact_id=contact_id, received_on=received_on, source=source
    )
    return await wired.customers.withdraw_cease_request(cmd, requested_by=who.name)
