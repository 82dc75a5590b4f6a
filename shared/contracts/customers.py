"""Customers family: registration, consent, contact preferences, legal hold, erasure and
credit rating.

Ids, codes, dates and times of day only, no PII.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from shared.contracts.envelope import Event, event
from shared.contracts.money import Money, PositiveMoney

Jurisdiction = Literal["cn", "us", "eu", "uk"]
Channel = Literal["email", "sms", "letter", "webhook", "log"]
ContactRole = Literal["debtor_staff", "guarantor", "lawyer", "third_party"]
Language = Literal["zh-CN", "en"]
Weekday = Literal[0, 1, 2, 3, 4, 5, 6]
HOUR_MINUTE = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"
SOURCE_CODE = r"^[a-z][a-z0-9_]{0,31}$"


class RegisteredContact(BaseModel):
    """A contact's codes as registered: who they are and how to reach them stay in customers."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    contact_id: str = Field(min_length=1, max_length=64)
    role: ContactRole
    language: Language
    timezone: str = Field(min_length=1, max_length=64, description="IANA time zone")
    consented_channels: tuple[Channel, ...] = Field(
        default=(), description="channels the contact agreed to be reached on"
    )
    represented_by_lawyer: bool = False


BusinessRole = Literal[
    "accounts_payable", "finance_manager", "cashier", "purchasing", "receiving",
    "general_manager", "legal_representative", "owner",
]  # fmt: skip


class ContactCodes(RegisteredContact):
    """A contact's codes with the business roles they hold and the ERP's id for them."""

    business_roles: tuple[BusinessRole, ...] = ()
    ref: str | None = Field(default=None, max_length=64, description="the ERP's contact id")


@event("customers")
class CustomerRegistered(Event):
    """A debtor (business customer) is known to Huikuan. Contact details stay in customers."""

    type: Literal["CustomerRegistered"] = "CustomerRegistered"
    customer_id: str = Field(min_length=1, max_length=64)
    jurisdiction: Jurisdiction
    currency: str = Field(min_length=3, max_length=3)
    segment: str = Field(default="standard", max_length=32)
    contact_ids: tuple[str, ...] = ()
    contacts: tuple[ContactCodes, ...] = ()
    requested_by: str | None = Field(default=None, max_length=64, description="API key name")


@event("customers")
class ContactConsentChanged(Event):
    """A contact gave or withdrew consent for one channel (e.g. opt-out by STOP)."""

    type: Literal["ContactConsentChanged"] = "ContactConsentChanged"
    customer_id: str
    contact_id: str
    channel: Channel
    consent: bool
    source: str = Field(max_length=64)
    requested_by: str | None = Field(default=None, max_length=64, description="API key name")


@event("customers")
class ContactCeaseRequested(Event):
    """R4: a contact asked in writing that contact cease (received on ``received_on``)."""

    type: Literal["ContactCeaseRequested"] = "ContactCeaseRequested"
    customer_id: str
    contact_id: str
    received_on: date
    source: str = Field(pattern=SOURCE_CODE, description="how it came, e.g. letter")
    requested_by: str | None = Field(default=None, max_length=64, description="API key name")


@event("customers")
class ContactCeaseWithdrawn(Event):
    """The contact withdrew its cease-contact request (received on ``received_on``)."""

    type: Literal["ContactCeaseWithdrawn"] = "ContactCeaseWithdrawn"
    customer_id: str
    contact_id: str
    received_on: date
    source: str = Field(pattern=SOURCE_CODE, description="how it came, e.g. letter")
    requested_by: str | None = Field(default=None, max_length=64, description="API key name")


class InconvenientSlot(BaseModel):
    """R9: a time the contact named inconvenient, in the contact's own time zone.

    ``start`` inclusive, ``end`` exclusive (``end`` before ``start`` runs past midnight);
    ``weekdays`` 0 = Monday, the day the slot starts; no ``channels`` means every channel.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    start: str = Field(pattern=HOUR_MINUTE, description="HH:MM")
    end: str = Field(pattern=HOUR_MINUTE, description="HH:MM")
    weekdays: tuple[Weekday, ...] = (0, 1, 2, 3, 4, 5, 6)
    channels: tuple[Channel, ...] = ()


@event("customers")
class ContactPreferencesChanged(Event):
    """How a contact may be reached now: shared channels (R6), inconvenient times and
    channels (R9). Each event states all three in full."""

    type: Literal["ContactPreferencesChanged"] = "ContactPreferencesChanged"
    customer_id: str
    contact_id: str
    shared_channels: tuple[Channel, ...] = Field(
        default=(), description="channels others may see (limited content only)"
    )
    inconvenient: tuple[InconvenientSlot, ...] = ()
    inconvenient_channels: tuple[Channel, ...] = ()
    requested_by: str | None = Field(default=None, max_length=64, description="API key name")


class FactorContribution(BaseModel):
    """One scorecard factor's share of a rating: the measured ``value`` fell in ``band``,
    worth ``points`` (of 1000), times ``weight`` % gives ``contribution``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    factor: str = Field(max_length=64)
    value: str | None = Field(default=None, max_length=32, description="decimal string")
    band: str = Field(max_length=64)
    points: int = Field(ge=0, le=1000)
    weight: int = Field(ge=0, le=100)
    contribution: str = Field(max_length=32, description="decimal string, points × weight / 100")


