"""The gate and the sender profile as this deployment's settings configure them."""

from __future__ import annotations

import structlog

from services.notifications.adapters.templates.variables import (
    SenderProfile,
    check_sender_profile,
)
from services.notifications.domain.gate import Gate
from services.notifications.domain.packs import configured_packs
from shared.infra.settings import Settings

log = structlog.get_logger("notifications")


def gate_for(settings: Settings) -> Gate:
    """Every rail, and the jurisdiction packs with the tenant's T2/T5 overrides."""
    return Gate(packs=configured_packs(
        quiet_weekends=settings.notifications_quiet_weekends,
        third_party_contact=settings.notifications_third_party_contact,
    ))  # fmt: skip


def sender_for(settings: Settings) -> SenderProfile:
    """Who messages say they are from (R6: a business name that does not reveal collection)
    and the creditor they name; refuses a missing or unfit setting, naming it."""
    demo = SenderProfile()
    if settings.environment in ("staging", "production") and (
        settings.notifications_creditor_name == demo.creditor_name
    ):
        log.warning("creditor_settings_are_the_demo_defaults", environment=settings.environment,
                    settings="HUIKUAN_NOTIFICATIONS_CREDITOR_NAME/_ADDRESS/_CONTACT")  # fmt: skip
    return check_sender_profile(SenderProfile(
        business_name=settings.notifications_business_name,
        sender_person=settings.notifications_sender_person,
        callback_number=settings.notifications_callback_number,
        creditor_name=settings.notifications_creditor_name,
        creditor_address=settings.notifications_creditor_address,
        creditor_contact=settings.notifications_creditor_contact,
    ))  # fmt: skip
