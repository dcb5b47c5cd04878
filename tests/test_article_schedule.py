"""An article's state and next check after each kind of check, with the time given.

The check pipeline (tests/test_checking.py) drives these methods over HTTP;
here each rule is pinned down on its own, at its boundaries.
"""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from newsdiffs.env import parse_schedule
from tests.reader_data import make_article

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
ACTIVE, FAILING, STOPPED, GONE = (
    Article.State.ACTIVE,
    Article.State.FAILING,
    Article.State.STOPPED,
    Article.State.GONE,
)


@pytest.fixture(autouse=True)
def schedule_settings(settings):
    settings.NEWSDIFFS_SCHEDULE = parse_schedule("3h:15m,24h:1h,7d:3h,30d:1d")
    settings.NEWSDIFFS_STOP_AFTER_DAYS = 40
    settings.NEWSDIFFS_GONE_AFTER = 3
    settings.NEWSDIFFS_FAILING_AFTER = 3
    settings.NEWSDIFFS_FAILURE_BACKOFF_MINUTES = 15
    settings.NEWSDIFFS_FAILURE_BACKOFF_MAX_HOURS = 24
    settings.NEWSDIFFS_SUSPICIOUS_RECHECK_MINUTES = 10
    return settings


def article(source, changed_ago=None, seen_ago=timedelta(days=100), **fields):
    """An article first seen `seen_ago` before NOW, last changed `changed_ago` before it."""
    return make_article(
        source,
        first_seen_at=NOW - seen_ago,
        last_changed_at=NOW - changed_ago if changed_ago is not None else None,
        **fields,
    )


# After a check that reached the page


@pytest.mark.parametrize(
    ("changed_ago", "delay"),
    [
        (timedelta(hours=1), timedelta(minutes=15)),
        (timedelta(hours=5), timedelta(hours=1)),
        (timedelta(days=2), timedelta(hours=3)),
        (timedelta(days=10), timedelta(days=1)),
    ],
)
def test_a_successful_check_is_followed_by_the_next_check_of_its_age(source, changed_ago, delay):
    story = article(source, changed_ago=changed_ago)
    story.schedule_after_success(NOW)
    assert story.state == ACTIVE
    assert story.last_checked_at == NOW
    assert story.next_check_at == NOW + delay


def test_a_never_changed_article_is_as_old_as_its_first_sighting(source):
    story = article(source, changed_ago=None, seen_ago=timedelta(hours=5))
    assert story.age_of_last_change(NOW) == timedelta(hours=5)
    story.schedule_after_success(NOW)
    assert story.next_check_at == NOW + timedelta(hours=1)


def test_the_last_change_not_the_first_sighting_sets_the_age(source):
    story = article(source, changed_ago=timedelta(hours=1), seen_ago=timedelta(days=60))
    assert story.age_of_last_change(NOW) == timedelta(hours=1)
    story.schedule_after_success(NOW)
    assert story.state == ACTIVE
    assert story.next_check_at == NOW + timedelta(minutes=15)


def test_a_success_clears_every_run_of_bad_checks(source):
    story = article(
        source,
        changed_ago=timedelta(hours=1),
        state=FAILING,
        consecutive_failures=5,
        consecutive_missing=2,
        consecutive_suspicious=1,
    )
    story.schedule_after_success(NOW)
    assert story.state == ACTIVE
    assert (story.consecutive_failures, story.consecutive_missing) == (0, 0)
    assert story.consecutive_suspicious == 0


def test_an_article_unchanged_for_the_stop_age_stops_and_keeps_its_next_check(source):
    planned = NOW + timedelta(hours=7)
    story = article(source, changed_ago=timedelta(days=40), next_check_at=planned)
    story.schedule_after_success(NOW)
    assert story.state == STOPPED
    assert story.last_checked_at == NOW
    assert story.next_check_at == planned


def test_an_article_a_moment_short_of_the_stop_age_is_checked_again(source):
    story = article(source, changed_ago=timedelta(days=40) - timedelta(seconds=1))
    story.schedule_after_success(NOW)
    assert story.state == ACTIVE
    assert story.next_check_at == NOW + timedelta(days=1)


