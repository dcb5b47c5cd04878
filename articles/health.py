"""The archive's health for monitors: `/healthz`.

Each part reports a status of "ok", "failing" or "not applicable"; the
endpoint answers 200 when nothing fails and 503 with the reasons otherwise.
Without REDIS_URL the jobs run in-process, so Redis and the queues are not
applicable rather than failing.
"""

import redis
from django.conf import settings
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from rq import Queue

from articles.models import Heartbeat

OK = "ok"
FAILING = "failing"
NOT_APPLICABLE = "not applicable"
SCHEDULER = "scheduler"


def database_health():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as error:
        return {"status": FAILING, "reason": f"database unreachable: {error}"}
    return {"status": OK}


def _redis_connection(url):
    timeout = settings.NEWSDIFFS_HEALTH_REDIS_TIMEOUT
    return redis.Redis.from_url(url, socket_connect_timeout=timeout, socket_timeout=timeout)


def redis_and_queue_health(url):
    """Ping Redis, then read each RQ queue's depth and failed-job count."""
    if not url:
        return (
            {"status": NOT_APPLICABLE, "reason": "REDIS_URL is not set: jobs run in-process"},
            {"status": NOT_APPLICABLE},
        )
    conn = _redis_connection(url)
    try:
        conn.ping()
        queues = {}
        for name in settings.RQ_QUEUES:
            queue = Queue(name, connection=conn)
            queues[name] = {"queued": queue.count, "failed": queue.failed_job_registry.count}
    except redis.RedisError as error:
        failure = {"status": FAILING, "reason": f"Redis unreachable: {error}"}
        return failure, {"status": FAILING, "reason": "queues unreadable while Redis is down"}
    finally:
        conn.close()
    return {"status": OK}, _judge_queues(queues)


def _judge_queues(queues):
    limit = settings.NEWSDIFFS_HEALTH_MAX_QUEUED
    backlogged = [name for name, counts in queues.items() if counts["queued"] > limit]
    report = {
        "status": OK,
        "queues": queues,
        "failed_jobs": sum(counts["failed"] for counts in queues.values()),
    }
    if backlogged:
        report["status"] = FAILING
        report["reason"] = f"more than {limit} jobs waiting in {', '.join(backlogged)}"
    return report


def scheduler_health(now):
    limit = settings.NEWSDIFFS_HEALTH_SCHEDULER_MAX_AGE_SECONDS
    age = Heartbeat.age(SCHEDULER, now=now)
    if age is None:
        return {"status": FAILING, "reason": "the scheduler has never ticked", "age_seconds": None}
    seconds = round(age.total_seconds(), 1)
    report = {"status": OK, "age_seconds": seconds, "max_age_seconds": limit}
    if seconds > limit:
        report["status"] = FAILING
        report["reason"] = f"the scheduler last ticked {seconds:.0f} s ago (limit {limit} s)"
    return report


def archive_health(now=None):
    """Every part's report and the overall status, as a JSON-ready dict."""
    now = now or timezone.now()
    parts = {"database": database_health()}
    if parts["database"]["status"] == OK:
        parts["scheduler"] = scheduler_health(now)
    else:
        parts["scheduler"] = {"status": FAILING, "reason": "unknown while the database is down"}
    parts["redis"], parts["queues"] = redis_and_queue_health(settings.REDIS_URL)
    reasons = [part["reason"] for part in parts.values() if part["status"] == FAILING]
    return {
        "status": FAILING if reasons else OK,
        "reasons": reasons,
        "checked_at": now.isoformat(),
        **parts,
    }


@never_cache
@require_GET
def healthz(request):
    report = archive_health()
    return JsonResponse(report, status=503 if report["reasons"] else 200)
