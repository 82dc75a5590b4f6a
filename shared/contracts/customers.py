"""Customers family: registration, consent and credit rating. Ids and codes only, no PII."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from shared.contracts.envelope import Event, event

Jurisdiction = Literal["cn", "us", "eu", "uk"]
Channel = Literal["email", "sms", "letter", "webhook", "log"]
ContactRole = Literal["debtor_staff", "guarantor", "lawyer", "third_party"]
Language = Literal["zh-CN", "en"]


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


@event("customers")
class CustomerRegistered(Event):
    """A debtor (business customer) is known to Huikuan. Contact details stay in customers."""

    type: Literal["CustomerRegistered"] = "CustomerRegistered"
    customer_id: str = Field(min_length=1, max_length=64)
    jurisdiction: Jurisdiction
    currency: str = Field(min_length=3, max_length=3)
    segment: str = Field(default="standard", max_length=32)
    contact_ids: tuple[str, ...] = ()
    contacts: tuple[RegisteredContact, ...] = ()
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
class CreditRated(Event):
    """A periodic or manual credit rating of a customer."""

    type: Literal["CreditRated"] = "CreditRated"
    customer_id: str
    rating: Literal["A", "B", "C", "D", "E"]
    score: int = Field(ge=0, le=1000)
    rule: str = Field(max_length=64)
