"""Where Huikuan can collect: a jurisdiction is served when notifications has its compliance
pack (quiet hours, caps, calendar) and collections has its dunning policy.

A customer of any other jurisdiction is refused at registration, naming the served ones,
rather than being dunned silently under another country's rules and calendar.
"""

from __future__ import annotations

from services.customers.domain.errors import UnknownJurisdiction

SERVED_JURISDICTIONS: tuple[str, ...] = ("cn", "us", "eu", "uk")
"""Jurisdictions with both a compliance pack and a dunning policy (a test checks both)."""


def check_jurisdiction_is_served(jurisdiction: str) -> None:
    if jurisdiction not in SERVED_JURISDICTIONS:
        raise UnknownJurisdiction(
            f"jurisdiction {jurisdiction!r} is not served: customers can be registered in "
            f"{', '.join(SERVED_JURISDICTIONS)} only (the jurisdictions with both a compliance "
            "pack and a dunning policy)"
        )
