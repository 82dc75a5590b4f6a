"""Policy rules T2–T5 (COMPLIANCE.md), with each jurisdiction pack's defaults.

T2 public holidays and weekends in the recipient's country and zone (``calendars``: China's
published schedule with its make-up working days, other countries' statutory holidays); T3
rolling frequency caps; T4 minimum spacing between dunning messages; T5 third-party location
contact (off by default).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from services.notifications.domain.calendars import Day, DayKind, working_day
from services.notifications.domain.catalogue import DUNNING_KINDS, kind_of
from services.notifications.domain.history import SentRecord
from services.notifications.domain.packs import Pack
from services.notifications.domain.rule_types import GateInput, RuleResult

MAX_DAYS_OFF = 40
CAP_EXEMPT = frozenset({"opt_out_confirmation"})


def _day(day: date, pack: Pack) -> Day:
    return working_day(pack.country, day, pack.calendar_fallback)


def _off(day: Day, pack: Pack) -> bool:
    """A public holiday, or (when configured) a weekend. A make-up working day (China's 调休)
    is a working day, weekend or not."""
    if day.kind is DayKind.HOLIDAY:
        return pack.quiet_holidays
    return day.kind is DayKind.WEEKEND and pack.quiet_weekends


def check_public_holidays_and_weekends(given: GateInput) -> RuleResult:
    """T2: no reminders on the recipient's public holidays (or weekends, when configured).

    A year whose official calendar is not published is judged by the pack's fallback rule,
    and the reason says so (``…+unpublished_calendar``): never a silent guess.
    """
    if given.kind in CAP_EXEMPT:
        return RuleResult("T2", "allow", "exempt")
    pack, zones = given.policy, [ZoneInfo(zone) for zone in given.zones]
    moment, reason, provisional = given.now, "", False
    for _ in range(MAX_DAYS_OFF):
        days = [(zone, _day(moment.astimezone(zone).date(), pack)) for zone in zones]
        provisional = provisional or any(day.warning for _, day in days)
        off = [(zone, day) for zone, day in days if _off(day, pack)]
        if not off:
            break
        reason = reason or ("public_holiday" if off[0][1].kind is DayKind.HOLIDAY else "weekend")
        moment = max(_next_midnight(moment, zone) for zone, _ in off)
    note = ""
    if provisional:  # a fallback, said so: China's unpublished year, or no calendar at all
        note = "+unpublished_calendar" if pack.country else "+no_holiday_calendar"
    if moment == given.now:
        return RuleResult("T2", "allow", "working_day" + note)
    return RuleResult("T2", "defer", reason + note, until=moment)


def _next_midnight(moment: datetime, zone: ZoneInfo) -> datetime:
    local = moment.astimezone(zone)
    start = datetime.combine(local.date() + timedelta(days=1), time(0), tzinfo=zone)
    return start.astimezone(UTC)


def check_frequency_cap(given: GateInput) -> RuleResult:
    """T3: at most the pack's number of messages in its rolling window; the next one waits
    until the oldest counted message leaves the window. Where the pack says so (``us``), no
    dunning message for seven days after a conversation with the debtor."""
    if given.kind in CAP_EXEMPT or given.channel == "log":
        return RuleResult("T3", "allow", "exempt")
    rest = given.policy.rest_after_conversation
    spoken = given.history.last_conversation(given.now)
    if rest and spoken and given.kind in DUNNING_KINDS and given.now < spoken + rest:
        return RuleResult("T3", "defer", "after_conversation", until=spoken + rest)
    cap = given.policy.cap
    counted = [
        r for r in given.history.before(given.now, given.request_id)
        if r.at > given.now - cap.window and _counts(r, given, cap.per_contact_method)
    ]  # fmt: skip
    attempts = _attempt_times(counted, per_request=not cap.per_contact_method)
    if len(attempts) < cap.limit:
        return RuleResult("T3", "allow", f"{len(attempts)}_of_{cap.limit}")
    return RuleResult("T3", "defer", "frequency_cap", until=attempts[-cap.limit] + cap.window)


def _counts(record: SentRecord, given: GateInput, per_contact_method: bool) -> bool:
    if kind_of(record.template) in CAP_EXEMPT:
        return False
    if not per_contact_method:
        return True
    return (record.channel, record.contact_id) == (given.channel, given.recipient.contact_id)


def _attempt_times(records: list[SentRecord], *, per_request: bool) -> list[datetime]:
    """Per debtor, one request sent on two channels is one attempt (at its first send)."""
    if not per_request:
        return sorted(r.at for r in records)
    first: dict[str, datetime] = {}
    for r in records:
        first[r.request_id] = min(first.get(r.request_id, r.at), r.at)
    return sorted(first.values())


def check_minimum_spacing(given: GateInput) -> RuleResult:
    """T4: two dunning messages to one debtor at least the pack's spacing apart."""
    if given.kind not in DUNNING_KINDS or given.channel == "log":
        return RuleResult("T4", "allow", "exempt")
    dunning = [r.at for r in given.history.before(given.now, given.request_id)
               if kind_of(r.template) in DUNNING_KINDS]  # fmt: skip
    if not dunning:
        return RuleResult("T4", "allow", "first_dunning")
    ready = max(dunning) + given.policy.spacing
    if given.now >= ready:
        return RuleResult("T4", "allow", "spaced")
    return RuleResult("T4", "defer", "min_spacing", until=ready)


def check_third_party_location_contact(given: GateInput) -> RuleResult:
    """T5: a location inquiry to a third party only when the tenant turned it on, once."""
    if given.kind != "location_inquiry":
        return RuleResult("T5", "allow", "not_location_inquiry")
    if not given.policy.third_party_contact:
        return RuleResult("T5", "suppress", "third_party_contact_off")
    if given.history.has(given.template, given.recipient.contact_id):
        return RuleResult("T5", "suppress", "already_asked")
    return RuleResult("T5", "allow", "location_inquiry")
