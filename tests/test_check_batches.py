"""Due articles are checked in batches: one read, the quiet checks written together."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import jobs
from articles.checking import batch
from articles.checking.check import check_article
from articles.fetching import Fetcher
from articles.models import Article, Check, Source

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
SLUGS = ["harbour-bridge-closure", "library-opening-hours", "river-flood-warning"]


def log_of(article):
    rows = Check.objects.filter(article=article).order_by("checked_at", "pk")
    return [
        (row.outcome, row.repeats, row.first_checked_at, row.checked_at, row.http_status)
        for row in rows
    ]


def checked_in_batch(articles, minutes):
    read = Article.objects.for_checks([article.pk for article in articles])
    checks, unchecked = batch.check_batch(read, Fetcher(), now=NOW + timedelta(minutes=minutes))
    assert unchecked == []
    return checks


def claimed(articles, at):
    Article.objects.filter(pk__in=[article.pk for article in articles]).update(next_check_at=at)
    return at


def test_a_batch_logs_and_schedules_quiet_checks_as_lone_checks_do(track, newsroom, settings):
    settings.NEWSDIFFS_QUIET_FOLD_MINUTES = 60
    lone, batched = track(SLUGS[0]), track(SLUGS[1])
    others = [track(SLUGS[2])]
    for minutes in (0, 15, 30, 50, 80):
        check_article(lone.pk, Fetcher(), now=NOW + timedelta(minutes=minutes))
        checked_in_batch([batched, *others], minutes)
    newsroom.conditional_get = False  # a run of another outcome begins
    for minutes in (95, 110):
        check_article(lone.pk, Fetcher(), now=NOW + timedelta(minutes=minutes))
        checked_in_batch([batched, *others], minutes)
    assert log_of(batched) == log_of(lone)
    assert [row[:2] for row in log_of(batched)] == [
        ("new_version", 1),
        ("not_modified", 3),
        ("not_modified", 1),
        ("unchanged", 2),
    ]
    lone.refresh_from_db()
    batched.refresh_from_db()
    for field in ("last_checked_at", "next_check_at", "state", "consecutive_failures"):
        assert getattr(batched, field) == getattr(lone, field), field
    assert batched.quiet_check_id == Check.objects.filter(article=batched).latest("pk").pk


def test_a_batch_writes_its_quiet_checks_in_statements_that_do_not_grow_with_it(track, newsroom):
    def statements(articles):
        checked_in_batch(articles, 0)
        checked_in_batch(articles, 15)  # each article's run begins
        with CaptureQueriesContext(connection) as captured:
            checks = checked_in_batch(articles, 30)  # and folds
        assert {check.outcome for check in checks} == {"not_modified"}
        return [query["sql"].split()[0] for query in captured]

    few = statements([track(SLUGS[0])])
    many = statements([track(slug) for slug in [*SLUGS[1:], "school-meals-trial"]])
    assert few == many
    assert few.count("UPDATE") == 2  # the runs folded, the schedules


def test_a_new_version_in_a_batch_is_stored_at_once(track, newsroom, monkeypatch):
    first, second = track(SLUGS[0]), track(SLUGS[1])
    checked_in_batch([first, second], 0)
    newsroom.edit(SLUGS[0], title="Harbour bridge to reopen early")
    real_check = batch.check_article

    def killed_on_second(article_id, *args, **kwargs):
        if article_id == second.pk:
            raise WorkerKilled
        return real_check(article_id, *args, **kwargs)

    monkeypatch.setattr(batch, "check_article", killed_on_second)
    with pytest.raises(WorkerKilled):
        checked_in_batch([first, second], 15)
    assert first.versions.count() == 2


class WorkerKilled(BaseException):
    """What a kill -9 leaves: the job stops where it is, nothing after it runs."""


def test_quiet_checks_lost_with_a_killed_batch_are_checked_again_within_the_run_lease(
    track, settings, monkeypatch
):
    settings.NEWSDIFFS_RUN_LEASE_SECONDS = 30
    articles = [track(slug) for slug in SLUGS]
    checked_in_batch(articles, 0)
    before = {
        a.pk: a.last_checked_at for a in Article.objects.filter(pk__in=[a.pk for a in articles])
    }
    real_check = batch.check_article

    def killed_on_last(article_id, *args, **kwargs):
        if article_id == articles[-1].pk:
            raise WorkerKilled
        return real_check(article_id, *args, **kwargs)

    monkeypatch.setattr(batch, "check_article", killed_on_last)
    claim = claimed(articles, timezone.now())
    with pytest.raises(WorkerKilled):
        jobs.run_checks([a.pk for a in articles], claim)
    now = timezone.now()
    for article in Article.objects.filter(pk__in=[a.pk for a in articles]):
        # Held, never written: as if not checked, and claimed by the run lease.
        assert article.last_checked_at == before[article.pk]
        assert now < article.next_check_at <= now + timedelta(seconds=30)
    monkeypatch.setattr(jobs, "enqueue", lambda func, *args: None)
    assert jobs.tick(now + timedelta(seconds=31))[1] == 3


def test_a_batch_checks_only_the_articles_it_still_holds(track, courier):
    articles = [track(slug) for slug in SLUGS]
    claim = claimed(articles, timezone.now())
    Article.objects.filter(pk=articles[0].pk).update(state=Article.State.STOPPED)
    Article.objects.filter(pk=articles[1].pk).update(next_check_at=claim + timedelta(hours=1))
    checks = jobs.run_checks([a.pk for a in articles], claim)
    assert [article_id for article_id, _ in checks] == [articles[2].pk]
    courier.is_active = False
    courier.save()
    assert jobs.run_checks([articles[2].pk], claimed([articles[2]], timezone.now())) == []


def test_a_batch_past_its_time_leaves_the_rest_due_for_the_next_tick(track, settings):
    settings.NEWSDIFFS_CHECK_BATCH_SECONDS = 0
    articles = [track(slug) for slug in SLUGS]
    claim = claimed(articles, timezone.now())
    checks = jobs.run_checks([a.pk for a in articles], claim)
    assert [article_id for article_id, _ in checks] == [articles[0].pk]
    now = timezone.now()
    due = set(Article.objects.due(now).values_list("pk", flat=True))
    assert due == {articles[1].pk, articles[2].pk}


def test_a_crash_is_recorded_the_batch_goes_on_and_the_job_fails(track, monkeypatch):
    articles = [track(slug) for slug in SLUGS]
    real_check = batch.check_article

    def crashing_on_second(article_id, *args, **kwargs):
        if article_id == articles[1].pk:
            raise ValueError("a page no rule foresaw")
        return real_check(article_id, *args, **kwargs)

    monkeypatch.setattr(batch, "check_article", crashing_on_second)
    claim = claimed(articles, timezone.now())
    with pytest.raises(ValueError, match="no rule foresaw"):
        jobs.run_checks([a.pk for a in articles], claim)
    assert Check.objects.get(article=articles[1]).message.startswith(
        "the check failed unexpectedly: ValueError"
    )
    for article in (articles[0], articles[2]):
        assert Check.objects.get(article=article).outcome == Check.Outcome.NEW_VERSION


def test_the_tick_deals_due_articles_into_jobs_of_the_batch_size(monkeypatch, settings, courier):
    settings.NEWSDIFFS_CHECK_BATCH = 2
    enqueued = []
    monkeypatch.setattr(jobs, "enqueue", lambda func, *args: enqueued.append((func, args)))
    ids = [
        Article.objects.create(
            source=courier, url=f"https://q.example/{i}", next_check_at=NOW - timedelta(hours=5 - i)
        ).pk
        for i in range(5)
    ]
    assert jobs.tick(NOW) == (0, 5)
    batches = [args[0] for func, args in enqueued if func is jobs.run_checks]
    # Dealt, not cut: one host's run of due articles is spread over the jobs.
    assert batches == [[ids[0], ids[3]], [ids[1], ids[4]], [ids[2]]]


def test_paused_sources_are_left_out_of_a_claimed_batch(courier, newsroom):
    other = Source.objects.create(name="Other", slug="other", homepage=newsroom.url("/"))
    mine = Article.objects.create(source=courier, url=newsroom.article_url(SLUGS[0]))
    paused = Article.objects.create(source=other, url=newsroom.article_url(SLUGS[1]))
    other.is_active = False
    other.save()
    claim = claimed([mine, paused], timezone.now())
    held_until = claim + timedelta(seconds=90)
    assert Article.objects.claim_for_check([mine.pk, paused.pk], claim, held_until) == 1
    assert [a.pk for a in Article.objects.for_checks([mine.pk, paused.pk], held_until)] == [mine.pk]
