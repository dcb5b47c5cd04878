"""Times and sizes in words: what readers see next to every version and change."""

from datetime import UTC, datetime, timedelta, timezone

import pytest

from articles.reader import humanize
from articles.reader.humanize import (
    ago,
    duration,
    exact,
    iso,
    later,
    over_days_ago,
    plain_line,
    size,
    span,
)

NOW = datetime(2026, 3, 9, 18, 0, tzinfo=UTC)
PARIS_SUMMER = timezone(timedelta(hours=2))


def test_exact_time_is_told_in_utc_with_the_day_unpadded():
    assert exact(datetime(2014, 6, 17, 10, 4, tzinfo=UTC)) == "17 June 2014 10:04 (UTC)"
    assert exact(datetime(2014, 6, 5, 9, 7, 59, tzinfo=UTC)) == "5 June 2014 09:07 (UTC)"


def test_exact_time_of_another_zone_is_converted_to_utc():
    just_after_midnight = datetime(2015, 1, 1, 1, 30, tzinfo=PARIS_SUMMER)

    assert exact(just_after_midnight) == "31 December 2014 23:30 (UTC)"


def test_times_are_told_in_utc_whatever_the_servers_own_zone(settings):
    settings.TIME_ZONE = "America/New_York"  # also the process's local zone (TZ)
    moment = datetime(2014, 6, 17, 10, 4, 5, tzinfo=UTC)

    assert exact(moment) == "17 June 2014 10:04 (UTC)"
    assert iso(moment) == "2014-06-17T10:04:05Z"


def test_iso_time_is_utc_to_the_second():
    assert iso(datetime(2014, 6, 17, 12, 4, 5, 999, tzinfo=PARIS_SUMMER)) == "2014-06-17T10:04:05Z"


@pytest.mark.parametrize(
    ("seconds", "words"),
    [
        (86400, "1 day"),
        (2 * 86400, "2 days"),
        (3600, "1 hour"),
        (3 * 3600, "3 hours"),
        (90 * 60, "90 minutes"),
        (25 * 3600, "25 hours"),
        (15 * 60, "15 minutes"),
        (60, "1 minute"),
        (90, "90 seconds"),
        (1, "1 second"),
        (0, "0 seconds"),
    ],
)
def test_a_setting_span_is_named_in_its_largest_exact_unit(seconds, words):
    assert span(timedelta(seconds=seconds)) == words


@pytest.mark.parametrize(
    ("delta", "words"),
    [
        (timedelta(0), "less than a minute"),
        (timedelta(seconds=59), "less than a minute"),
        (timedelta(minutes=1), "1 minute"),
        (timedelta(minutes=35, seconds=59), "35 minutes"),
        (timedelta(minutes=59, seconds=59), "59 minutes"),
        (timedelta(hours=1), "about 1 hour"),
        (timedelta(hours=1, minutes=29), "about 1 hour"),
        (timedelta(hours=1, minutes=31), "about 2 hours"),
        (timedelta(hours=23, minutes=29), "about 23 hours"),
        (timedelta(hours=23, minutes=31), "about 1 day"),
        (timedelta(days=1), "1 day"),
        (timedelta(days=2, hours=23), "2 days"),
        (timedelta(days=59, hours=23), "59 days"),
        (timedelta(days=60), "about 2 months"),
        (timedelta(days=76), "about 2 months"),
        (timedelta(days=77), "about 3 months"),
        (timedelta(days=729), "about 24 months"),
        (timedelta(days=730), "over 1 year"),
        (timedelta(days=1095), "over 2 years"),
        (timedelta(days=1096), "over 3 years"),
    ],
)
def test_a_duration_is_said_as_a_reader_would(delta, words):
    assert duration(delta) == words


def test_a_negative_duration_is_said_like_the_positive_one():
    assert duration(timedelta(hours=-3)) == "about 3 hours"
    assert duration(timedelta(seconds=-59)) == "less than a minute"


