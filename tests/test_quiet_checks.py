"""Quiet checks (unchanged, 304) fold into one log row per run, and cost no lock."""

from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.admin import source_health
from articles.checking.check import check_article
from articles.fetching import Fetcher
from articles.models import Article, Check, Source

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
SLUG = "harbour-bridge-closure"


def check(article, minutes):
    return check_article(article.pk, Fetcher(), now=NOW + timedelta(minutes=minutes))


def log_of(article):
    rows = Check.objects.filter(article=article).order_by("checked_at")
    return [(row.outcome, row.repeats) for row in rows]


def test_a_run_of_unchanged_checks_is_one_row_with_its_count_and_times(track):
    article = track(SLUG)
    check(article, 0)
    for minutes in (15, 30, 45):
        check(article, minutes)
    assert log_of(article) == [("new_version", 1), ("not_modified", 3)]
    run = Check.objects.get(article=article, outcome="not_modified")
    assert run.first_checked_at == NOW + timedelta(minutes=15)
    assert run.checked_at == NOW + timedelta(minutes=45)
    assert run.http_status == 304
    article.refresh_from_db()
    assert article.last_checked_at == NOW + timedelta(minutes=45)
    assert article.next_check_at > article.last_checked_at


def test_a_new_version_or_a_failure_ends_the_run(track, newsroom):
    article = track(SLUG)
    check(article, 0)
    check(article, 15)
    check(article, 30)
    newsroom.edit(SLUG, title="Harbour bridge to reopen early")
    check(article, 45)
    check(article, 60)
    newsroom.answer(newsroom.story(SLUG).path, status=500, body="boom", times=3)
    check(article, 75)
    newsroom.canned.clear()
    check(article, 120)
    check(article, 135)
    assert log_of(article) == [
        ("new_version", 1),
        ("not_modified", 2),
        ("new_version", 1),
        ("not_modified", 1),
        ("error", 1),
        ("not_modified", 2),
    ]
    failure = Check.objects.get(article=article, outcome="error")
    assert failure.http_status == 500
    assert "500" in failure.message


def test_a_run_lasts_at_most_the_fold_span(track, settings):
    settings.NEWSDIFFS_QUIET_FOLD_MINUTES = 60
    article = track(SLUG)
    check(article, 0)
    for minutes in (15, 45, 75, 90):
        check(article, minutes)
    # The run began at 15; the check at 90 is 75 minutes later.
    assert log_of(article) == [("new_version", 1), ("not_modified", 3), ("not_modified", 1)]


def test_unchanged_and_not_modified_are_separate_runs(track, newsroom):
    article = track(SLUG)
    check(article, 0)
    check(article, 15)
    newsroom.conditional_get = False
    check(article, 30)
    check(article, 45)
    # New bytes, the same article: extracted, compared, and still quiet.
    newsroom.edit("library-opening-hours", title="A different headline elsewhere")
    check(article, 60)
    assert log_of(article) == [("new_version", 1), ("not_modified", 1), ("unchanged", 3)]
    assert article.versions.count() == 1


def test_a_pruned_run_starts_a_new_row(track):
    article = track(SLUG)
    check(article, 0)
    check(article, 15)
    Check.objects.filter(outcome="not_modified").delete()
    check(article, 30)
    assert log_of(article) == [("new_version", 1), ("not_modified", 1)]


def test_source_health_counts_every_check_a_run_stands_for(track, courier, settings):
    settings.NEWSDIFFS_QUIET_FOLD_MINUTES = 120
    article = track(SLUG)
    for minutes in range(0, 100, 10):
        check(article, minutes)
    assert Check.objects.filter(article=article).count() == 2
    health = source_health.with_health(Source.objects.all(), NOW + timedelta(hours=2)).get()
    assert (health.checks_24h, health.failures_24h) == (10, 0)


def test_a_quiet_check_leaves_an_article_stopped_meanwhile_alone(track):
    article = track(SLUG)
    check(article, 0)
    read = Article.objects.select_related("source").get(pk=article.pk)
    Article.objects.filter(pk=article.pk).update(state=Article.State.STOPPED)
    assert read.save_quiet_check(NOW + timedelta(minutes=15)) is False
    article.refresh_from_db()
    assert article.state == Article.State.STOPPED
    assert article.last_checked_at == NOW


