"""Retry-After parsing and exponential back-off."""

import time
from datetime import UTC, datetime, timedelta

import pytest

from articles.fetching.retrying import backoff_seconds, retry_after_seconds, utcnow

NOW = datetime(2026, 3, 2, 12, 0, 0, tzinfo=UTC)


def test_retry_after_in_seconds():
    assert retry_after_seconds("120", NOW) == 120


def test_retry_after_as_an_http_date():
    assert retry_after_seconds("Mon, 02 Mar 2026 12:01:30 GMT", NOW) == 90


def test_retry_after_in_the_past_means_now():
    assert retry_after_seconds("Mon, 02 Mar 2026 11:00:00 GMT", NOW) == 0


@pytest.mark.parametrize("value", [None, "", "soon", "-5", "1.5e3"])
def test_unreadable_retry_after_is_none(value):
    assert retry_after_seconds(value, NOW) is None


def test_backoff_doubles_with_each_retry():
    assert [backoff_seconds(2.0, n) for n in (1, 2, 3)] == [2.0, 4.0, 8.0]


def test_no_backoff_when_the_base_is_zero():
    assert backoff_seconds(0, 3) == 0


def test_retry_after_in_seconds_may_be_padded_with_spaces():
    assert retry_after_seconds(" 7 ", NOW) == 7.0


def test_retry_after_as_a_date_with_another_offset_counts_from_utc():
    assert retry_after_seconds("Mon, 02 Mar 2026 14:01:30 +0200", NOW) == 90


def test_retry_after_as_a_date_without_a_zone_is_read_as_utc():
    # "-0000" parses to a naive datetime; HTTP dates are always GMT.
    assert retry_after_seconds("Mon, 02 Mar 2026 12:01:30 -0000", NOW) == 90


def test_utcnow_is_an_aware_utc_moment_of_the_present():
    before = time.time()
    now = utcnow()
    after = time.time()

    assert now.utcoffset() == timedelta(0)
    assert before <= now.timestamp() <= after