def test_the_site_wide_stop_age_comes_from_the_settings(source, settings):
    settings.NEWSDIFFS_STOP_AFTER_DAYS = 5
    story = article(source, changed_ago=timedelta(days=5))
    assert story._stop_after() == timedelta(days=5)
    story.schedule_after_success(NOW)
    assert story.state == STOPPED


def test_a_sources_own_stop_age_wins_over_the_site_wide_one(source):
    source.stop_after_days = 2
    source.save()
    story = article(source, changed_ago=timedelta(days=2))
    assert story._stop_after() == timedelta(days=2)
    story.schedule_after_success(NOW)
    assert story.state == STOPPED


def test_a_source_can_check_its_articles_longer_than_the_site_wide_stop_age(source):
    source.stop_after_days = 60
    source.save()
    story = article(source, changed_ago=timedelta(days=45))
    story.schedule_after_success(NOW)
    assert story.state == ACTIVE
    assert story.next_check_at == NOW + timedelta(days=1)


def test_a_sources_minimum_interval_slows_checks_down(source):
    source.min_check_interval_minutes = 90
    source.save()
    story = article(source, changed_ago=timedelta(hours=1))
    assert story._min_interval() == timedelta(minutes=90)
    story.schedule_after_success(NOW)
    assert story.next_check_at == NOW + timedelta(minutes=90)


def test_a_minimum_interval_shorter_than_the_schedule_changes_nothing(source):
    source.min_check_interval_minutes = 30
    source.save()
    story = article(source, changed_ago=timedelta(hours=5))
    story.schedule_after_success(NOW)
    assert story.next_check_at == NOW + timedelta(hours=1)


def test_without_a_minimum_interval_there_is_none(source):
    story = article(source, changed_ago=timedelta(hours=1))
    assert story._min_interval() == timedelta(0)


# After a failed check


def test_a_first_failure_backs_off_by_the_base_delay(source):
    story = article(source, changed_ago=timedelta(hours=1))
    story.schedule_after_failure(NOW)
    assert story.last_checked_at == NOW
    assert story.consecutive_failures == 1
    assert story.consecutive_missing == 0
    assert story.state == ACTIVE
    assert story.next_check_at == NOW + timedelta(minutes=15)


def test_failures_back_off_from_the_settings_base_up_to_the_settings_ceiling(source, settings):
    settings.NEWSDIFFS_FAILURE_BACKOFF_MINUTES = 20
    settings.NEWSDIFFS_FAILURE_BACKOFF_MAX_HOURS = 2
    story = article(source, changed_ago=timedelta(hours=1))
    delays = []
    for _ in range(5):
        story.schedule_after_failure(NOW)
        delays.append(story.next_check_at - NOW)
    assert delays == [timedelta(minutes=m) for m in (20, 40, 80, 120, 120)]


def test_an_article_becomes_failing_at_the_failing_count_not_before(source):
    story = article(source, changed_ago=timedelta(hours=1))
    states = []
    for _ in range(3):
        story.schedule_after_failure(NOW)
        states.append(story.state)
    assert states == [ACTIVE, ACTIVE, FAILING]
    assert story.consecutive_failures == 3


def test_the_failing_count_comes_from_the_settings(source, settings):
    settings.NEWSDIFFS_FAILING_AFTER = 1
    story = article(source, changed_ago=timedelta(hours=1))
    story.schedule_after_failure(NOW)
    assert story.state == FAILING


def test_missing_pages_in_a_row_make_the_article_gone_at_the_gone_count(source):
    planned = NOW + timedelta(hours=7)
    story = article(source, changed_ago=timedelta(hours=1), next_check_at=planned)
    states = []
    for _ in range(2):
        story.schedule_after_failure(NOW, missing=True)
        states.append(story.state)
    assert states == [ACTIVE, ACTIVE]
    assert story.consecutive_missing == 2
    story.next_check_at = planned
    story.schedule_after_failure(NOW, missing=True)
    assert story.state == GONE
    assert story.consecutive_missing == 3
    assert story.consecutive_failures == 3
    assert story.next_check_at == planned  # gone: no next check is planned


