"""/healthz: database, Redis, scheduler age, queue depths; 200 or 503 with reasons."""

import os
import socket
from datetime import timedelta
from urllib.parse import urlsplit, urlunsplit

import pytest
import redis
from django.utils import timezone
from rq import Queue

from articles.health import archive_health
from articles.models import Heartbeat


def redis_test_url():
    """A Redis database of these tests' own (13) on REDIS_URL's server, or the local one."""
    server = urlsplit(os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0")
    return urlunsplit(server._replace(path="/13"))


def require_redis(url):
    """Skip without a Redis server, unless REDIS_URL promised one (as CI does)."""
    conn = redis.Redis.from_url(url, socket_connect_timeout=2)
    try:
        conn.ping()
    except redis.RedisError as error:
        conn.close()
        if os.environ.get("REDIS_URL"):
            pytest.fail(f"REDIS_URL is set but {url} does not answer: {error}")
        pytest.skip(f"no Redis server at {url} (set REDIS_URL)")
    return conn


def _unused_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def embedded(settings):
    settings.REDIS_URL = ""


@pytest.fixture
def redis_queue(settings):
    """A real Redis database of its own, emptied before and after."""
    settings.REDIS_URL = redis_test_url()
    conn = require_redis(settings.REDIS_URL)
    conn.flushdb()
    yield Queue("default", connection=conn)
    conn.flushdb()
    conn.close()


@pytest.mark.django_db
def test_healthy_embedded_archive_answers_200_with_redis_not_applicable(client, embedded):
    Heartbeat.beat("scheduler")

    response = client.get("/healthz")

    assert response.status_code == 200
    report = response.json()
    assert report["status"] == "ok"
    assert report["reasons"] == []
    assert report["database"]["status"] == "ok"
    assert report["redis"]["status"] == "not applicable"
    assert report["queues"]["status"] == "not applicable"
    assert report["scheduler"]["status"] == "ok"
    assert response["Cache-Control"].startswith("max-age=0")


@pytest.mark.django_db
@pytest.mark.redis
def test_healthy_archive_with_redis_reports_queue_depths_and_failed_jobs(client, redis_queue):
    Heartbeat.beat("scheduler")
    redis_queue.enqueue("os.getcwd")

    response = client.get("/healthz")

    assert response.status_code == 200
    report = response.json()
    assert report["redis"]["status"] == "ok"
    assert report["queues"]["queues"] == {"default": {"queued": 1, "failed": 0}}
    assert report["queues"]["failed_jobs"] == 0


@pytest.mark.django_db
@pytest.mark.redis
def test_backlogged_queue_is_unhealthy(client, redis_queue, settings):
    settings.NEWSDIFFS_HEALTH_MAX_QUEUED = 1
    Heartbeat.beat("scheduler")
    redis_queue.enqueue("os.getcwd")
    redis_queue.enqueue("os.getcwd")

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["reasons"] == ["more than 1 jobs waiting in default"]


@pytest.mark.django_db
def test_redis_down_answers_503_with_the_reason(client, settings):
    settings.REDIS_URL = f"redis://127.0.0.1:{_unused_port()}/0"
    Heartbeat.beat("scheduler")

    response = client.get("/healthz")

    assert response.status_code == 503
    report = response.json()
    assert report["status"] == "failing"
    assert report["redis"]["status"] == "failing"
    assert report["redis"]["reason"].startswith("Redis unreachable:")
    assert report["database"]["status"] == "ok"
    assert any(reason.startswith("Redis unreachable") for reason in report["reasons"])


@pytest.mark.django_db
def test_stale_scheduler_answers_503_saying_how_old_the_last_tick_is(client, embedded, settings):
    settings.NEWSDIFFS_HEALTH_SCHEDULER_MAX_AGE_SECONDS = 300
    Heartbeat.beat("scheduler", now=timezone.now() - timedelta(minutes=20))

    response = client.get("/healthz")

    assert response.status_code == 503
    report = response.json()
    assert report["scheduler"]["status"] == "failing"
    assert report["scheduler"]["age_seconds"] >= 1200
    assert report["reasons"] == [report["scheduler"]["reason"]]
    assert "limit 300 s" in report["reasons"][0]


@pytest.mark.django_db
def test_scheduler_that_never_ticked_is_unhealthy(client, embedded):
    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["reasons"] == ["the scheduler has never ticked"]


@pytest.mark.django_db
def test_scheduler_age_is_measured_from_the_given_time(embedded, settings):
    settings.NEWSDIFFS_HEALTH_SCHEDULER_MAX_AGE_SECONDS = 60
    beat_at = timezone.now()
    Heartbeat.beat("scheduler", now=beat_at)

    fresh = archive_health(now=beat_at + timedelta(seconds=59))
    stale = archive_health(now=beat_at + timedelta(seconds=61))

    assert fresh["scheduler"] == {"status": "ok", "age_seconds": 59.0, "max_age_seconds": 60}
    assert stale["scheduler"]["status"] == "failing"