@pytest.mark.parametrize(
    ("delta", "words"),
    [
        (timedelta(seconds=0), "moments later"),
        (timedelta(seconds=59), "moments later"),
        (timedelta(minutes=1), "1 minute later"),
        (timedelta(minutes=35), "35 minutes later"),
        (timedelta(hours=3), "about 3 hours later"),
    ],
)
def test_the_gap_between_two_versions(delta, words):
    assert later(delta) == words


@pytest.mark.parametrize(
    ("before_now", "words"),
    [
        (timedelta(0), "just now"),
        (timedelta(seconds=59), "just now"),
        (timedelta(seconds=-59), "just now"),
        (timedelta(minutes=1), "1 minute ago"),
        (timedelta(minutes=-1), "in 1 minute"),
        (timedelta(hours=3), "about 3 hours ago"),
        (timedelta(hours=-3), "in about 3 hours"),
        (timedelta(days=3), "3 days ago"),
    ],
)
def test_a_moment_is_said_relative_to_now(before_now, words):
    assert ago(NOW - before_now, NOW) == words


@pytest.mark.parametrize(
    ("before_now", "words"),
    [
        (timedelta(hours=3), "about 3 hours ago"),
        (timedelta(hours=23, minutes=59), "about 1 day ago"),
        (timedelta(days=1), "over 1 day ago"),
        (timedelta(days=40, hours=23), "over 40 days ago"),
        (timedelta(days=400), "over 400 days ago"),
        (timedelta(hours=-2), "in about 2 hours"),
    ],
)
def test_a_long_quiet_spell_is_counted_in_whole_days(before_now, words):
    assert over_days_ago(NOW - before_now, NOW) == words


def test_a_change_size_groups_thousands():
    assert size(120, 45) == "+120 / -45 characters"
    assert size(12345, 0) == "+12,345 / -0 characters"


BIDI_CONTROLS = [
    "\u061c",  # Arabic letter mark
    "\u200e",  # left-to-right mark
    "\u200f",  # right-to-left mark
    "\u202a",  # embeddings and overrides, U+202A to U+202E
    "\u202b",
    "\u202c",
    "\u202d",
    "\u202e",
    "\u2066",  # isolates, U+2066 to U+2069
    "\u2067",
    "\u2068",
    "\u2069",
]


@pytest.mark.parametrize("control", BIDI_CONTROLS)
def test_a_plain_line_drops_each_bidi_control(control):
    assert plain_line(f"Mayor{control} resigns") == "Mayor resigns"


def test_a_plain_line_keeps_the_characters_around_the_bidi_controls():
    # Neighbours of the ranges, and ordinary right-to-left text, are text.
    neighbours = "\u061b\u061d\u200d\u2010\u2029\u202f\u2065\u206a"
    text = f"שלום {neighbours} Café"

    assert plain_line(text) == text


def test_a_plain_line_of_nothing_is_empty():
    assert plain_line(None) == ""
    assert plain_line("") == ""


def test_a_change_names_its_size_and_what_changed_beside_the_text():
    assert humanize.change(120, 45) == "+120 / -45 characters"
    assert humanize.change(3, 0, ["headline"]) == "+3 / -0 characters, headline changed"
    assert humanize.change(0, 0, ["headline", "lead image"]) == (
        "headline changed, lead image changed"
    )
    assert humanize.change(0, 0) == "text unchanged"


@pytest.mark.parametrize(
    ("seconds", "words"),
    [
        (60, "every minute"),
        (900, "every 15 minutes"),
        (3600, "every hour"),
        (86400, "every day"),
        (2 * 86400, "every 2 days"),
        (1, "every second"),
        (90, "every 90 seconds"),
    ],
)
def test_a_schedule_interval_reads_in_the_singular_for_one_unit(seconds, words):
    assert humanize.every(timedelta(seconds=seconds)) == words


@pytest.mark.parametrize(
    ("number", "words"),
    [(0, "0 articles"), (1, "1 article"), (2, "2 articles"), (1200, "1,200 articles")],
)
def test_a_count_has_a_proper_plural(number, words):
    assert humanize.count(number, "article", "articles") == words
