"""Jurisdiction packs: the policy rules' defaults (COMPLIANCE.md T1–T5), one per country.

A debtor's pack is chosen by its jurisdiction (``cn``, ``us`` …). Rails (R1–R9) are not
here: they cannot be configured away.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import timedelta

from services.notifications.domain.calendars import Fallback
from services.notifications.domain.quiet_hours import QuietHours


@dataclass(frozen=True)
class FrequencyCap:
    """T3: at most ``limit`` messages in any rolling ``window``.

    ``per_contact_method``: counted per (contact, channel) rather than per debtor.
    """

    limit: int
    window: timedelta
    per_contact_method: bool = False


@dataclass(frozen=True)
class Pack:
    """One jurisdiction's policy defaults."""

    code: str
    country: str  # ISO 3166 code for the ``holidays`` package
    hours: QuietHours  # T1: allowed local hours
    zones: tuple[str, ...]  # T1: candidate zones when the recipient's is unknown
    cap: FrequencyCap  # T3
    spacing: timedelta = timedelta(days=2)  # T4: between two dunning messages
    quiet_weekends: bool = True  # T2
    quiet_holidays: bool = True  # T2
    calendar_fallback: Fallback = Fallback.STATUTORY  # T2: for a year not yet published
    third_party_contact: bool = False  # T5: off unless a tenant turns it on
    time_barred_disclosure: bool = False  # R5: say so when a debt is past its limitation
    rest_after_conversation: timedelta | None = None  # T3: no dunning this long after one


DEFAULT = "default"
US_ZONES = ("America/New_York", "America/Chicago", "America/Denver", "America/Phoenix",
            "America/Los_Angeles", "America/Anchorage", "Pacific/Honolulu")  # fmt: skip

PACKS: Mapping[str, Pack] = {
    # 银行业协会 个人消费类贷款催收工作指引: no contact 22:00–08:00; ≤ 6 per method per day.
    "cn": Pack("cn", "CN", QuietHours.between(8, 22), ("Asia/Shanghai",),
               FrequencyCap(6, timedelta(days=1), per_contact_method=True)),
    # 12 CFR 1006.6(b)(1)(i) 08:00–21:00; 1006.14(b): ≤ 7 attempts in 7 days.
    "us": Pack("us", "US", QuietHours.between(8, 21), US_ZONES,
               FrequencyCap(7, timedelta(days=7)), time_barred_disclosure=True,
               rest_after_conversation=timedelta(days=7)),  # 1006.14(b)(2)(ii)
    "uk": Pack("uk", "GB", QuietHours.between(8, 21), ("Europe/London",),
               FrequencyCap(7, timedelta(days=7))),
    "eu": Pack("eu", "DE", QuietHours.between(8, 21),
               ("Europe/Lisbon", "Europe/Paris", "Europe/Helsinki"),
               FrequencyCap(7, timedelta(days=7))),
    # No pack for the debtor's jurisdiction: the strictest common defaults, said so in the
    # evidence (``pack default``), never another country's pack. No public-holiday data:
    # weekends only, with a warning; the recipient's own time zone, else UTC.
    DEFAULT: Pack(DEFAULT, "", QuietHours.between(9, 20), ("UTC",),
                  FrequencyCap(6, timedelta(days=7)), spacing=timedelta(days=3),
                  calendar_fallback=Fallback.WEEKENDS_ONLY),
}  # fmt: skip
DEFAULT_PACK = PACKS[DEFAULT]


def pack_for(jurisdiction: str, packs: Mapping[str, Pack] = PACKS) -> Pack:
    """The pack of ``jurisdiction``, or the explicit ``default`` pack when none is defined
    (never another country's: a Mexican debtor does not get China's holidays)."""
    return packs.get(jurisdiction) or packs.get(DEFAULT, DEFAULT_PACK)


def configured_packs(
    *, quiet_weekends: bool | None = None, third_party_contact: bool | None = None
) -> dict[str, Pack]:
    """Every pack with the tenant-wide overrides applied (``None`` keeps a pack's default)."""
    changes: dict[str, bool] = {}
    if quiet_weekends is not None:
        changes["quiet_weekends"] = quiet_weekends
    if third_party_contact is not None:
        changes["third_party_contact"] = third_party_contact
    return {code: replace(pack, **changes) for code, pack in PACKS.items()}  # type: ignore[arg-type]
