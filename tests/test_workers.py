"""Real concurrency: two workers on one article, and jobs through Redis and RQ."""

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection, connections

from articles.checking.check import check_article
from articles.fetching import Fetcher
from articles.models import Article, Check

SLUG = "harbour-bridge-closure"
ROOT = Path(__file__).resolve().parent.parent


def _in_thread(article_id, outcomes):
    try:
        outcomes.append(check_article(article_id, Fetcher()).outcome)
    finally:
        connections.close_all()


@pytest.mark.django_db(transaction=True)
def test_two_workers_checking_one_change_store_it_once(track, newsroom):
    article = track(SLUG)
    check_article(article.pk, Fetcher())
    story = newsroom.story(SLUG)
    newsroom.edit(SLUG, paragraphs=[*story.paragraphs, "A late paragraph both workers see."])
    newsroom.conditional_get = False
    # The site answers once both fetches are in flight; a timeout breaks the barrier
    # (a fetch then fails) rather than hanging the test.
    newsroom.article_barrier = threading.Barrier(2, timeout=30)
    outcomes = []
    workers = [threading.Thread(target=_in_thread, args=(article.pk, outcomes)) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    assert sorted(outcomes) == sorted([Check.Outcome.NEW_VERSION, Check.Outcome.UNCHANGED])
    assert list(article.versions.values_list("number", flat=True)) == [1, 2]
    article.refresh_from_db()
    assert article.version_count == 2


def _test_database_url():
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


REDIS_URL = os.environ.get("REDIS_URL", "")
needs_redis = pytest.mark.skipif(not REDIS_URL, reason="REDIS_URL is not set (CI sets it)")


@pytest.fixture
def redis_queue(settings):
    import django_rq

    settings.REDIS_URL = REDIS_URL
    queue = django_rq.get_queue("default")
    queue.connection.flushdb()
    yield queue
    queue.connection.flushdb()


def _run_workers(count):
    env = {
        **os.environ,
        "DATABASE_URL": _test_database_url(),
        "REDIS_URL": REDIS_URL,
        "NEWSDIFFS_ALLOW_PRIVATE_URLS": "1",
        "NEWSDIFFS_HOST_DELAY": "0",
        "NEWSDIFFS_VAR_DIR": str(django_settings.VAR_DIR),
    }
    command = [sys.executable, str(ROOT / "manage.py"), "rqworker", "default", "--burst"]
    workers = [
        subprocess.Popen(
            command, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
        )
        for _ in range(count)
    ]
    logs = [worker.communicate(timeout=120)[0].decode() for worker in workers]
    assert all(worker.returncode == 0 for worker in workers), logs
    return logs


@needs_redis
@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_tick_and_checks_run_through_redis_and_rq_workers(courier, newsroom, redis_queue):
    from articles import jobs

    jobs.tick()  # enqueues discovery of the source on Redis
    assert redis_queue.count == 1
    _run_workers(1)
    assert Article.objects.count() == 4
    jobs.tick()  # the new articles are due: one job checks the four
    assert redis_queue.count == 1
    _run_workers(2)
    assert sorted(Article.objects.values_list("version_count", flat=True)) == [1, 1, 1, 1]
    assert redis_queue.failed_job_registry.count == 0


@needs_redis
@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_two_rq_workers_with_the_same_check_store_one_version(track, newsroom, redis_queue):
    from articles import jobs

    article = track(SLUG)
    check_article(article.pk, Fetcher())
    story = newsroom.story(SLUG)
    newsroom.edit(SLUG, paragraphs=[*story.paragraphs, "Seen by two workers at once."])
    newsroom.conditional_get = False
    newsroom.article_barrier = threading.Barrier(2, timeout=30)  # both workers fetch at once
    redis_queue.enqueue(jobs.run_check, article.pk)
    redis_queue.enqueue(jobs.run_check, article.pk)
    _run_workers(2)
    assert list(article.versions.values_list("number", flat=True)) == [1, 2]
    outcomes = list(Check.objects.filter(article=article).values_list("outcome", flat=True))
    assert sorted(outcomes) == sorted(["new_version", "new_version", "unchanged"])


@needs_redis
@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_an_rq_worker_stops_a_slow_extraction_at_its_time_bound(
    track, newsroom, redis_queue, monkeypatch
):
    from articles import jobs

    monkeypatch.setenv("NEWSDIFFS_EXTRACTION_SECONDS", "0.5")
    article = track(SLUG)
    paragraph = "<div><p>Some words in a paragraph of the story, and a few more.</p></div>"
    newsroom.answer(
        newsroom.story(SLUG).path,
        body=f"<html><body><article>{paragraph * 10_000}</article></body></html>",
        headers={"Content-Type": "text/html; charset=utf-8"},
    )
    redis_queue.enqueue(jobs.run_check, article.pk)
    _run_workers(1)
    check = Check.objects.get(article=article)
    assert check.outcome == Check.Outcome.TOO_COMPLEX
    assert "took longer than 0.5 s" in check.message
    assert redis_queue.failed_job_registry.count == 0


def _tick_in_thread(now, claimed):
    from articles import jobs

    try:
        claimed.append(
            jobs._claim(Article.objects.due(now), "next_check_at", "next_check_at", now, 500)[0]
        )
    finally:
        connections.close_all()


@pytest.mark.django_db(transaction=True)
def test_two_schedulers_at_once_never_claim_one_article_twice(courier):
    from django.utils import timezone

    now = timezone.now()
    Article.objects.bulk_create(
        Article(
            source=courier,
            url=f"https://x.example/{i}",
            url_key=f"x.example/{i}",
            next_check_at=now,
        )
        for i in range(1000)
    )
    for _ in range(3):
        Article.objects.update(next_check_at=now)
        claimed = []
        schedulers = [
            threading.Thread(target=_tick_in_thread, args=(now, claimed)) for _ in range(2)
        ]
        for scheduler in schedulers:
            scheduler.start()
        for scheduler in schedulers:
            scheduler.join(timeout=60)
        ids = claimed[0] + claimed[1]
        assert len(ids) == len(set(ids)) == 1000


@needs_redis
@pytest.mark.redis
@pytest.mark.django_db
def test_jobs_on_redis_are_tried_again_after_a_failure(
    redis_queue, django_capture_on_commit_callbacks
):
    from articles import jobs
    from newsdiffs import queues

    with django_capture_on_commit_callbacks(execute=True):
        queues.enqueue(jobs.run_check, 42, None)
    (job,) = redis_queue.get_jobs()
    assert job.func_name == "articles.jobs.run_check"
    assert job.retries_left == len(queues.RETRY_INTERVALS) == 3
    assert job.retry_intervals == [10, 60, 300]