def test_a_quiet_check_does_not_reschedule_over_a_version_stored_meanwhile(track):
    article = track(SLUG)
    check(article, 0)
    read = Article.objects.select_related("source").get(pk=article.pk)
    Article.objects.filter(pk=article.pk).update(version_count=2, next_check_at=NOW)
    assert read.save_quiet_check(NOW + timedelta(minutes=15)) is False
    article.refresh_from_db()
    assert article.next_check_at == NOW


def test_the_admin_log_shows_the_run_count_and_its_start(track, client):
    article = track(SLUG)
    check(article, 0)
    check(article, 15)
    check(article, 30)
    client.force_login(User.objects.create_superuser("admin", "a@example.org", "pw"))
    page = client.get(reverse("admin:articles_check_changelist")).content.decode()
    assert "&times;&nbsp;2 since" in page


def test_a_quiet_check_is_one_read_and_two_writes(track):
    article = track(SLUG)
    check(article, 0)
    check(article, 15)  # the run's row exists: the next check folds into it
    with CaptureQueriesContext(connection) as captured:
        check(article, 30)
    statements = [q["sql"].split()[0] for q in captured]
    assert statements == ["SELECT", "UPDATE", "UPDATE"]


def test_a_quiet_check_writes_without_a_transaction(track):
    # BEGIN and COMMIT would be two more round trips. (Inside the test's own
    # transaction, a transaction would show as a SAVEPOINT.)
    article = track(SLUG)
    check(article, 0)
    with CaptureQueriesContext(connection) as captured:
        check(article, 15)
        check(article, 30)
    assert [q["sql"] for q in captured if "SAVEPOINT" in q["sql"]] == []


def test_the_first_quiet_check_of_a_run_inserts_its_row_in_full(track):
    article = track(SLUG)
    check(article, 0)
    with CaptureQueriesContext(connection) as captured:
        recorded = check(article, 15)
    assert [q["sql"].split()[0] for q in captured] == ["SELECT", "INSERT", "UPDATE"]
    row = Check.objects.get(pk=recorded.pk)
    assert (row.kind, row.source_id, row.article_id, row.url) == (
        Check.Kind.ARTICLE,
        article.source_id,
        article.pk,
        article.url,
    )
    assert (row.outcome, row.http_status, row.repeats, row.first_checked_at) == (
        "not_modified",
        304,
        1,
        None,
    )
    assert (row.checked_at, row.message, row.version_id) == (NOW + timedelta(minutes=15), "", None)
    assert row.duration_ms == recorded.duration_ms
    article.refresh_from_db()
    assert article.quiet_check_id == row.pk


@pytest.mark.skipif(connection.vendor != "postgresql", reason="binding is psycopg's")
def test_on_postgresql_a_quiet_checks_statements_are_bound_on_the_server(track):
    # Bound on the server, a statement reaches the log with its placeholders,
    # not with its values quoted into it.
    article = track(SLUG)
    check(article, 0)
    with CaptureQueriesContext(connection) as captured:
        check(article, 15)
        check(article, 30)
    assert len(captured) == 6
    assert all("$1" in q["sql"] for q in captured)


def test_the_check_read_holds_the_source_schedule_and_loads_the_rest_on_demand(track, courier):
    courier.stop_after_days = 5
    courier.min_check_interval_minutes = 45
    courier.save()
    article = track(SLUG)
    read = Article.objects.for_check(article.pk)
    assert (read.source.stop_after_days, read.source.min_check_interval_minutes) == (5, 45)
    assert read.url == article.url
    article.refresh_from_db()
    assert read.first_seen_at == article.first_seen_at  # converted as the ORM would
    assert read.first_seen_at.tzinfo is not None
    assert read.source.name == courier.name  # not read up front: loaded when asked for
    with pytest.raises(Article.DoesNotExist):
        Article.objects.for_check(article.pk + 1000)