@event("customers")
class CreditRated(Event):
    """A customer's credit grade (A best … E worst) and score: from the scorecard (each
    factor's contribution, the scorecard's version), or an admin's override (``rule``
    ``override``, with its reason and end)."""

    type: Literal["CreditRated"] = "CreditRated"
    customer_id: str
    rating: Literal["A", "B", "C", "D", "E"]
    score: int = Field(ge=0, le=1000)
    rule: str = Field(max_length=64)
    scorecard_version: str | None = Field(default=None, max_length=32)
    as_of: date | None = None
    contributions: tuple[FactorContribution, ...] = ()
    reason: str = Field(default="", max_length=64, description="what led to the rating")


LegalHoldReason = Literal[
    "litigation", "legal_claim", "regulatory_inquiry", "statutory_retention", "insolvency"
]
"""Why a customer's data must be kept (GDPR 17(3)(b), (e); PIPL art. 47)."""
ErasureBasis = Literal[
    "data_subject_request", "consent_withdrawn", "purpose_fulfilled", "retention_expired",
    "unlawful_processing",
]  # fmt: skip
"""On what ground personal data is erased (GDPR 17(1); PIPL art. 47)."""
# A case number or request ticket ("" when none): Latin letters, digits, CJK ideographs
# (Chinese case numbers) and a few separators; no spaces, no ``@`` or ``+``, so neither an
# e-mail address nor a phone number nor a full name in Latin script fits.
REFERENCE = r"^[A-Za-z0-9一-鿿()（）/.:#_-]{0,64}$"


@event("customers")
class LegalHoldPlaced(Event):
    """R8: the customer's data is under legal hold; erasure is refused until it is lifted.

    A hold placed again with another reason or reference replaces the standing one."""

    type: Literal["LegalHoldPlaced"] = "LegalHoldPlaced"
    customer_id: str
    reason: LegalHoldReason
    reference: str = Field(default="", pattern=REFERENCE, description="e.g. case number")
    requested_by: str | None = Field(default=None, max_length=64, description="API key name")


@event("customers")
class LegalHoldLifted(Event):
    """The legal hold (placed for ``reason``) no longer stands."""

    type: Literal["LegalHoldLifted"] = "LegalHoldLifted"
    customer_id: str
    reason: LegalHoldReason = Field(description="the reason of the hold that was lifted")
    requested_by: str | None = Field(default=None, max_length=64, description="API key name")


@event("customers")
class ErasureRefused(Event):
    """R8: erasure was asked while a legal hold stood; nothing was erased."""

    type: Literal["ErasureRefused"] = "ErasureRefused"
    customer_id: str
    basis: ErasureBasis
    reference: str = Field(default="", pattern=REFERENCE, description="request ticket")
    hold_reason: LegalHoldReason
    requested_by: str | None = Field(default=None, max_length=64, description="API key name")


@event("customers")
class PersonalDataErased(Event):
    """R8: the customer's personal data is erased by destroying its data key.

    Ids, codes and the events before it stay; names and addresses read ``[erased]``."""

    type: Literal["PersonalDataErased"] = "PersonalDataErased"
    customer_id: str
    basis: ErasureBasis
    reference: str = Field(default="", pattern=REFERENCE, description="request ticket")
    requested_by: str | None = Field(default=None, max_length=64, description="API key name")


# --- master data (company data, not personal data: it may travel) -------------------------


class CompanyMasterData(BaseModel):
    """What may travel of who the customer is as a company (基本信息表): its registration,
    group, the sales rep who owns it and the collector assigned to it. Its names and
    addresses stay in customers with the other personal data (a sole trader's name and
    address are a person's); ``changed`` in the event still names them when they change."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    registration_country: str = Field(min_length=2, max_length=2)
    registration_number: str = Field(min_length=1, max_length=64)
    registration_scheme: Literal["cn_uscc", "national"]
    group: str | None = Field(default=None, max_length=64, description="parent's customer id")
    owner: str | None = Field(default=None, max_length=64, description="sales rep (user name)")
    collector: str | None = Field(default=None, max_length=64, description="assigned collector")
    segment: str = Field(default="standard", max_length=32)
    relationship_since: date | None = None


@event("customers")
class CustomerMasterDataChanged(Event):
    """The customer's company data was set or changed; ``changed`` names the fields."""

    type: Literal["CustomerMasterDataChanged"] = "CustomerMasterDataChanged"
    customer_id: str
    master_data: CompanyMasterData
    changed: tuple[str, ...] = ()
    source: Literal["api", "csv", "ingest"] = "api"
    requested_by: str | None = Field(default=None, max_length=64, description="API key name")


