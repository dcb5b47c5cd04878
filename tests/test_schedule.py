from datetime import UTC, datetime, timedelta

import pytest

from articles.checking.schedule import failure_delay, recheck_delay
from newsdiffs.env import parse_duration, parse_schedule

TIERS = parse_schedule("3h:15m,24h:1h,7d:3h,30d:1d")


@pytest.mark.parametrize(
    ("age", "delay"),
    [
        (timedelta(0), timedelta(minutes=15)),
        (timedelta(hours=2, minutes=59), timedelta(minutes=15)),
        (timedelta(hours=3), timedelta(hours=1)),
        (timedelta(hours=23), timedelta(hours=1)),
        (timedelta(days=1), timedelta(hours=3)),
        (timedelta(days=6), timedelta(hours=3)),
        (timedelta(days=7), timedelta(days=1)),
        (timedelta(days=29), timedelta(days=1)),
        (timedelta(days=35), timedelta(days=1)),
    ],
)
def test_recheck_delay_grows_with_the_age_of_the_last_change(age, delay):
    assert recheck_delay(age, TIERS) == delay


def test_failure_delay_doubles_up_to_its_ceiling():
    base, ceiling = timedelta(minutes=15), timedelta(hours=24)
    delays = [failure_delay(n, base, ceiling) for n in range(1, 10)]
    assert delays[:4] == [timedelta(minutes=m) for m in (15, 30, 60, 120)]
    assert delays[-1] == ceiling


def test_failure_delay_survives_huge_failure_counts():
    assert failure_delay(10_000, timedelta(minutes=15), timedelta(hours=24)) == timedelta(hours=24)


def test_durations_parse_with_units():
    assert parse_duration("90s") == 90
    assert parse_duration("1.5h") == 5400


@pytest.mark.parametrize("text", ["3h", "3h:", "3h:15x", "24h:1h,3h:15m", ""])
def test_malformed_schedules_are_refused(text):
    with pytest.raises(ValueError):
        parse_schedule(text)


def test_a_datetime_plus_the_delay_is_the_next_check():
    now = datetime(2026, 1, 1, tzinfo=UTC)
    assert now + recheck_delay(timedelta(hours=5), TIERS) == datetime(2026, 1, 1, 1, tzinfo=UTC)


def test_failure_delay_of_a_day_long_base_reaches_its_ceiling_without_overflow():
    # 2**30 days is past the largest timedelta: the doubling must stop at the ceiling.
    base, ceiling = timedelta(days=1), timedelta(days=3)
    assert [failure_delay(n, base, ceiling) for n in (1, 2, 3)] == [
        timedelta(days=1),
        timedelta(days=2),
        timedelta(days=3),
    ]
    assert failure_delay(31, base, ceiling) == ceiling
    assert failure_delay(2**31, base, ceiling) == ceiling


def test_failure_delay_never_exceeds_a_ceiling_below_its_base():
    assert failure_delay(1, timedelta(hours=2), timedelta(hours=1)) == timedelta(hours=1)
    assert failure_delay(5, timedelta(hours=2), timedelta(hours=1)) == timedelta(hours=1)
