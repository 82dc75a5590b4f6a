from __future__ import annotations

import datetime as dt

import pytest

from services.invoicing.domain.due_watch import DueWatch


@pytest.mark.parametrize(
    ("grace", "zone", "expected_utc"),
    [
        (3, "Asia/Shanghai", dt.datetime(2026, 12, 3, 16, 0, tzinfo=dt.UTC)),
        (0, "Asia/Shanghai", dt.datetime(2026, 11, 30, 16, 0, tzinfo=dt.UTC)),
        (3, "Europe/Berlin", dt.datetime(2026, 12, 3, 23, 0, tzinfo=dt.UTC)),
        (3, "UTC", dt.datetime(2026, 12, 4, 0, 0, tzinfo=dt.UTC)),
    ],
)
def test_a_payment_is_missed_at_midnight_after_due_date_plus_grace_in_the_business_zone(
    grace: int, zone: str, expected_utc: dt.datetime
) -> None:
    assert DueWatch(grace, zone).missed_at(dt.date(2026, 11, 30)) == expected_utc


def test_midnight_follows_daylight_saving_time() -> None:
    # 2026-03-29 is the first day of CEST (UTC+2) in Berlin
    missed = DueWatch(0, "Europe/Berlin").missed_at(dt.date(2026, 3, 28))
    assert missed == dt.datetime(2026, 3, 28, 23, 0, tzinfo=dt.UTC)
    missed = DueWatch(0, "Europe/Berlin").missed_at(dt.date(2026, 3, 29))
    assert missed == dt.datetime(2026, 3, 29, 22, 0, tzinfo=dt.UTC)


def test_an_unknown_business_time_zone_fails_at_start_up() -> None:
    with pytest.raises(Exception, match="Mars"):
        DueWatch(3, "Mars/Olympus_Mons")