@event("customers")
class ContactAdded(Event):
    """A contact was added to a registered customer (who they are stays in customers)."""

    type: Literal["ContactAdded"] = "ContactAdded"
    customer_id: str
    contact: ContactCodes
    source: Literal["api", "csv", "ingest"] = "api"
    requested_by: str | None = Field(default=None, max_length=64, description="API key name")


@event("customers")
class ContactChanged(Event):
    """A contact's details or codes changed; ``changed`` names the fields (``name``,
    ``email``, ``phone`` are named, never their values)."""

    type: Literal["ContactChanged"] = "ContactChanged"
    customer_id: str
    contact: ContactCodes
    changed: tuple[str, ...]
    source: Literal["api", "csv", "ingest"] = "api"
    requested_by: str | None = Field(default=None, max_length=64, description="API key name")


@event("customers")
class ContactRemoved(Event):
    """A contact no longer represents the customer; its details are no longer served."""

    type: Literal["ContactRemoved"] = "ContactRemoved"
    customer_id: str
    contact_id: str
    requested_by: str | None = Field(default=None, max_length=64, description="API key name")


# --- order credit checks ----------------------------------------------------------------


class CheckReason(BaseModel):
    """Why a credit check answered as it did (``effect``: hold, prepayment or a note)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str = Field(max_length=64)
    effect: Literal["hold", "prepayment", "note"]
    detail: str = Field(max_length=300)
    percent: int = Field(default=0, ge=0, le=100)


@event("customers")
class CreditCheckDecided(Event):
    """The answer to an ERP's order credit check: approve, approve with prepayment X %, or
    hold — with every reason, the grade and terms it used, and the exposure before it
    (open receivables plus orders accepted and not yet shipped)."""

    type: Literal["CreditCheckDecided"] = "CreditCheckDecided"
    customer_id: str
    order_id: str = Field(max_length=64)
    order_amount: PositiveMoney
    outcome: Literal["approve", "approve_with_prepayment", "hold"]
    prepayment_percent: int = Field(ge=0, le=100)
    prepayment: Money | None = None
    reasons: tuple[CheckReason, ...] = ()
    grade: Literal["A", "B", "C", "D", "E"] | None = None
    policy_version: str = Field(max_length=32)
    credit_limit: Money
    exposure: Money
    checked_on: date
    requested_by: str | None = Field(default=None, max_length=64, description="API key name")


# --- rewards for prompt payers -----------------------------------------------------------


@event("customers")
class RewardCreditGranted(Event):
    """A reward the customer earned becomes a credit note on its account in invoicing:
    reward points redeemed by an admin (``points_redeemed``, with the points spent), or a
    rebate (返利) on a period's purchases (``rebate``, with the period). Invoicing books it
    once per ``grant_id``."""

    type: Literal["RewardCreditGranted"] = "RewardCreditGranted"
    customer_id: str
    grant_id: str = Field(max_length=64, pattern=r"^[A-Za-z0-9_.:-]{1,64}$")
    kind: Literal["points_redeemed", "rebate"]
    credit: PositiveMoney
    granted_on: date
    points: int | None = Field(default=None, ge=1, description="points spent (redemptions)")
    period: str | None = Field(default=None, max_length=16, description="rebate period")
    programme_version: str = Field(max_length=32)
    granted_by: str | None = Field(default=None, max_length=64, description="API key name")


@event("customers")
class RewardPointsChanged(Event):
    """The customer's reward points changed: ``change`` points earned (``earned``: an invoice
    paid by its due date, ``reference`` its id) or spent (``redeemed``: negative,
    ``reference`` the grant's id), dated ``on``; ``balance`` is the balance after it.

    Invoicing keeps every change per account and shows on a statement the balance as of
    the statement's last day: the sum of the changes dated up to it, whatever order they
    arrived in. Once per ``reference``."""

    type: Literal["RewardPointsChanged"] = "RewardPointsChanged"
    customer_id: str
    kind: Literal["earned", "redeemed"]
    reference: str = Field(min_length=1, max_length=80)
    change: int
    on: date
    balance: int = Field(ge=0)
    programme_version: str = Field(max_length=32)