def test_the_first_missing_page_of_a_run_dates_the_removal(source):
    story = article(source, changed_ago=timedelta(hours=1))
    story.schedule_after_failure(NOW, missing=True)
    assert story.missing_since == NOW
    assert story.removed_at is None  # not gone yet: one 404 may be a slip
    story.schedule_after_failure(NOW + timedelta(minutes=15), missing=True)
    story.schedule_after_failure(NOW + timedelta(minutes=45), missing=True)
    assert story.state == GONE
    assert story.missing_since == NOW
    assert story.removed_at == NOW


def test_a_page_found_again_or_another_failure_clears_the_removal_date(source):
    story = article(source, changed_ago=timedelta(hours=1))
    story.schedule_after_failure(NOW, missing=True)
    story.schedule_after_failure(NOW + timedelta(minutes=15))  # a 503
    assert story.missing_since is None
    story.schedule_after_failure(NOW + timedelta(minutes=30), missing=True)
    assert story.missing_since == NOW + timedelta(minutes=30)
    story.schedule_after_success(NOW + timedelta(hours=1))
    assert story.missing_since is None


def test_resuming_a_gone_article_forgets_its_removal(source, settings):
    settings.NEWSDIFFS_GONE_AFTER = 1
    story = article(source, changed_ago=timedelta(hours=1))
    story.schedule_after_failure(NOW, missing=True)
    story.resume(NOW)
    assert (story.state, story.missing_since, story.removed_at) == (ACTIVE, None, None)


@pytest.mark.parametrize("state", [STOPPED, GONE])
def test_a_check_by_hand_of_an_article_that_is_not_checked_keeps_its_state(source, state):
    planned = NOW + timedelta(hours=7)
    story = article(source, changed_ago=timedelta(hours=1), state=state, next_check_at=planned)
    story.schedule_after_success(NOW)
    assert (story.state, story.next_check_at, story.last_checked_at) == (state, planned, NOW)
    story.schedule_after_failure(NOW)
    assert (story.state, story.next_check_at) == (state, planned)


def test_a_stopped_article_that_the_source_removed_becomes_gone(source, settings):
    settings.NEWSDIFFS_GONE_AFTER = 1
    story = article(source, changed_ago=timedelta(hours=1), state=STOPPED)
    story.schedule_after_failure(NOW, missing=True)
    assert story.state == GONE
    assert story.removed_at == NOW


def test_the_gone_count_comes_from_the_settings(source, settings):
    settings.NEWSDIFFS_GONE_AFTER = 1
    story = article(source, changed_ago=timedelta(hours=1))
    story.schedule_after_failure(NOW, missing=True)
    assert story.state == GONE


def test_another_failure_breaks_a_run_of_missing_pages(source):
    story = article(source, changed_ago=timedelta(hours=1))
    story.schedule_after_failure(NOW, missing=True)
    story.schedule_after_failure(NOW, missing=True)
    story.schedule_after_failure(NOW)  # a 503, say: the page may still be there
    assert story.consecutive_missing == 0
    story.schedule_after_failure(NOW, missing=True)
    assert story.consecutive_missing == 1
    assert story.state == FAILING  # four failures in a row, but not gone
    assert story.consecutive_failures == 4


def test_an_article_failing_for_longer_than_the_stop_age_stops(source):
    planned = NOW + timedelta(hours=7)
    story = article(
        source,
        changed_ago=timedelta(days=40),
        state=FAILING,
        consecutive_failures=6,
        next_check_at=planned,
    )
    story.schedule_after_failure(NOW)
    assert story.state == STOPPED
    assert story.consecutive_failures == 7
    assert story.last_checked_at == NOW
    assert story.next_check_at == planned


def test_an_article_failing_a_moment_short_of_the_stop_age_backs_off(source):
    story = article(source, changed_ago=timedelta(days=40) - timedelta(seconds=1))
    story.schedule_after_failure(NOW)
    assert story.state == ACTIVE
    assert story.next_check_at == NOW + timedelta(minutes=15)


def test_a_long_failing_article_uses_its_sources_stop_age(source):
    source.stop_after_days = 3
    source.save()
    story = article(source, changed_ago=timedelta(days=3))
    story.schedule_after_failure(NOW)
    assert story.state == STOPPED


