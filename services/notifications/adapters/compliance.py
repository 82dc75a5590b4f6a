"""The gate and the sender profile as this deployment's settings configure them."""

from __future__ import annotations

from services.notifications.adapters.templates.variables import SenderProfile
from services.notifications.domain.gate import Gate
from services.notifications.domain.packs import configured_packs
from shared.infra.settings import Settings


def gate_for(settings: Settings) -> Gate:
    """Every rail, and the jurisdiction packs with the tenant's T2/T5 overrides."""
    return Gate(packs=configured_packs(
        quiet_weekends=settings.notifications_quiet_weekends,
        third_party_contact=settings.notifications_third_party_contact,
    ))  # fmt: skip


def sender_for(settings: Settings) -> SenderProfile:
    """Who messages say they are from (R6: a business name that does not reveal collection)."""
    return SenderProfile(
        business_name=settings.notifications_business_name,
        sender_person=settings.notifications_sender_person,
        callback_number=settings.notifications_callback_number,
    )
