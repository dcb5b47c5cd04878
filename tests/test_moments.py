"""Moments typed by people: dates and ISO 8601 times, made aware."""

from datetime import UTC, datetime, timedelta, timezone

import pytest

from articles.moments import parse_moment


def test_a_date_is_its_midnight_in_utc():
    assert parse_moment("2026-03-09") == datetime(2026, 3, 9, tzinfo=UTC)


def test_a_time_without_a_zone_is_utc_and_one_with_a_zone_keeps_it():
    assert parse_moment("2026-03-09T12:30:00") == datetime(2026, 3, 9, 12, 30, tzinfo=UTC)
    eastern = timezone(timedelta(hours=-5))
    assert parse_moment("2026-03-09T12:30:00-05:00") == datetime(2026, 3, 9, 12, 30, tzinfo=eastern)


@pytest.mark.parametrize("raw", ["", "yesterday", "2026-02-30", "2026-13-01T00:00", "9" * 40])
def test_anything_else_is_none(raw):
    assert parse_moment(raw) is None