def test_a_missing_page_makes_a_long_unchanged_article_gone_not_stopped(source, settings):
    settings.NEWSDIFFS_GONE_AFTER = 1
    story = article(source, changed_ago=timedelta(days=50))
    story.schedule_after_failure(NOW, missing=True)
    assert story.state == GONE


def test_a_sources_minimum_interval_also_holds_after_a_failure(source):
    source.min_check_interval_minutes = 60
    source.save()
    story = article(source, changed_ago=timedelta(hours=1))
    story.schedule_after_failure(NOW)
    assert story.next_check_at == NOW + timedelta(minutes=60)
    for _ in range(2):
        story.schedule_after_failure(NOW)
    assert story.next_check_at == NOW + timedelta(minutes=60)  # the back-off reached 60
    story.schedule_after_failure(NOW)
    assert story.next_check_at == NOW + timedelta(minutes=120)


def test_a_day_long_back_off_base_reaches_its_ceiling_after_many_failures(source, settings):
    settings.NEWSDIFFS_FAILURE_BACKOFF_MINUTES = 24 * 60
    settings.NEWSDIFFS_FAILURE_BACKOFF_MAX_HOURS = 72
    story = article(source, changed_ago=timedelta(hours=1), consecutive_failures=30)
    story.schedule_after_failure(NOW)
    assert story.state == FAILING
    assert story.next_check_at == NOW + timedelta(hours=72)


# After a fetch that was not the article (a wall, an error page)


def test_a_first_suspicious_fetch_is_looked_at_again_soon(source):
    story = article(source, changed_ago=timedelta(hours=5), consecutive_failures=2)
    story.schedule_after_suspicious(NOW)
    assert story.consecutive_suspicious == 1
    assert story.consecutive_failures == 0
    assert story.state == ACTIVE
    assert story.last_checked_at == NOW
    assert story.next_check_at == NOW + timedelta(minutes=10)


def test_the_soon_recheck_comes_from_the_settings(source, settings):
    settings.NEWSDIFFS_SUSPICIOUS_RECHECK_MINUTES = 25
    story = article(source, changed_ago=timedelta(hours=5))
    story.schedule_after_suspicious(NOW)
    assert story.next_check_at == NOW + timedelta(minutes=25)


def test_a_soon_recheck_never_delays_a_check_the_schedule_wants_sooner(source, settings):
    settings.NEWSDIFFS_SUSPICIOUS_RECHECK_MINUTES = 40
    story = article(source, changed_ago=timedelta(hours=1))
    story.schedule_after_suspicious(NOW)
    assert story.next_check_at == NOW + timedelta(minutes=15)


def test_from_the_second_suspicious_fetch_in_a_row_the_ordinary_schedule_holds(source):
    story = article(source, changed_ago=timedelta(hours=5))
    story.schedule_after_suspicious(NOW)
    story.schedule_after_suspicious(NOW)
    assert story.consecutive_suspicious == 2
    assert story.next_check_at == NOW + timedelta(hours=1)
    story.schedule_after_suspicious(NOW)
    assert story.consecutive_suspicious == 3
    assert story.next_check_at == NOW + timedelta(hours=1)


def test_a_suspicious_fetch_of_a_long_unchanged_article_stops_it(source):
    story = article(source, changed_ago=timedelta(days=40))
    story.schedule_after_suspicious(NOW)
    assert story.state == STOPPED
    assert story.consecutive_suspicious == 1


# Back on the schedule


def test_resuming_puts_a_stopped_article_back_on_the_schedule_at_the_given_time(source):
    story = article(
        source,
        changed_ago=timedelta(days=50),
        state=GONE,
        consecutive_failures=4,
        consecutive_missing=3,
        next_check_at=NOW - timedelta(days=9),
    )
    story.resume(NOW)
    assert story.state == ACTIVE
    assert (story.consecutive_failures, story.consecutive_missing) == (0, 0)
    assert story.next_check_at == NOW


def test_resuming_without_a_time_makes_the_article_due_now(source):
    story = article(source, state=STOPPED, next_check_at=NOW - timedelta(days=9))
    before = timezone.now()
    story.resume()
    after = timezone.now()
    assert story.state == ACTIVE
    assert before <= story.next_check_at <= after
