"""The scheduler's tick and the jobs it enqueues (in-process here)."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import jobs
from articles.checking import batch
from articles.checking.check import record_crash
from articles.models import Article, Check, Heartbeat, Source

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def make_articles(source, count, next_check_at, state=Article.State.ACTIVE):
    return Article.objects.bulk_create(
        Article(
            source=source,
            url=f"https://example.com/news/{source.slug}-{state}-{i}-{next_check_at:%s}",
            url_key=f"example.com/news/{source.slug}-{state}-{i}-{next_check_at:%s}",
            next_check_at=next_check_at,
            state=state,
        )
        for i in range(count)
    )


@pytest.fixture
def quiet_source():
    # A source whose articles are on an unreachable host; the tick tests only
    # look at what is selected and claimed, so jobs are not run.
    return Source.objects.create(
        name="Q",
        slug="q",
        homepage="https://example.com/",
        next_discovery_at=NOW + timedelta(days=1),
    )


def test_due_articles_are_those_checked_and_past_due(quiet_source):
    due = make_articles(quiet_source, 3, NOW - timedelta(minutes=1))
    make_articles(quiet_source, 2, NOW + timedelta(minutes=1))
    make_articles(quiet_source, 2, NOW - timedelta(days=1), state=Article.State.STOPPED)
    make_articles(quiet_source, 2, NOW - timedelta(days=1), state=Article.State.GONE)
    failing = make_articles(quiet_source, 1, NOW - timedelta(days=1), state=Article.State.FAILING)
    selected = set(Article.objects.due(NOW).values_list("pk", flat=True))
    assert selected == {a.pk for a in due + failing}


def test_paused_sources_are_not_checked(quiet_source):
    make_articles(quiet_source, 2, NOW - timedelta(minutes=1))
    quiet_source.is_active = False
    quiet_source.save()
    assert not Article.objects.due(NOW).exists()


def test_the_tick_claims_due_articles_so_the_next_tick_skips_them(quiet_source, monkeypatch):
    enqueued = []
    monkeypatch.setattr(jobs, "enqueue", lambda func, *args: enqueued.append((func, args)))
    make_articles(quiet_source, 3, NOW - timedelta(minutes=1))
    assert jobs.tick(NOW) == (0, 3)
    assert [func for func, _ in enqueued] == [jobs.run_checks]  # one job for the three
    assert jobs.tick(NOW + timedelta(minutes=1)) == (0, 0)
    # A lost job is picked up again once its claim lapses.
    assert jobs.tick(NOW + jobs.queue_lease() + timedelta(seconds=1)) == (0, 3)


def test_the_tick_takes_at_most_a_batch(quiet_source, monkeypatch, settings):
    monkeypatch.setattr(jobs, "enqueue", lambda func, *args: None)
    settings.NEWSDIFFS_TICK_BATCH = 2
    make_articles(quiet_source, 5, NOW - timedelta(minutes=1))
    assert jobs.tick(NOW) == (0, 2)
    assert jobs.tick(NOW) == (0, 2)
    assert jobs.tick(NOW) == (0, 1)


def test_the_tick_costs_the_same_queries_on_a_large_archive(quiet_source, monkeypatch):
    monkeypatch.setattr(jobs, "enqueue", lambda func, *args: None)
    make_articles(quiet_source, 2, NOW - timedelta(minutes=1))
    jobs.tick(NOW - timedelta(hours=1))  # the heartbeat row exists from here on
    with CaptureQueriesContext(connection) as small:
        jobs.tick(NOW)
    make_articles(quiet_source, 500, NOW + timedelta(hours=1))
    make_articles(quiet_source, 2, NOW + timedelta(minutes=1))
    with CaptureQueriesContext(connection) as large:
        jobs.tick(NOW + timedelta(minutes=2))
    assert len(large.captured_queries) == len(small.captured_queries)


def test_the_tick_beats_the_scheduler_heartbeat(quiet_source):
    jobs.tick(NOW)
    assert Heartbeat.age("scheduler", NOW + timedelta(seconds=30)) == timedelta(seconds=30)


def test_the_tick_enqueues_due_discoveries_with_their_claim(quiet_source, monkeypatch):
    enqueued = []
    monkeypatch.setattr(jobs, "enqueue", lambda func, *args: enqueued.append((func, args)))
    quiet_source.next_discovery_at = NOW - timedelta(seconds=1)
    quiet_source.save()
    jobs.tick(NOW)
    assert enqueued == [(jobs.run_discovery, (quiet_source.pk, NOW + jobs.queue_lease()))]
    quiet_source.refresh_from_db()
    assert quiet_source.next_discovery_at == NOW + jobs.queue_lease()
    assert jobs.tick(NOW + timedelta(minutes=1)) == (0, 0)


def test_a_tick_in_process_discovers_and_checks_the_site(
    courier, newsroom, django_capture_on_commit_callbacks
):
    # Jobs are enqueued on commit; the callbacks run them in-process.
    with django_capture_on_commit_callbacks(execute=True):
        jobs.tick(timezone.now())
    assert Article.objects.count() == 4
    # Discovery made the articles due at once; the next tick checks them.
    with django_capture_on_commit_callbacks(execute=True):
        jobs.tick(timezone.now())
    assert all(a.version_count == 1 for a in Article.objects.all())
    outcomes = set(Check.objects.filter(kind="article").values_list("outcome", flat=True))
    assert outcomes == {Check.Outcome.NEW_VERSION}


def test_a_claimed_discovery_runs_once(courier, newsroom):
    claim = courier.next_discovery_at
    assert jobs.run_discovery(courier.pk, claim) is not None
    assert jobs.run_discovery(courier.pk, claim) is None  # the claim moved on
    assert jobs.run_discovery(courier.pk) is not None  # the admin's "re-discover now"


def test_a_claimed_check_runs_once(track, newsroom):
    article = track("harbour-bridge-closure")
    claim = article.next_check_at
    assert jobs.run_check(article.pk, claim).outcome == Check.Outcome.NEW_VERSION
    assert jobs.run_check(article.pk, claim) is None
    assert article.versions.count() == 1


def test_a_queued_check_leaves_an_article_stopped_meanwhile_alone(track, newsroom):
    article = track("harbour-bridge-closure")
    claim = article.next_check_at
    Article.objects.filter(pk=article.pk).update(state=Article.State.STOPPED)
    assert jobs.run_check(article.pk, claim) is None
    article.refresh_from_db()
    assert article.state == Article.State.STOPPED
    assert not article.checks.exists()


def test_a_queued_check_of_a_source_paused_meanwhile_does_nothing(track, courier, newsroom):
    article = track("harbour-bridge-closure")
    courier.is_active = False
    courier.save()
    assert jobs.run_check(article.pk, article.next_check_at) is None


def test_a_crash_is_recorded_and_backs_off(track):
    article = track("harbour-bridge-closure")
    record_crash(article.pk, RuntimeError("a bug nobody foresaw"))
    check = article.checks.get()
    assert check.outcome == Check.Outcome.ERROR
    assert check.message == "the check failed unexpectedly: RuntimeError: a bug nobody foresaw"
    article.refresh_from_db()
    assert article.consecutive_failures == 1
    assert article.next_check_at > timezone.now()


def test_check_soon_makes_only_checked_articles_due(quiet_source):
    due_later = make_articles(quiet_source, 2, NOW + timedelta(hours=5))
    stopped = make_articles(quiet_source, 1, NOW + timedelta(hours=5), Article.State.STOPPED)
    assert jobs.check_soon(Article.objects.all()) == 2
    assert Article.objects.due(timezone.now()).count() == len(due_later)
    stopped[0].refresh_from_db()
    assert stopped[0].next_check_at == NOW + timedelta(hours=5)


def test_jobs_for_deleted_rows_do_nothing(db):
    assert jobs.run_check(999_999) is None
    assert jobs.run_discovery(999_999) is None


def test_the_check_log_is_pruned_to_its_bounds(courier, settings):
    settings.NEWSDIFFS_CHECK_LOG_MAX_ROWS = 100
    settings.NEWSDIFFS_CHECK_LOG_DAYS = 30
    rows = [
        Check(
            source=courier,
            url="https://example.com/",
            outcome="unchanged",
            checked_at=NOW - timedelta(minutes=i),
        )
        for i in range(150)
    ]
    rows.append(
        Check(
            source=courier,
            url="https://example.com/old",
            outcome="error",
            checked_at=NOW - timedelta(days=31),
        )
    )
    Check.objects.bulk_create(reversed(rows))
    deleted = Check.prune(NOW)
    assert deleted == 51
    assert Check.objects.count() == 100
    assert not Check.objects.filter(url="https://example.com/old").exists()


def test_a_running_check_holds_a_short_lease_it_renews(track, settings):
    settings.NEWSDIFFS_RUN_LEASE_SECONDS = 60
    article = track("harbour-bridge-closure")
    held = timezone.now() + timedelta(seconds=60)
    Article.objects.filter(pk=article.pk).update(next_check_at=held)
    lease = jobs.RunningLease([article.pk], held)
    assert lease.renew_once()
    article.refresh_from_db()
    assert article.next_check_at == lease.held_until > held
    # The check scheduled its next run: the lease lets go.
    Article.objects.filter(pk=article.pk).update(next_check_at=held + timedelta(hours=1))
    assert not lease.renew_once()
    article.refresh_from_db()
    assert article.next_check_at == held + timedelta(hours=1)


class WorkerKilled(BaseException):
    """What a kill -9 leaves: the job stops where it is, nothing after it runs."""


def test_a_check_killed_mid_run_is_due_again_within_the_run_lease(track, settings, monkeypatch):
    settings.NEWSDIFFS_RUN_LEASE_SECONDS = 30
    article = track("harbour-bridge-closure")
    claim = article.next_check_at

    def killed(article_id, fetcher, now=None, **kwargs):
        raise WorkerKilled

    monkeypatch.setattr(batch, "check_article", killed)
    with pytest.raises(WorkerKilled):
        jobs.run_check(article.pk, claim)
    now = timezone.now()
    article.refresh_from_db()
    assert now < article.next_check_at <= now + timedelta(seconds=30)
    assert not Article.objects.due(now).exists()
    monkeypatch.setattr(jobs, "enqueue", lambda func, *args: None)
    _, checks = jobs.tick(now + timedelta(seconds=31))
    assert checks == 1


def test_a_claim_lost_with_its_queue_is_claimed_again_after_the_queue_lease(
    quiet_source, monkeypatch, settings
):
    settings.NEWSDIFFS_QUEUE_LEASE_SECONDS = 300
    monkeypatch.setattr(jobs, "enqueue", lambda func, *args: None)  # the queue loses them
    Article.objects.create(source=quiet_source, url="https://q.example/a", next_check_at=NOW)
    assert jobs.tick(NOW) == (0, 1)
    assert jobs.tick(NOW + timedelta(seconds=299)) == (0, 0)
    assert jobs.tick(NOW + timedelta(seconds=301)) == (0, 1)
