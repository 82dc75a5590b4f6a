"""Customers family: registration, consent and credit rating. Ids and codes only, no PII."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from shared.contracts.envelope import Event, event

Jurisdiction = Literal["cn", "us", "eu", "uk"]
Channel = Literal["email", "sms", "letter", "webhook", "log"]


@event("customers")
class CustomerRegistered(Event):
    """A debtor (business customer) is known to Huikuan. Contact details stay in customers."""

    type: Literal["CustomerRegistered"] = "CustomerRegistered"
    customer_id: str = Field(min_length=1, max_length=64)
    jurisdiction: Jurisdiction
    currency: str = Field(min_length=3, max_length=3)
    segment: str = Field(default="standard", max_length=32)
    contact_ids: tuple[str, ...] = ()


@event("customers")
class ContactConsentChanged(Event):
    """A contact gave or withdrew consent for one channel (e.g. opt-out by STOP)."""

    type: Literal["ContactConsentChanged"] = "ContactConsentChanged"
    customer_id: str
    contact_id: str
    channel: Channel
    consent: bool
    source: str = Field(max_length=64)


@event("customers")
class CreditRated(Event):
    """A periodic or manual credit rating of a customer."""

    type: Literal["CreditRated"] = "CreditRated"
    customer_id: str
    rating: Literal["A", "B", "C", "D", "E"]
    score: int = Field(ge=0, le=1000)
    rule: str = Field(max_length=64)
